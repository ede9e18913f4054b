import type { EntityManager } from 'typeorm';
import { si12Reference } from '../domain/identifiers.js';
import type { Database } from '../persistence/database.js';

/**
 * The next case number of a classification and year, e.g. `0072-15/2026` (UUP Art. 6 point 19:
 * classification code, sequence within it, four-digit year). The counter row is incremented in the
 * registration's own transaction, so two concurrent registrations never get the same number and a
 * rolled-back registration leaves no gap.
 */
export async function nextCaseNumber(tx: EntityManager, db: Database, classification: string, year: number): Promise<{ seq: number; caseNumber: string }> {
  const upsert = db.dialect === 'mysql'
    ? 'INSERT INTO case_counter (classification, year, last) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE last = last + 1'
    : 'INSERT INTO case_counter (classification, year, last) VALUES (?, ?, 1) ON CONFLICT (classification, year) DO UPDATE SET last = last + 1';
  await tx.query(upsert, [classification, year]);
  const rows = (await tx.query('SELECT last FROM case_counter WHERE classification = ? AND year = ?', [classification, year])) as { last: number | string }[];
  const seq = Number(rows[0]!.last);
  return { seq, caseNumber: `${classification}-${seq}/${year}` };
}

/** Documents of a case are numbered after it: the request itself is 1, letters follow. */
export const documentNumber = (caseNumber: string, n: number): string => `${caseNumber}-${n}`;

/**
 * The UPN payment reference of a case (a fee under art. 16 is paid with it): SI12, the year and the
 * six-digit sequence, with its check digit. A caller who paid can quote it on the phone (S2.1).
 */
export const caseUpnReference = (year: number, seq: number): string => si12Reference(`${year}${String(seq).padStart(6, '0')}`);
