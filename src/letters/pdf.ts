import { createHash } from 'node:crypto';
import { PdfBudgetError, PdfWorkerPool } from './pdf/pool.js';

export { PdfBudgetError };

/**
 * A stored letter's HTML (views/letters) as an A4 PDF for print and for e-mail attachments: pure
 * JavaScript (htmlparser2 reads the HTML, nothing in it is executed; pdfmake lays it out) with the
 * Roboto fonts embedded, so it needs no browser and no system fonts. The output is deterministic: the
 * same HTML gives the same bytes (the PDF's creation date is the letter's date), so a stored PDF's
 * hash stays stable. Letters are immutable, so the last few PDFs are kept by the HTML's hash: the
 * print queue and the e-mail job asking for the same letter lay it out once (~100 ms of CPU).
 *
 * The layout runs in a pool of worker threads with a time budget (pdf/pool.ts) and only for HTML up to
 * MAX_PDF_HTML characters, so no letter holds up the server (issue 10 #8).
 */
export async function renderPdf(html: string): Promise<Buffer> {
  if (html.length > MAX_PDF_HTML) {
    throw new PdfBudgetError(`the letter is too long to lay out as PDF (${html.length} characters of HTML; at most ${MAX_PDF_HTML})`);
  }
  const key = createHash('sha256').update(html, 'utf8').digest('hex');
  let pdf = recent.get(key);
  if (pdf) {
    recent.delete(key);
  } else {
    pdf = pdfPool().render(html);
    pdf.catch(() => recent.delete(key));
  }
  recent.set(key, pdf);
  while (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return Buffer.from(await pdf);
}

/** Longest letter HTML laid out (the longest real letter, a 20,000-character reasoning, is ~30 kB). */
export const MAX_PDF_HTML = 500_000;

const RECENT = 32;
const recent = new Map<string, Promise<Buffer>>();

let pool: PdfWorkerPool | null = null;

/** The process's PDF threads, started with the first letter printed. */
export function pdfPool(): PdfWorkerPool {
  pool ??= new PdfWorkerPool();
  return pool;
}
