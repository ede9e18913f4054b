import PdfPrinter, { type DocumentDefinition } from 'pdfmake/src/printer.js';
import { letterFonts } from './fonts.js';

/** Lay out and write a document definition with pdfmake's server-side printer; the whole file as one Buffer. */
export async function printPdf(definition: DocumentDefinition): Promise<Buffer> {
  const printer = new PdfPrinter(await letterFonts());
  const doc = printer.createPdfKitDocument(definition);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
