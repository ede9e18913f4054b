import { documentDefinition } from './document.js';
import { parseLetterHtml } from './html.js';
import { printPdf } from './print.js';

let laidOut = 0;

/** How many letters this thread has laid out: the main thread of a server lays out none (issue 10 #8). */
export const layoutsInThisThread = (): number => laidOut;

/** A letter's HTML laid out as a PDF, in this thread (the worker pool's workers run this). */
export function layOutPdf(html: string): Promise<Buffer> {
  laidOut++;
  return printPdf(documentDefinition(parseLetterHtml(html)));
}
