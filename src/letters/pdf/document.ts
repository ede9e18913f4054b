import type { Content, ContentNode, DocumentDefinition, TableLayout } from 'pdfmake/src/printer.js';
import { FONT_FAMILY } from './fonts.js';
import { lines, type Block, type LetterDocument, type Run } from './html.js';

/**
 * The printed form of a letter: A4 portrait, 2.5 cm margins, the sender's block top left and the
 * recipient's address where the window of a DL envelope with a right window shows it (about 105 mm
 * from the left and 50 mm from the top edge of the sheet folded in three), then number and date,
 * title, body (paragraphs, bold runs, lists), the legal instruction set apart on a tinted panel with a
 * rule above, and the signature kept in one piece; every page's footer has the contact line of the
 * signature, the document number and "stran X od Y". Sizes are in PostScript points (1/72 inch).
 */

export const MM = 72 / 25.4;
/** A4 in PostScript points, as pdfmake's 'A4' (595.28 × 841.89). */
export const A4 = { width: 595.28, height: 841.89 } as const;
export const MARGIN = 25 * MM;

/** Where the recipient's address starts: a DL window envelope, window on the right (to the right margin). */
const WINDOW = { left: 105 * MM, top: 50 * MM, width: A4.width - MARGIN - 105 * MM };

/** Fixed creation date when the letter carries none, so the same HTML always gives the same bytes. */
export const FALLBACK_DATE = new Date(Date.UTC(2000, 0, 1, 12));

const GREY = '#555555';
const RULE = '#999999';
const CONTENT_WIDTH = A4.width - 2 * MARGIN;

const rule = (margin: [number, number, number, number] = [0, 0, 0, 0]): ContentNode =>
  ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: RULE }], margin });

/**
 * Slovenian typesetting: an ordinal or a day and month stays on the line with what follows it
 * ("16. člen", "2. 3. 2026"): a no-break space after a one- or two-digit number with a period when a
 * lower-case word or a number follows.
 */
const typeset = (s: string) => s.replace(/(?<!\d)(\d{1,2}\.) (?=[\p{Ll}\d])/gu, '$1\u00a0');

/**
 * A word longer than a line is broken, not laid out character by character: pdfmake splits an
 * over-long word one line at a time and measures the whole rest again for each line, so a
 * 20,000-character word took it ~18 s (issue 10 #8). A run of 48 or more characters without a
 * break opportunity gets a zero-width space (U+200B, a glyph of no width in Roboto) after every
 * 24 characters (never before a combining mark), so each piece is measured once and lines fill as usual.
 */
export const LONG_WORD = 48;
const WORD_PIECE = 24;
const longWord = new RegExp(`[^\\s\u200b\\-\u2010-\u2014]{${LONG_WORD},}`, 'gu');
const piece = new RegExp(`(?:\\P{M}\\p{M}*){${WORD_PIECE}}(?=\\P{M})`, 'gu');
export const breakLongWords = (s: string): string => s.replace(longWord, (w) => w.replace(piece, '$&\u200b'));

const text = (runs: Run[]): Content[] => runs.map((r) => {
  const t = breakLongWords(typeset(r.text));
  return r.bold || r.italics ? { text: t, ...(r.bold ? { bold: true } : {}), ...(r.italics ? { italics: true } : {}) } : t;
});

/** Lines joined with explicit breaks, so a letterhead line never runs into the next one. */
const linesText = (ls: Run[][]): Content[] => ls.flatMap((l, i) => [...(i ? ['\n'] : []), ...text(l)]);

/** A postal address "Street 1, 1000 Ljubljana" is printed on two lines, as the post expects it. */
function postalLines(ls: Run[][]): Run[][] {
  return ls.flatMap((l) => {
    if (l.length !== 1 || l[0].bold || l[0].italics) return [l];
    const m = /^(.+?),\s*((?:SI-)?\d{4}\s+\S.*)$/.exec(l[0].text);
    return m ? [[{ text: m[1] }], [{ text: m[2] }]] : [l];
  });
}

const legalLayout: TableLayout = {
  hLineWidth: (i) => (i === 0 ? 0.8 : 0),
  vLineWidth: () => 0,
  hLineColor: () => RULE,
  fillColor: () => '#f3f3f3',
  paddingLeft: () => 8,
  paddingRight: () => 8,
  paddingTop: () => 7,
  paddingBottom: () => 3,
};

function letterhead(b: Extract<Block, { kind: 'letterhead' }>): Content[] {
  const [name, ...rest] = b.sender;
  const sender: Content[] = [];
  if (name) sender.push({ text: text(name), style: 'senderName' });
  if (rest.length) sender.push({ text: linesText(rest), style: 'sender' });
  const out: Content[] = [{
    columns: [
      { width: '*', stack: sender },
      // The recipient's column starts at the window; the sender's block ends above it (its four lines take ~20 mm).
      { width: WINDOW.width, stack: b.recipient.length ? [{ text: linesText(postalLines(b.recipient)), style: 'recipient' }] : [], margin: [0, WINDOW.top - MARGIN, 0, 0] },
    ],
    columnGap: 10,
  }];
  if (b.meta.length) out.push({ text: linesText(b.meta), style: 'meta' });
  return out;
}

