import { isLocalDate, toLocalDate, TZ } from '../../domain/localDate.js';

/**
 * Forms speak Ljubljana wall-clock time (a date and an hh:mm); the API speaks ISO instants with offset.
 * The offset is that of Europe/Ljubljana on that day and hour (CET +01:00, CEST +02:00), never the
 * server's own zone.
 */

/** Offset of Ljubljana from UTC at an instant, in minutes. */
function offsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * `2026-03-02` + `10:15` in Ljubljana → `2026-03-02T10:15:00+01:00`; null if either is not real.
 * A wall-clock time that does not exist or exists twice (at the changes of summer time) gets one of the two offsets.
 */
export function ljubljanaInstant(date: string, time: string): string | null {
  const t = TIME.exec(time.trim());
  if (!isLocalDate(date.trim()) || !t) return null;
  const [y, m, d] = date.trim().split('-').map(Number) as [number, number, number];
  const hh = Number(t[1]), mm = Number(t[2]), ss = Number(t[3] ?? 0);
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  // Two passes settle the offset around the change of summer time.
  let offset = offsetMinutes(new Date(wall - 60 * 60000));
  const second = offsetMinutes(new Date(wall - offset * 60000));
  if (second !== offset && offsetMinutes(new Date(wall - second * 60000)) === second) offset = second;
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.trim()}T${pad(hh)}:${pad(mm)}:${pad(ss)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The Ljubljana date and hh:mm of an instant, as a form shows them. */
export function ljubljanaParts(instant: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: toLocalDate(instant), time: `${get('hour')}:${get('minute')}` };
}
