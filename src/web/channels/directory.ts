import { DIRECTORY, hoursText, type Directory } from '../../domain/directory.js';
import { isWithinBusinessHours, isWithinOfficeHours } from '../../domain/officeHours.js';
import { workFreeDayName } from '../../domain/holidays.js';
import { toLocalDate } from '../../domain/localDate.js';
import { UNIT_KIND_LABELS } from './labels.js';

const WEEK = [['mon', 'ponedeljek'], ['tue', 'torek'], ['wed', 'sreda'], ['thu', 'četrtek'], ['fri', 'petek']] as const;

const spans = (list: string[] | undefined, none: string) => {
  const t = (hhmm: string) => `${Number(hhmm.slice(0, 2))}.${hhmm.slice(3, 5)}`;
  return list && list.length ? list.map((iv) => `${t(iv.slice(0, 5))}–${t(iv.slice(6))}`).join(' in ') : none;
};

/** One row per working day: uradne ure beside poslovni čas (S1.1), from the directory data file. */
function weekRows(d: Directory) {
  return WEEK.map(([key, day]) => ({
    day,
    office: spans(d.officeHours[key], 'ni uradnih ur'),
    business: spans(d.businessHours[key], 'zaprto'),
    noOffice: !(d.officeHours[key]?.length),
  }));
}

/** The client-information page (S1.1, S1.2): units and mailboxes, the contact centre, both schedules, and now. */
export function contactsModel(now: Date) {
  const d = DIRECTORY;
  const holiday = workFreeDayName(toLocalDate(now));
  return {
    organisation: d.organisation,
    dpo: d.dpo,
    contactCentre: { ...d.contactCentre, tel: `+386${d.contactCentre.phone.replace(/\s+/g, '').replace(/^0/, '')}` },
    units: d.units.map((u) => ({ ...u, kindLabel: UNIT_KIND_LABELS[u.kind] ?? u.kind })),
    week: weekRows(d),
    officeHoursText: hoursText(d.officeHours),
    businessHoursText: hoursText(d.businessHours),
    now: now.toISOString(),
    officeNow: isWithinOfficeHours(now),
    businessNow: isWithinBusinessHours(now),
    holiday,
  };
}
