import type { EntityManager } from 'typeorm';
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
