import { workingDaysBefore } from '../domain/calendar.js';
import { addCalendarDays, endOfDayInstant, type LocalDate } from '../domain/localDate.js';
import { isWithinOfficeHours } from '../domain/officeHours.js';
import type { RequestStatus } from '../persistence/entities/index.js';

/** One thing done to a demo case, in order, through the request service. */
export type DemoStep =
  | { task: string; variables: Record<string, unknown> }
  | { event: 'extension'; body: { months: 1 | 2; reasons: string } }
  | { event: 'delivery' };

/** A demo case: what arrived (the API's request body), what was done with it, and where it ends up. */
export interface DemoCase {
  label: string;
  body: Record<string, unknown>;
  steps: DemoStep[];
  status: RequestStatus;
  /** The open task the case waits in, if any. */
  waitsIn: string | null;
  letters: string[];
}

/** `hh:mm` in Ljubljana on a calendar day, as an instant (days that change the clock are Sundays). */
export function ljubljanaTime(day: LocalDate, hh: number, mm: number): Date {
  const midnight = endOfDayInstant(addCalendarDays(day, -1)).getTime();
  return new Date(midnight + (hh * 60 + mm) * 60_000);
}

/** The working day `n` working days before today on which the office had office hours at hh:mm (not Thursday). */
function officeDayBefore(today: LocalDate, n: number, hh: number, mm: number): LocalDate {
  let day = workingDaysBefore(today, n);
  while (!isWithinOfficeHours(ljubljanaTime(day, hh, mm))) day = workingDaysBefore(day, 1);
  return day;
}

const at = (day: LocalDate, hh: number, mm: number) => ljubljanaTime(day, hh, mm).toISOString();

/**
 * Six requests of made-up people (valid EMŠO and tax numbers, e-mail at the reserved example.com),
 * received on working days before `today` and taken to different places of the dsr-request diagram.
 * Every receipt is at least one working day in the past, so never in the future whatever the hour.
 */
