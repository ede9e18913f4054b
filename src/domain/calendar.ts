import { addCalendarDays, CALENDAR_RANGE, dayOfWeek, isInCalendarRange, daysInMonth, formatLocalDate, formatSlovenian, parseLocalDate, type LocalDate } from './localDate.js';
import { isWorkingDay, workFreeDayName } from './holidays.js';

/** A computed deadline and, in one Slovenian line, how it was computed. */
export interface Deadline {
  due: LocalDate;
  explanation: string;
}

export type DeadlineUnit = 'days' | 'working_days' | 'months';

const DAY_NAMES = ['nedelja', 'ponedeljek', 'torek', 'sreda', 'četrtek', 'petek', 'sobota'];

function whyNotWorking(date: LocalDate): string {
  const holiday = workFreeDayName(date);
  return holiday ? `dela prost dan (${holiday})` : DAY_NAMES[dayOfWeek(date)]!;
}

/** ZUP Art. 101: an end that falls on a day the authority does not work moves to the next working day. */
function shiftToWorkingDay(end: LocalDate): { due: LocalDate; reasons: string[] } {
  let due = end;
  const reasons: string[] = [];
  while (!isWorkingDay(due)) {
    reasons.push(`${formatSlovenian(due)} ${whyNotWorking(due)}`);
    due = addCalendarDays(due, 1);
  }
  return { due, reasons };
}

function explain(amountText: string, start: LocalDate, end: LocalDate, note: string, shifted: { due: LocalDate; reasons: string[] }): string {
  const base = `Rok ${amountText} od ${formatSlovenian(start)} (dan dogodka se ne šteje): izteče se ${formatSlovenian(end)}${note}`;
  if (shifted.reasons.length === 0) return `${base}.`;
  return `${base}; ker je ${shifted.reasons.join(' in ')}, se prestavi na naslednji delovni dan, ${formatSlovenian(shifted.due)} (ZUP, 101. člen).`;
}

const plural = (n: number, one: string, two: string, few: string, many: string) => {
  const r = n % 100;
  return `${n} ${r === 1 ? one : r === 2 ? two : r === 3 || r === 4 ? few : many}`;
};

/** N days: the day after the event is day 1 (ZUP Art. 100); the end moves off a day off (Art. 101). */
export function addDays(start: LocalDate, n: number): Deadline {
  assertAmount(n);
  const end = addCalendarDays(start, n);
  const shifted = shiftToWorkingDay(end);
  return { due: shifted.due, explanation: explain(plural(n, 'dan', 'dneva', 'dnevi', 'dni'), start, end, '', shifted) };
}

/** N working days: only working days count, starting the day after the event; the end is one itself. */
export function addWorkingDays(start: LocalDate, n: number): Deadline {
  assertAmount(n);
  let due = start;
  let counted = 0;
  const skipped: string[] = [];
  while (counted < n) {
    due = addCalendarDays(due, 1);
    if (isWorkingDay(due)) counted += 1;
    else if (workFreeDayName(due)) skipped.push(`${formatSlovenian(due)} (${workFreeDayName(due)})`);
  }
  const text = plural(n, 'delovni dan', 'delovna dneva', 'delovni dnevi', 'delovnih dni');
  const holidays = skipped.length ? `; dela prosti dnevi se ne štejejo: ${skipped.join(', ')}` : '';
  return { due, explanation: `Rok ${text} od ${formatSlovenian(start)} (šteje se od naslednjega dne, sobote, nedelje in dela prosti dnevi se ne štejejo): izteče se ${formatSlovenian(due)}${holidays}.` };
}

/** N months: the same date number in the final month, or its last day if there is none; then ZUP 101. */
export function addMonths(start: LocalDate, n: number): Deadline {
  assertAmount(n);
  const { y, m, d } = parseLocalDate(start);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12), tm = (total % 12) + 1;
  const last = daysInMonth(ty, tm);
  const end = formatLocalDate(ty, tm, Math.min(d, last));
  const note = d > last ? ' (v tem mesecu ni tega dne, zato zadnji dan meseca)' : '';
  const shifted = shiftToWorkingDay(end);
  return { due: shifted.due, explanation: explain(plural(n, 'mesec', 'meseca', 'meseci', 'mesecev'), start, end, note, shifted) };
}

/** A start or a due date outside CALENDAR_RANGE; `field` says which input put it there. */
export class CalendarRangeError extends RangeError {
  constructor(readonly field: 'start' | 'amount', message: string) {
    super(message);
  }
}

export function deadline(start: LocalDate, amount: number, unit: DeadlineUnit): Deadline {
  if (!isInCalendarRange(start)) throw new CalendarRangeError('start', `the calendar counts from ${CALENDAR_RANGE.from} to ${CALENDAR_RANGE.to}; ${start} is outside`);
  let result: Deadline;
  try {
    result = unit === 'days' ? addDays(start, amount) : unit === 'working_days' ? addWorkingDays(start, amount) : addMonths(start, amount);
  } catch (err) {
    // A date past year 9999 cannot even be written as YYYY-MM-DD: the same answer as a due date past the range.
    if (err instanceof RangeError && !(err instanceof CalendarRangeError)) throw new CalendarRangeError('amount', `the deadline falls after ${CALENDAR_RANGE.to}`);
    throw err;
  }
  if (!isInCalendarRange(result.due)) throw new CalendarRangeError('amount', `the deadline ${result.due} falls after ${CALENDAR_RANGE.to}`);
  return result;
}

/** The working day `n` working days before `date` (for reminders ahead of a deadline). */
export function workingDaysBefore(date: LocalDate, n: number): LocalDate {
  let d = date;
  let counted = 0;
  while (counted < n) {
    d = addCalendarDays(d, -1);
    if (isWorkingDay(d)) counted += 1;
  }
  return d;
}

function assertAmount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new RangeError(`a time limit must be a whole number from 0 to 10000, got ${n}`);
}
