import { dayOfWeek, toLocalDate, TZ } from './localDate.js';
import { isWorkFreeDay } from './holidays.js';
import { DIRECTORY, weeklyHours, type WeeklyHours } from './directory.js';

export type { WeeklyHours };

/** Uradne ure (S1.1) and poslovni čas, from the directory data file. */
export const OFFICE_HOURS: WeeklyHours = weeklyHours(DIRECTORY.officeHours);
export const BUSINESS_HOURS: WeeklyHours = weeklyHours(DIRECTORY.businessHours);

function minutesInLjubljana(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  return Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
}

export function isWithin(hours: WeeklyHours, instant: Date): boolean {
  const day = toLocalDate(instant);
  if (isWorkFreeDay(day)) return false;
  const m = minutesInLjubljana(instant);
  return (hours[dayOfWeek(day)] ?? []).some(([from, to]) => m >= from && m < to);
}

export const isWithinOfficeHours = (instant: Date): boolean => isWithin(OFFICE_HOURS, instant);
export const isWithinBusinessHours = (instant: Date): boolean => isWithin(BUSINESS_HOURS, instant);
