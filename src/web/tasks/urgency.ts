import { addWorkingDays } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/localDate.js';

export type Urgency = 'overdue' | 'soon' | null;

/** How many working days count as "due soon" on the task list (issue 5). */
export const SOON_WORKING_DAYS = 3;

/**
 * Overdue: the due day has passed. Soon: it falls within the next 3 working days (by the legal calendar,
 * so a weekend or a holiday in between does not eat the warning). Otherwise nothing to flag.
 */
export function urgencyOf(due: LocalDate | null, today: LocalDate): Urgency {
  if (!due) return null;
  if (due < today) return 'overdue';
  if (due <= addWorkingDays(today, SOON_WORKING_DAYS).due) return 'soon';
  return null;
}

export const URGENCY_LABELS: Record<Exclude<Urgency, null>, string> = {
  overdue: 'zamuja',
  soon: `v ${SOON_WORKING_DAYS} delovnih dneh`,
};
