import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MAX_PDF_HTML, PdfBudgetError, renderPdf } from '../../../src/letters/pdf.js';
import { breakLongWords } from '../../../src/letters/pdf/document.js';
import { layOutPdf, layoutsInThisThread } from '../../../src/letters/pdf/layOut.js';
import { PdfWorkerPool } from '../../../src/letters/pdf/pool.js';
import { LetterRenderer } from '../../../src/letters/render.js';
import { sampleModel } from '../../../src/letters/templates.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

/** pdftotext -layout of a PDF (poppler-utils is required, as for the other PDF tests). */
function pdfText(pdf: Buffer): string {
  if (spawnSync('pdftotext', ['-v']).error) throw new Error('pdftotext not found: run `apt-get install -y poppler-utils` to run the PDF tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letter-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'letter.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A 20,000-character word whose order can be checked: "Ž00000č" "Ž00001č" … without a space. */
const WORD = Array.from({ length: 20_000 / 7 + 1 }, (_, i) => `Ž${String(i).padStart(5, '0')}č`).join('').slice(0, 20_000);

/** How often the event loop came round while `work` ran (setImmediate, so any blocking stops it). */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    ticks++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), ticks };
  } finally {
    running = false;
  }
}

describe('Issue 10 #8: one letter cannot freeze the server (PDF in worker threads, long words wrapped, budgets)', function () {
  this.timeout(60_000);
  const renderer = new LetterRenderer(path.join(PROJECT_ROOT, 'views', 'letters'));
  const html = renderer.render('decision', { ...sampleModel('decision'), reasoning: WORD }).html;

  it('a reasoning of one 20,000-character word: the PDF is made while the event loop keeps turning, the word is wrapped over lines and pages and all there', async () => {
    expect(WORD).to.have.length(20_000);
    const before = layoutsInThisThread();
    const { result: pdf, ticks } = await ticksDuring(() => renderPdf(html));
    expect(layoutsInThisThread(), 'no layout on this thread').to.equal(before);
    // Laid out on this thread, the loop turned only between the chunks of the written file (~1,500
    // times here); while a worker lays it out, the loop turns freely (hundreds of thousands of times).
    expect(ticks, 'event-loop turns during the render').to.be.greaterThan(10_000);
    const text = pdfText(pdf);
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => l.length)), 'no line runs off the page').to.be.lessThan(140);
    expect(text).to.match(/stran 1 od [2-9]/);
    // The word's lines, page after page (between them each page's footer), read back as one word.
    const wordLines = lines.map((l) => l.replace(/[\s\u200b]/g, '')).filter((l) => /^[Ž0-9č]+$/.test(l));
    expect(wordLines.length, 'wrapped over many lines').to.be.greaterThan(200);
    expect(wordLines.join('') === WORD, 'the whole word, in order').to.equal(true);
    expect(text).to.include('Zahtevi se delno ugodi.').and.include('Pravni pouk:');
  });

  it('the worker\'s PDF is byte for byte the one laid out in this thread (deterministic, fonts embedded as before)', async () => {
    const letter = renderer.render('acknowledgement', sampleModel('acknowledgement')).html;
    const [inWorker, here] = [await renderPdf(letter), await layOutPdf(letter)];
    expect(inWorker.equals(here)).to.equal(true);
    expect(inWorker.toString('latin1')).to.match(/\/FontFile2/).and.match(/Roboto/);
  });

  it('long words get a zero-width break every 24 characters; ordinary words, hyphenated words and accents are left alone', () => {
    expect(breakLongWords('Spoštovani, zahteva je ugodena.')).to.equal('Spoštovani, zahteva je ugodena.');
    const long = 'č'.repeat(50);
    expect(breakLongWords(long)).to.equal(`${'č'.repeat(24)}\u200b${'č'.repeat(24)}\u200b${'č'.repeat(2)}`);
    const hyphenated = `${'a'.repeat(30)}-${'b'.repeat(30)}`;
    expect(breakLongWords(hyphenated)).to.equal(hyphenated);
    // A combining mark stays with its letter.
    const combining = 'c\u030c'.repeat(30);
    expect(breakLongWords(combining).split('\u200b')[0]).to.equal('c\u030c'.repeat(24));
  });

  it('a layout over its time budget is stopped and fails with a clear error; the pool is no bigger than the machine', async () => {
    const pool = new PdfWorkerPool({ size: 1000, timeBudgetMs: 1 });
    try {
      expect(pool.size).to.be.at.most(os.availableParallelism()).and.at.least(1);
      const failed = await pool.render(html).then(() => null, (e: unknown) => e);
      expect(failed).to.be.instanceOf(PdfBudgetError);
      expect((failed as PdfBudgetError).code).to.equal('pdf_over_budget');
      expect((failed as Error).message).to.match(/longer than its budget of 1 ms/);
      expect(pool.threads, 'the stopped thread is gone').to.equal(0);
    } finally {
      await pool.close();
    }
  });

  it('HTML over the size budget is refused before any layout', async () => {
    const failed = await renderPdf(`<p>${'x '.repeat(MAX_PDF_HTML / 2 + 1)}</p>`).then(() => null, (e: unknown) => e);
    expect(failed).to.be.instanceOf(PdfBudgetError);
    expect((failed as Error).message).to.match(/too long to lay out as PDF/);
  });
});
