import { decisionDue, extendedDecisionDue } from '../../domain/deadlines.js';
import { parseLocalDate, type LocalDate } from '../../domain/localDate.js';

/** The parts of a decided case that say whether it was decided in time. */
export interface DecidedCase {
  filedOn: LocalDate;
  /** The `extension` column: `{ months: 1 | 2, … }` when the deadline was extended (N8.2). */
  extension: { months: 1 | 2 } | null;
  decision: { outcome: string; decidedOn: LocalDate };
}

const dueCache = new Map<string, LocalDate>();

/**
 * The decision due date that applied when the case was decided: one month from filing (N8.1; after a
 * remedy, from the day of the remedy, N6.3), or filed + 1 + N months where it was extended (N8.2). The
 * case itself forgets it on decision, so it is recomputed by the legal calendar from the same facts.
 */
export function dueAtDecision(filedOn: LocalDate, extension: { months: 1 | 2 } | null): LocalDate {
  const key = `${filedOn}:${extension?.months ?? 0}`;
  let due = dueCache.get(key);
  if (!due) {
    due = extension ? extendedDecisionDue(filedOn, extension.months).due : decisionDue(filedOn).due;
    dueCache.set(key, due);
  }
  return due;
}

/**
 * Decided on the merits (granted, partly granted, refused)? A dismissal (zavrženje, N6.2) is not: the
 * request was never complete, so the month for a decision never began; it counts in the outcomes only.
 */
export const onMerits = (c: DecidedCase): boolean => c.decision.outcome !== 'dismissed';

/** decidedOn ≤ the due date (extended where extended); null for a dismissal. */
export function decidedInTime(c: DecidedCase): boolean | null {
  if (!onMerits(c)) return null;
  return c.decision.decidedOn <= dueAtDecision(c.filedOn, c.extension);
}

/** Calendar days from the day of filing to the day of the decision (the same day is 0). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from), b = parseLocalDate(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
