import Holidays from 'date-holidays';
import { dayOfWeek, type LocalDate } from './localDate.js';

export interface WorkFreeDay {
  date: LocalDate;
  name: string;
}

/**
 * Corrections to the library, per year: dates to add to or remove from its work-free days. Empty today:
 * date-holidays 3.37 was checked day by day for 2025–2028 (test/unit/domain/holidays.test.ts). If the law
 * changes (ZPDPD) before the library does, a correction here and a pinned test fix it the same day.
 */
const corrections: Record<number, { add?: WorkFreeDay[]; remove?: LocalDate[] }> = {};

const hd = new Holidays('SI');
const cache = new Map<number, WorkFreeDay[]>();

/**
 * The 15 work-free days (dela prosti dnevi) of a year. date-holidays' SI `public` holidays are exactly
 * those; its `observance` days are not work-free (docs/domain.md) and are left out. A date can carry two
 * names (Whit Sunday and Trubar Day in 2025): it counts once.
 */
export function workFreeDays(year: number): WorkFreeDay[] {
  let days = cache.get(year);
  if (!days) {
    const byDate = new Map<LocalDate, string>();
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const date = h.date.slice(0, 10);
      if (!byDate.has(date)) byDate.set(date, h.name);
    }
    const c = corrections[year];
    for (const r of c?.remove ?? []) byDate.delete(r);
    for (const a of c?.add ?? []) byDate.set(a.date, a.name);
    days = [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
    cache.set(year, days);
  }
  return days;
}

export function workFreeDayName(date: LocalDate): string | null {
  return workFreeDays(Number(date.slice(0, 4))).find((d) => d.date === date)?.name ?? null;
}

export const isWorkFreeDay = (date: LocalDate): boolean => workFreeDayName(date) !== null;

export function isWeekend(date: LocalDate): boolean {
  const w = dayOfWeek(date);
  return w === 0 || w === 6;
}

/** A working day: not Saturday, Sunday or a work-free day (Reg. 1182/71; ZUP Art. 101). */
export const isWorkingDay = (date: LocalDate): boolean => !isWeekend(date) && !isWorkFreeDay(date);