export function demoCases(today: LocalDate): DemoCase[] {
  const records = { art23Restriction: false, collections: ['Evidenca zavarovanih oseb obveznega zdravstvenega zavarovanja', 'Evidenca izdanih kartic zdravstvenega zavarovanja'] };
  return [
    {
      label: 'pravkar prejeta po pošti: čaka na preverjanje popolnosti',
      body: {
        channel: 'post', receivedAt: at(workingDaysBefore(today, 1), 9, 40),
        subject: { firstName: 'Janez', lastName: 'Kovačič', emso: '1503978500124', taxNumber: '12345679', address: 'Šmartinska cesta 152, 1000 Ljubljana' },
        rights: ['access'], measures: 'Prosim za kopijo vseh osebnih podatkov, ki jih Zavod vodi o meni, in podatek, komu so bili posredovani.',
        acknowledgementRequested: true, identityEvidence: { qualifiedSignature: false, idDocumentSeen: false },
      },
      steps: [], status: 'registered', waitsIn: 'checkCompleteness', letters: ['acknowledgement'],
    },
    {
      label: 'nepopolna po e-pošti: poslan poziv k dopolnitvi',
      body: {
        channel: 'email', mailbox: 'dpo@zzzs.si', receivedAt: at(workingDaysBefore(today, 3), 14, 5),
        subject: { firstName: 'Mojca', lastName: 'Žnidaršič', emso: '2208855505344', taxNumber: '87654326', address: 'Prešernova ulica 7, 4000 Kranj', email: 'mojca.znidarsic@example.com' },
        rights: [], measures: 'Želim, da uredite moje podatke.',
        acknowledgementRequested: true, identityEvidence: { qualifiedSignature: true, idDocumentSeen: false },
      },
      steps: [{ task: 'checkCompleteness', variables: { complete: false, missing: ['Navedite, katero pravico uveljavljate (dostop, popravek, izbris, omejitev obdelave ali ugovor) in katere podatke zahteva zadeva.'] } }],
      status: 'awaiting_remedy', waitsIn: null, letters: ['acknowledgement', 'remedy_request'],
    },
    {
      label: 'vložena osebno: v obravnavi, preverjanje zbirk',
      body: {
        channel: 'in_person', receivedAt: at(officeDayBefore(today, 5, 10, 30), 10, 30),
        subject: { firstName: 'Marjeta', lastName: 'Šuštar', emso: '2810705507197', address: 'Ulica heroja Šaranoviča 12, 2000 Maribor', phone: '+386 41 555 218' },
        rights: ['access', 'rectification'], measures: 'Popravek naslova stalnega prebivališča v evidenci zavarovanih oseb in izpis podatkov o zavarovanju.',
        acknowledgementRequested: false, identityEvidence: { qualifiedSignature: false, idDocumentSeen: true },
      },
      steps: [
        { task: 'checkCompleteness', variables: { complete: true } },
        { task: 'verifyIdentity', variables: { method: 'id_document', verified: true } },
      ],
      status: 'in_review', waitsIn: 'checkRecords', letters: [],
    },
    {
      label: 'ugodena in vročena: teče rok za pojasnilo',
      body: {
        channel: 'email', mailbox: 'OEKP@zzzs.si', receivedAt: at(workingDaysBefore(today, 14), 8, 20),
        subject: { firstName: 'Luka', lastName: 'Žagar', emso: '3001925501783', taxNumber: '31415920', address: 'Čevljarska ulica 24, 6000 Koper', email: 'luka.zagar@example.com' },
        rights: ['access'], measures: 'Seznam zdravstvenih storitev, ki ste jih plačali zame v zadnjih dveh letih.',
        acknowledgementRequested: true, identityEvidence: { qualifiedSignature: true, idDocumentSeen: false },
      },
      steps: [
        { task: 'checkCompleteness', variables: { complete: true } },
        { task: 'verifyIdentity', variables: { method: 'qualified_signature', verified: true } },
        { task: 'checkRecords', variables: { ...records, notes: 'Podatki o obračunanih storitvah so v evidenci zavarovanih oseb; izpis pripravljen.' } },
        { task: 'decide', variables: { outcome: 'granted', grounds: [], reasoning: 'Posamezniku se posredujejo izpis podatkov iz evidence zavarovanih oseb in seznam obračunanih zdravstvenih storitev za zadnji dve leti.' } },
        { event: 'delivery' },
      ],
      status: 'decided', waitsIn: null, letters: ['acknowledgement', 'decision'],
    },
    {
      label: 'zavrnjena zaradi omejitve po 23. členu GDPR: čaka na vročitev',
      body: {
        channel: 'post', receivedAt: at(workingDaysBefore(today, 9), 11, 0),
        subject: { firstName: 'Boštjan', lastName: 'Čeh', emso: '0705965500611', taxNumber: '27182819', address: 'Cankarjeva ulica 5, 3000 Celje' },
        rights: ['access'], measures: 'Vpogled v vse zapise o nadzoru nad mojimi bolniškimi odsotnostmi.',
        acknowledgementRequested: false, identityEvidence: { qualifiedSignature: false, idDocumentSeen: false },
      },
      steps: [
        { task: 'checkCompleteness', variables: { complete: true } },
        { task: 'verifyIdentity', variables: { method: 'records_match', verified: true } },
        { task: 'checkRecords', variables: { art23Restriction: true, collections: ['Evidenca postopkov nadzora nad začasno zadržanostjo od dela'], notes: 'Zapisi so del postopka, ki ga je Zavod predal organom pregona; razkritje bi ogrozilo predkazenski postopek.' } },
        { task: 'decide', variables: { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Zahtevani zapisi so del postopka, ki ga vodijo organi pregona. Zakon v skladu s 23. členom Splošne uredbe omejuje pravico do dostopa, dokler bi razkritje lahko ogrozilo preiskavo; omejitev je nujna in sorazmerna.' } },
      ],
      status: 'decided', waitsIn: null, letters: ['decision'],
    },
    {
      label: 'podaljšan rok za odločitev: čaka na odločitev',
      body: {
        channel: 'email', mailbox: 'OENM@zzzs.si', receivedAt: at(workingDaysBefore(today, 11), 13, 45),
        subject: { firstName: 'Nataša', lastName: 'Štrukelj', emso: '1902805506102', taxNumber: '61234575', address: 'Glavni trg 3, 8000 Novo mesto', email: 'natasa.strukelj@example.com' },
        rights: ['access', 'erasure'], measures: 'Izbris podatkov o dodatnem zavarovanju pri nekdanjem delodajalcu in izpis vseh podatkov, ki jih o meni hranite.',
        acknowledgementRequested: true, identityEvidence: { qualifiedSignature: true, idDocumentSeen: false },
      },
      steps: [
        { task: 'checkCompleteness', variables: { complete: true } },
        { task: 'verifyIdentity', variables: { method: 'qualified_signature', verified: true } },
        { task: 'checkRecords', variables: { ...records, collections: [...records.collections, 'Arhiv prijav v zavarovanje (2004–2015)'], notes: 'Del podatkov je v arhivu prijav; pregled zahteva izvlečenje iz arhiva v Novem mestu.' } },
        { event: 'extension', body: { months: 1, reasons: 'Podatki za izbris so razpršeni po arhivu prijav iz let 2004–2015, ki ga je treba pregledati ročno; zaradi obsega pregleda odločitev v enem mesecu ni mogoča.' } },
      ],
      status: 'in_review', waitsIn: 'decide', letters: ['acknowledgement', 'extension_notice'],
    },
  ];
}
