import { BUSINESS_HOURS, OFFICE_HOURS, type WeeklyHours } from '../../domain/officeHours.js';
import { DIRECTORY } from '../../domain/directory.js';

const DAYS: [number, string][] = [[1, 'ponedeljek'], [2, 'torek'], [3, 'sreda'], [4, 'četrtek'], [5, 'petek']];

const time = (minutes: number) => `${Math.floor(minutes / 60)}.${String(minutes % 60).padStart(2, '0')}`;

/** One row per weekday: "8.00–12.00 in 13.00–15.00", or that there are none. */
export function weekRows(hours: WeeklyHours, none: string): { day: string; hours: string; closed: boolean }[] {
  return DAYS.map(([n, day]) => {
    const spans = hours[n] ?? [];
    return { day, hours: spans.length ? spans.map(([a, b]) => `${time(a)}–${time(b)}`).join(' in ') : none, closed: spans.length === 0 };
  });
}

/** S1.1: uradne ure (in person) and poslovni čas (phone, e-mail), from the same data the intake flag uses. */
export const hoursModel = () => ({
  office: weekRows(OFFICE_HOURS, 'ni uradnih ur'),
  business: weekRows(BUSINESS_HOURS, 'zaprto'),
  address: DIRECTORY.organisation.address,
  contactCentre: DIRECTORY.contactCentre,
  /** S1.2: the mailboxes an e-mail request may arrive at (art. 2), each forwarded to the DPO. */
  mailboxes: [
    { name: DIRECTORY.dpo.title, email: DIRECTORY.dpo.email },
    ...DIRECTORY.units.map((u) => ({ name: u.name, email: u.email })),
    { name: 'splošni predal', email: DIRECTORY.organisation.generalEmail },
  ],
});
