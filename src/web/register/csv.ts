import { OUTCOME_LABELS, RIGHT_LABELS, STATUS_LABELS } from './labels.js';
import type { RegisterLine } from './query.js';

/**
 * The register as CSV for Excel in Slovenia: UTF-8 with a BOM (so č, š, ž read right), `;` between
 * fields (the Slovenian list separator: Excel splits a `,` file into one column there), CRLF line ends,
 * every field quoted, dates as YYYY-MM-DD (which Excel reads as dates in every locale).
 */
export const CSV_SEPARATOR = ';';
export const BOM = '\uFEFF';

/** Quote always, double inner quotes, and neutralise what a spreadsheet would run as a formula (CSV injection). */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(CSV_SEPARATOR)}\r\n`;

export const CSV_HEADER = ['Zap. št.', 'Številka zadeve', 'Datum prejema', 'Posameznik', 'Vrsta zahtevka', 'Odločitev', 'Datum odločitve', 'Stanje'];

export function registerCsvLine(l: RegisterLine): string {
  return csvLine([
    // N17.1: "Posameznik" is who filed: the representative where one filed, with the data subject.
    l.seq, l.caseNumber, l.receivedOn, l.dataSubject ? `${l.person}, zastopnik posameznika ${l.dataSubject}` : l.person, l.rights.map((r) => RIGHT_LABELS[r] ?? r),
    l.outcome ? OUTCOME_LABELS[l.outcome] ?? l.outcome : OUTCOME_LABELS.pending, l.decidedOn ?? '', STATUS_LABELS[l.status] ?? l.status,
  ]);
}