function signature(b: Extract<Block, { kind: 'signature' }>): Content[] {
  const [closing, ...signatory] = b.paragraphs;
  const out: Content[] = [];
  const block: Content[] = [];
  if (closing) block.push({ text: text(closing) });
  if (signatory.length) {
    block.push({
      columns: [
        { width: '*', text: '' },
        { width: 'auto', stack: signatory.map((p, i) => ({ text: linesText(lines(p)), margin: [0, i ? 4 : 0, 0, 0] })) },
      ],
      margin: [0, 14, 0, 0],
    });
  }
  if (block.length) out.push({ stack: block, unbreakable: true, margin: [0, 8, 0, 0] });
  // The signature's contact line is printed in every page's footer (see documentDefinition).
  return out;
}

function contact(runs: Run[]): Content {
  return {
    stack: [
      rule(),
      { text: text(runs), style: 'contact', margin: [0, 4, 0, 0] },
    ],
    unbreakable: true,
    margin: [0, 20, 0, 0],
  };
}

function blockContent(b: Block, inLegal = false): Content[] {
  switch (b.kind) {
    case 'paragraph':
      if (b.role === 'contact') return [contact(b.runs)];
      return [{ text: text(b.runs), style: b.role === 'outcome' ? 'outcome' : inLegal ? 'legalParagraph' : 'paragraph' }];
    case 'heading':
      return [{ text: text(b.runs), style: `h${b.level}`, headlineLevel: b.level }];
    case 'list': {
      const items = b.items.map((item): Content => {
        const parts = item.flatMap((x) => blockContent(x, inLegal));
        const node: ContentNode = parts.length === 1 && typeof parts[0] === 'object' && !Array.isArray(parts[0]) && parts[0].text !== undefined
          ? { text: parts[0].text, style: 'listItem' }
          : { stack: parts, style: 'listItem' };
        return node;
      });
      return [b.ordered ? { ol: items, style: 'list' } : { ul: items, style: 'list' }];
    }
    case 'legal':
      return [{
        table: { widths: ['*'], body: [[{ stack: b.blocks.flatMap((x) => blockContent(x, true)) }]], dontBreakRows: true },
        layout: legalLayout,
        style: 'legal',
      }];
    case 'rule':
      return [rule([0, 6, 0, 10])];
    case 'letterhead':
      return letterhead(b);
    case 'signature':
      return signature(b);
  }
}

export function documentDefinition(letter: LetterDocument): DocumentDefinition {
  const title = letter.title || 'Dopis';
  const sig = letter.blocks.find((b) => b.kind === 'signature');
  const footerContact = sig && sig.kind === 'signature' ? sig.contact : null;
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    info: {
      title,
      author: 'ZZZS',
      subject: letter.documentNumber ? `${title} (dokument ${letter.documentNumber})` : title,
      creator: 'ZZZS – obravnava zahtev posameznikov (GDPR)',
      producer: 'pdfmake 0.2',
      creationDate: letter.date ?? FALLBACK_DATE,
    },
    language: letter.lang,
    displayTitle: true,
    compress: true,
    version: '1.7',
    defaultStyle: { font: FONT_FAMILY, fontSize: 10.5, lineHeight: 1.25, color: '#111111' },
    styles: {
      senderName: { fontSize: 10.5, bold: true },
      sender: { fontSize: 9, color: '#333333' },
      recipient: { fontSize: 10.5 },
      meta: { fontSize: 9.5, margin: [0, 7 * MM, 0, 0] },
      h1: { fontSize: 13, bold: true, margin: [0, 6 * MM, 0, 9] },
      h2: { fontSize: 11.5, bold: true, margin: [0, 6, 0, 4] },
      h3: { fontSize: 10.5, bold: true, margin: [0, 4, 0, 3] },
      paragraph: { margin: [0, 0, 0, 7] },
      outcome: { fontSize: 11.5, margin: [0, 2, 0, 9] },
      list: { margin: [6, 0, 0, 7] },
      listItem: { margin: [0, 0, 0, 2] },
      legal: { margin: [0, 8, 0, 4] },
      legalParagraph: { fontSize: 9.5, margin: [0, 0, 0, 4] },
      contact: { fontSize: 7.5, color: GREY, lineHeight: 1.15 },
    },
    content: letter.blocks.flatMap((b) => blockContent(b)),
    footer: (page, pages) => ({
      stack: [
        ...(footerContact ? [rule(), { text: text(footerContact), style: 'contact', margin: [0, 3, 0, 3] } satisfies ContentNode] : []),
        {
          columns: [
            { text: letter.documentNumber ? `Številka: ${letter.documentNumber}` : '', alignment: 'left' as const },
            { text: `stran ${page} od ${pages}`, alignment: 'right' as const },
          ],
          fontSize: 8,
          color: GREY,
        },
      ],
      margin: [MARGIN, 5 * MM, MARGIN, 0],
    }),
    // A heading is not left alone at the bottom of a page.
    pageBreakBefore: (node, following) => node.headlineLevel !== undefined && node.headlineLevel > 1 && following.length === 0,
  };
}
