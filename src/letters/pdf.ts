import { createHash } from 'node:crypto';
import { documentDefinition } from './pdf/document.js';
import { parseLetterHtml } from './pdf/html.js';
import { printPdf } from './pdf/print.js';

/**
 * A stored letter's HTML (views/letters) as an A4 PDF for print and for e-mail attachments: pure
 * JavaScript (htmlparser2 reads the HTML, nothing in it is executed; pdfmake lays it out) with the
 * Roboto fonts embedded, so it needs no browser and no system fonts. The output is deterministic: the
 * same HTML gives the same bytes (the PDF's creation date is the letter's date), so a stored PDF's
 * hash stays stable. Letters are immutable, so the last few PDFs are kept by the HTML's hash: the
 * print queue and the e-mail job asking for the same letter lay it out once (~100 ms of CPU).
 */
export async function renderPdf(html: string): Promise<Buffer> {
  const key = createHash('sha256').update(html, 'utf8').digest('hex');
  let pdf = recent.get(key);
  if (pdf) {
    recent.delete(key);
  } else {
    pdf = printPdf(documentDefinition(parseLetterHtml(html)));
    pdf.catch(() => recent.delete(key));
  }
  recent.set(key, pdf);
  while (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return Buffer.from(await pdf);
}

const RECENT = 32;
const recent = new Map<string, Promise<Buffer>>();
