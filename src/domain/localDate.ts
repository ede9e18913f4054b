/**
 * Calendar dates of the legal calendar: `YYYY-MM-DD` strings in the Europe/Ljubljana calendar. Deadlines
 * are counted in days, not instants, so dates never pass through a time zone except when an instant
 * (a receipt time) becomes the day it happened in Ljubljana.
 */
export type LocalDate = string;

export const TZ = 'Europe/Ljubljana';

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years the legal calendar answers for: Slovenia's work-free days exist from 1991, and nothing we
 * count reaches beyond 2999 (JavaScript's dates and the YYYY format end at 9999; Date.UTC reads years
 * below 100 as 19xx). Outside it a computation is refused rather than answered wrongly.
 */
export const CALENDAR_RANGE = { from: '1991-01-01', to: '2999-12-31' } as const;

export const isInCalendarRange = (date: LocalDate): boolean => isLocalDate(date) && date >= CALENDAR_RANGE.from && date <= CALENDAR_RANGE.to;

export function parseLocalDate(date: LocalDate): { y: number; m: number; d: number } {
  const m = pattern.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a date YYYY-MM-DD`);
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`"${date}" is not a real date`);
  return { y, m: mo, d };
}

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  try {
    parseLocalDate(s);
    return true;
  } catch {
    return false;
  }
}

export const formatLocalDate = (y: number, m: number, d: number): LocalDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  const { y, m, d } = parseLocalDate(date);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return formatLocalDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  const { y, m, d } = parseLocalDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export const compareLocalDates = (a: LocalDate, b: LocalDate): number => (a < b ? -1 : a > b ? 1 : 0);

/** The Ljubljana calendar day of an instant. */
export function toLocalDate(instant: Date, tz = TZ): LocalDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return formatLocalDate(get('year'), get('month'), get('day'));
}

/** Offset of Ljubljana from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function offsetMinutes(instant: Date, tz = TZ): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * 24:00 in Ljubljana at the end of `date`, i.e. 00:00 of the next day: a time limit that ends on `date`
 * has passed from this instant on (docs/domain.md: a timer for it fires after that).
 */
export function endOfDayInstant(date: LocalDate, tz = TZ): Date {
  const next = parseLocalDate(addCalendarDays(date, 1));
  const guess = Date.UTC(next.y, next.m - 1, next.d);
  // The offset at local midnight; two passes settle the DST edge.
  let t = guess - offsetMinutes(new Date(guess), tz) * 60000;
  t = guess - offsetMinutes(new Date(t), tz) * 60000;
  return new Date(t);
}

/** `2. 3. 2026`: the Slovenian way of writing a date. */
export function formatSlovenian(date: LocalDate): string {
  const { y, m, d } = parseLocalDate(date);
  return `${d}. ${m}. ${y}`;
}
