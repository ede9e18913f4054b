import { dayOfWeek, toLocalDate, TZ } from './localDate.js';
import { isWorkFreeDay } from './holidays.js';

/** Opening intervals per weekday (0 = Sunday), minutes from midnight, Ljubljana time. */
export type WeeklyHours = Record<number, [number, number][]>;

const h = (hh: number, mm = 0) => hh * 60 + mm;

/** Uradne ure of the client-information page (S1.1): none on Thursday. */
export const OFFICE_HOURS: WeeklyHours = {
  1: [[h(8), h(12)], [h(13), h(15)]],
  2: [[h(8), h(12)], [h(13), h(15)]],
  3: [[h(8), h(12)], [h(13), h(17)]],
  5: [[h(8), h(13)]],
};

/** Poslovni čas (S1.1): by phone and electronic media. */
export const BUSINESS_HOURS: WeeklyHours = {
  1: [[h(8), h(15)]],
  2: [[h(8), h(15)]],
  3: [[h(8), h(17)]],
  4: [[h(8), h(15)]],
  5: [[h(8), h(13)]],
};

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
