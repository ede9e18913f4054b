import { execFileSync, spawnSync } from 'node:child_process';
import { SUBJECT_LINES } from '../../../src/letters/subjectLines.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { renderPdf } from '../../../src/letters/pdf.js';
import { parseLetterHtml } from '../../../src/letters/pdf/html.js';
import { LETTER_KINDS, LetterRenderer } from '../../../src/letters/render.js';
import type { LetterKind } from '../../../src/persistence/entities/index.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

/**
 * The PDF of every letter kind, rendered from views/letters with a model shaped like the one
 * src/requests/letters.ts builds, read back with poppler's pdftotext: Slovenian letters must come out
 * with č, š, ž intact. poppler-utils is required (CI installs it); without it these tests fail.
 */

const POPPLER_HINT = 'poppler-utils is not installed: run `apt-get install -y poppler-utils` (pdftotext, pdfinfo, pdffonts) to run the PDF tests';

function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts', args: string[], pdf: Buffer): string {
  const probe = spawnSync(tool, ['-v'], { encoding: 'utf8' });
  if (probe.error) throw new Error(`${tool} not found. ${POPPLER_HINT}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letter-pdf-'));
  try {
    const file = path.join(dir, 'letter.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext -layout, whitespace collapsed so that wrapped lines read as one sentence. */
const pdfText = (pdf: Buffer) => poppler('pdftotext', ['-layout', '-enc', 'UTF-8'], pdf).replace(/\s+/g, ' ');


const CASE = '0072-14/2026';

/** The model src/requests/letters.ts builds, for a paper request of Živa Čuček Šušteršič. */
function model(kind: LetterKind, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind, caseNumber: CASE, documentNumber: `${CASE}-2`, dateText: '5. 3. 2026', subjectLine: `${SUBJECT_LINES[kind]} — zadeva ${CASE}`,
    recipient: { name: 'Živa Čuček Šušteršič', address: 'Ščitarjevo 3, 1000 Ljubljana', email: '' },
    subjectName: 'Živa Čuček Šušteršič',
    rightsText: 'dostop do osebnih podatkov (15. člen Splošne uredbe); popravek ali dopolnitev (16. člen)',
    receivedText: '2. 3. 2026', filedText: '2. 3. 2026', channelText: 'poslano po pošti',
    decisionDueText: '2. 4. 2026', remedyDueText: '13. 3. 2026', remedyRequestSentText: '5. 3. 2026', remedyRequestDeliveredText: '6. 3. 2026', originalDueText: '2. 4. 2026',
    missing: ['davčna številka ali EMŠO', 'lastnoročni podpis zahteve', 'naslov za vročanje odgovora'],
    outcomeText: 'Zahtevi se delno ugodi.', refused: true,
    reasoning: 'Iz zbirk Zavoda izhaja, da bi razkritje podatkov razkrilo podatke o zdravljenju mladoletne osebe, katere interes po presoji pooblaščene osebe prevlada nad interesom zakonitega zastopnika.',
    groundsText: ['uresničitev bi prizadela koristi mladoletnih ali drugih zakonsko zaščitenih oseb, ki pretehtajo (15. člen Navodila)'],
    feeText: 'Za posredovanje zaračunavamo pristojbino 12,50 EUR (16. člen Navodila). Pri plačilu navedite referenco SI00 0072-14-2026.',
    extension: { months: 2, monthsText: 'dva meseca', reasons: 'zahteva zajema podatke iz več zbirk in območnih enot; število zahtev v marcu je izjemno veliko.' },
    clarificationReceivedText: '10. 3. 2026', answer: 'Izpis zajema vse podatke o vašem zavarovanju od leta 2015; podatkov o ambulantnih obravnavah Zavod ne vodi, vodi jih vaš izbrani zdravnik.',
    actionText: 'popravek',
    recipients: [
      { name: 'Zdravstveni dom Ljubljana Šiška', notifiedOnText: '6. 3. 2026' },
      { name: 'Nacionalni inštitut za javno zdravje', impossibleReason: 'podatki so bili razkriti le v zbirni, anonimizirani obliki' },
    ],
    signatory: 'Pooblaščena oseba za varstvo osebnih podatkov',
    ...over,
  };
}

/** What each kind must say, as printed; č, š and ž included. */
const SENTENCES: Record<LetterKind, string[]> = {
  acknowledgement: ['potrjujemo, da smo dne 2. 3. 2026 prejeli vašo zahtevo v zvezi z vašimi osebnimi podatki', `Zadevo vodimo pod številko ${CASE}`, '42. člen Uredbe o upravnem poslovanju'],
  remedy_request: ['Da bi jo lahko obravnavali, potrebujemo še naslednje:', 'davčna številka ali EMŠO', 'lastnoročni podpis zahteve', 'najpozneje do 13. 3. 2026', 'Miklošičevi cesti 24 v Ljubljani'],
  // Issue 16 #1: the dismissal is a sklep (no salutation), with the day the request for remedy was received.
  dismissal: ['SKLEP', 'se zavrže.', 'Poziv ste prejeli 6. 3. 2026.', 'Do izteka roka dopolnitve nismo prejeli', 'naslov za vročanje odgovora', 'Pravni pouk:', 'pri Informacijskem pooblaščencu, Dunajska cesta 22, 1000 Ljubljana'],
  extension_notice: ['Rok za odločitev podaljšujemo za dva meseca, do 2. 4. 2026', 'Razlogi za podaljšanje: zahteva zajema podatke iz več zbirk in območnih enot', 'Pravni pouk:', 'pri Informacijskem pooblaščencu', 'pritožbo zaradi molka'],
  decision: ['Zahtevi se delno ugodi.', 'Obrazložitev', 'po presoji pooblaščene osebe prevlada nad interesom zakonitega zastopnika', 'Razlogi za zavrnitev in njihova pravna podlaga:', 'zakonsko zaščitenih oseb', 'pristojbino 12,50 EUR', 'v 8 dneh od prejema', 'Pravni pouk:', 'pri Informacijskem pooblaščencu'],
  clarification_answer: ['10. 3. 2026 smo prejeli vašo zahtevo za pojasnilo', 'Pojasnjujemo:', 'vodi jih vaš izbrani zdravnik', 'Pravni pouk:', 'pritožbo pri Informacijskem pooblaščencu'],
  recipient_notification: ['smo na vašo zahtevo izvedli popravek vaših osebnih podatkov', 'Zdravstveni dom Ljubljana Šiška, obveščen 6. 3. 2026', 'Nacionalni inštitut za javno zdravje — obvestilo ni bilo mogoče'],
};

describe('Unit: letters as A4 PDF (issue 6, paper out)', () => {
  const renderer = new LetterRenderer(path.join(PROJECT_ROOT, 'views', 'letters'));
  const html = (kind: LetterKind, over: Record<string, unknown> = {}) => renderer.render(kind, model(kind, over)).html;

  for (const kind of LETTER_KINDS) {
    it(`${kind}: an A4 PDF whose text has the letterhead, the Slovenian sentences with č, š, ž, the signature and "stran 1 od 1"`, async () => {
      const pdf = await renderPdf(html(kind));
      expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
      const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1].trim().split(/\s+/).map(Number));
      expect(boxes, 'a MediaBox per page').to.have.length.greaterThan(0);
      for (const box of boxes) expect(box).to.deep.equal([0, 0, 595.28, 841.89]);
      const text = pdfText(pdf);
      expect(text).to.not.include('\uFFFD');
      for (const s of [
        'Zavod za zdravstveno zavarovanje Slovenije', 'Miklošičeva cesta 24, 1507 Ljubljana',
        'Živa Čuček Šušteršič', 'Ščitarjevo 3', '1000 Ljubljana', `Številka: ${CASE}-2`, 'Datum: 5. 3. 2026',
        `${SUBJECT_LINES[kind]} — zadeva ${CASE}`, ...(kind === 'dismissal' ? [] : ['Spoštovani,']), ...SENTENCES[kind],
        'Lep pozdrav,', 'Pooblaščena oseba za varstvo osebnih podatkov', 'Kontaktni center ZZZS', 'stran 1 od 1',
      ]) expect(text, `${kind}: "${s}"`).to.include(s);
    });
  }

  it('embeds every font it uses (nothing depends on the fonts of the machine that opens or prints it)', async () => {
    const fonts = poppler('pdffonts', [], await renderPdf(html('decision'))).trim().split('\n').slice(2);
    expect(fonts.length, 'regular and bold').to.be.at.least(2);
    for (const row of fonts) expect(row, row).to.match(/Roboto.*\byes\s+yes\s+yes\b/);
    expect(fonts.some((r) => /Roboto-Medium/.test(r)), 'bold runs in the bold face').to.equal(true);
  });

  it('carries the subject line as title, ZZZS as author, the letter\'s date as creation date and language sl', async () => {
    const pdf = await renderPdf(html('decision'));
    const info = poppler('pdfinfo', ['-isodates'], pdf);
    expect(info).to.match(new RegExp(`^Title:\\s+Odločitev o zahtevi — zadeva ${CASE}$`, 'm'));
    expect(info).to.match(/^Author:\s+ZZZS$/m);
    expect(info).to.match(/^CreationDate:\s+2026-03-05T12:00:00(Z|\+00)/m);
    expect(info).to.match(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    expect(pdf.toString('latin1')).to.include('/Lang (sl)');
  });

  it('is deterministic: the same letter gives the same bytes, so a stored PDF\'s hash is stable', async () => {
    const a = await renderPdf(html('dismissal'));
    await new Promise((r) => setTimeout(r, 1100)); // a clock-based timestamp would now differ
    const b = await renderPdf(`${html('dismissal')}\n<!-- a different string, the same letter -->`);
    expect(b.equals(a)).to.equal(true);
  });

  it('a long letter runs onto a second page: "stran 1 od 2", "stran 2 od 2", and the signature still there', async () => {
    const reasoning = Array.from({ length: 14 }, (_, i) => `${i + 1}. Zavod je preveril zbirke in ugotovil, da se podatki o zdravljenju v tujini in o povračilih stroškov vodijo ločeno; za vsako zbirko smo presodili, ali razkritje posega v pravice tretjih oseb.`).join(' ');
    const text = pdfText(await renderPdf(html('decision', { reasoning })));
    expect(text).to.include('stran 1 od 2').and.include('stran 2 od 2').and.include('14. Zavod je preveril').and.include('Pooblaščena oseba za varstvo osebnih podatkov');
  });

  it('prints what the person wrote as text: markup in the model is neither interpreted nor lost', async () => {
    const text = pdfText(await renderPdf(html('clarification_answer', { answer: 'Navedli ste "<b>Čuček</b> & <script>alert(1)</script>".' })));
    expect(text).to.include('Navedli ste "<b>Čuček</b> & <script>alert(1)</script>".');
  });

  it('reads any letter HTML it is given: scripts and styles are dropped, bold and lists kept, <br> splits lines', async () => {
    const doc = parseLetterHtml('<html lang="sl"><head><title>T — š</title><style>p{}</style><script>x()</script></head><body><p>Prvi <strong>krepko</strong>\n  drugi<br>tretji</p><ul><li>a</li><li><em>b</em></li></ul><div class="legal"><p>Pravni pouk</p></div></body></html>');
    expect(doc.title).to.equal('T — š');
    expect(doc.lang).to.equal('sl');
    expect(doc.blocks).to.deep.equal([
      { kind: 'paragraph', runs: [{ text: 'Prvi ' }, { text: 'krepko', bold: true }, { text: ' drugi' }, { text: '\n' }, { text: 'tretji' }] },
      { kind: 'list', ordered: false, items: [[{ kind: 'paragraph', runs: [{ text: 'a' }] }], [{ kind: 'paragraph', runs: [{ text: 'b', italics: true }] }]] },
      { kind: 'legal', blocks: [{ kind: 'paragraph', runs: [{ text: 'Pravni pouk' }] }] },
    ]);
    const pdf = await renderPdf('<p>Brez glave: <script>document.write("x")</script>č, š, ž</p>');
    expect(pdfText(pdf)).to.include('Brez glave: č, š, ž').and.not.include('document.write');
  });
});
