import { expect } from 'chai';
import fc from 'fast-check';
import { addDays, addMonths, addWorkingDays, deadline, workingDaysBefore } from '../../../src/domain/calendar.js';
import { isWorkingDay } from '../../../src/domain/holidays.js';
import { addCalendarDays, endOfDayInstant, toLocalDate } from '../../../src/domain/localDate.js';

type Case = [start: string, amount: number, unit: 'days' | 'working_days' | 'months', due: string, why: string];

// Each expected date computed by hand against a calendar; the "why" says what the case exercises.
const cases: Case[] = [
  ['2026-01-31', 1, 'months', '2026-03-02', 'docs/domain.md: 28 Feb is Saturday'],
  ['2026-04-03', 1, 'months', '2026-05-04', 'docs/domain.md: 3 May is Sunday'],
  ['2026-10-01', 1, 'months', '2026-11-02', 'docs/domain.md: 1 Nov is a holiday and Sunday'],
  ['2026-12-24', 1, 'months', '2027-01-25', 'docs/domain.md: 24 Jan is Sunday'],
  ['2026-04-30', 5, 'working_days', '2026-05-08', 'docs/domain.md: 1 and 2 May skipped'],
  ['2026-03-02', 1, 'months', '2026-04-02', 'plain month, Thursday'],
  ['2026-03-31', 1, 'months', '2026-04-30', '31 Mar → last day of April (Thursday)'],
  ['2026-01-30', 1, 'months', '2026-03-02', '30 Jan → 28 Feb (Sat) → Mon 2 Mar'],
  ['2028-01-31', 1, 'months', '2028-02-29', 'leap year: 29 Feb 2028 is Tuesday'],
  ['2028-01-29', 1, 'months', '2028-02-29', 'leap year, same date'],
  ['2027-01-31', 1, 'months', '2027-03-01', '28 Feb 2027 is Sunday → Mon 1 Mar'],
  ['2026-03-27', 1, 'months', '2026-04-28', '27 Apr 2026 is a work-free Monday → Tue 28 Apr'],
  ['2026-12-01', 1, 'months', '2027-01-04', '1 Jan (Fri) and 2 Jan (Sat) work-free, 3 Jan Sunday'],
  ['2025-12-02', 1, 'months', '2026-01-05', '2 Jan Friday work-free, weekend → Mon 5 Jan'],
  ['2026-03-05', 1, 'months', '2026-04-07', '5 Apr Easter Sunday, 6 Apr Easter Monday → Tue 7 Apr'],
  ['2027-02-28', 1, 'months', '2027-03-30', '28 Mar 2027 Easter Sunday, 29 Mar Easter Monday → Tue 30 Mar'],
  ['2026-09-30', 1, 'months', '2026-10-30', '30 Oct 2026 is a Friday: no shift'],
  ['2026-05-24', 1, 'months', '2026-06-24', 'Whit Sunday start; 24 Jun Wednesday'],
  ['2026-05-25', 1, 'months', '2026-06-26', '25 Jun work-free (Thu) → Fri 26 Jun'],
  ['2026-05-08', 1, 'months', '2026-06-08', '8 Jun (Trubar) is a working day, Monday'],
  ['2026-07-15', 1, 'months', '2026-08-17', '15 Aug Saturday, 16 Sunday → Mon 17 Aug (a working state holiday)'],
  ['2026-11-30', 1, 'months', '2026-12-30', 'year end, Wednesday'],
  ['2026-11-25', 1, 'months', '2026-12-28', '25 Dec (Fri) and 26 Dec (Sat) work-free, 27 Sun'],
  ['2026-01-12', 15, 'days', '2026-01-27', '15 days, Tuesday'],
  ['2018-01-12', 15, 'days', '2018-01-29', 'pravninasvet example: 27 Jan 2018 Saturday → Mon 29'],
  ['2026-03-02', 8, 'days', '2026-03-10', '8 days, Tuesday'],
  ['2026-03-27', 8, 'days', '2026-04-07', '4 Apr Sat → 5 Easter → 6 Easter Monday → Tue 7'],
  ['2026-10-23', 8, 'days', '2026-11-02', '31 Oct Sat holiday, 1 Nov Sun holiday'],
  ['2026-12-18', 15, 'days', '2027-01-04', '2 Jan Sat, 3 Jan Sunday → Mon 4 Jan'],
  ['2026-04-24', 3, 'days', '2026-04-28', '27 Apr work-free Monday → Tue 28 Apr'],
  ['2026-06-17', 8, 'days', '2026-06-26', '25 Jun Thursday work-free; 8 days ends 25 → Fri 26'],
  ['2026-02-06', 2, 'days', '2026-02-09', '8 Feb Sunday and work-free → Mon 9 Feb'],
  ['2026-03-02', 5, 'working_days', '2026-03-09', 'plain week'],
  ['2026-04-01', 5, 'working_days', '2026-04-09', 'Easter Monday 6 Apr skipped'],
  ['2026-04-24', 5, 'working_days', '2026-05-05', '27 Apr and 1 May skipped: 28, 29, 30 Apr, 4, 5 May'],
  ['2026-12-23', 5, 'working_days', '2026-12-31', '24, 28, 29, 30, 31 Dec (25 Dec work-free, 26–27 weekend)'],
  ['2026-10-28', 5, 'working_days', '2026-11-04', '31 Oct/1 Nov weekend: 29, 30 Oct, 2, 3, 4 Nov'],
  ['2026-06-22', 5, 'working_days', '2026-06-30', '25 Jun skipped: 23, 24, 26, 29, 30'],
  ['2026-03-06', 5, 'working_days', '2026-03-13', 'start Friday'],
  ['2026-03-07', 5, 'working_days', '2026-03-13', 'start Saturday: counts from Monday'],
  ['2026-01-01', 5, 'working_days', '2026-01-09', '1 and 2 Jan work-free: 5, 6, 7, 8, 9'],
  ['2028-02-25', 5, 'working_days', '2028-03-03', 'leap year: 28, 29 Feb, 1, 2, 3 Mar'],
  ['2026-01-31', 3, 'months', '2026-04-30', 'extension of 2 months from the filing day (1 + 2)'],
  ['2026-11-30', 3, 'months', '2027-03-01', '28 Feb 2027 Sunday → 1 Mar'],
  ['2025-08-29', 1, 'months', '2025-09-29', '2025 case, Monday'],
  ['2027-04-26', 1, 'months', '2027-05-26', '2027 case, Wednesday'],
];

describe('N6.1 N6.2 N8.1 N12.1 N13.1 domain/calendar: the legal calendar, case by case', () => {
  for (const [start, amount, unit, due, why] of cases) {
    it(`${amount} ${unit} from ${start} → ${due} (${why})`, () => {
      const d = deadline(start, amount, unit);
      expect(d.due).to.equal(due);
      expect(isWorkingDay(d.due)).to.equal(true);
    });
  }

  it('has at least 40 dated cases', () => {
    expect(cases.length).to.be.at.least(40);
  });

  it('explains the start, the end and the shift in Slovenian', () => {
    const d = addMonths('2026-01-31', 1);
    expect(d.explanation).to.include('31. 1. 2026').and.include('28. 2. 2026').and.include('sobota').and.include('2. 3. 2026').and.include('ZUP, 101. člen');
    expect(addDays('2026-10-23', 8).explanation).to.include('dan reformacije');
    expect(addWorkingDays('2026-04-30', 5).explanation).to.include('praznik dela');
    expect(addMonths('2026-03-02', 1).explanation).to.not.include('prestavi');
  });

  it('refuses a negative or fractional amount', () => {
    expect(() => addDays('2026-01-01', -1)).to.throw(RangeError);
    expect(() => addMonths('2026-01-01', 1.5)).to.throw(RangeError);
  });

  it('workingDaysBefore steps back over weekends and holidays', () => {
    expect(workingDaysBefore('2026-05-04', 3)).to.equal('2026-04-28'); // 30 Apr, 29, 28 (1–3 May off)
    expect(workingDaysBefore('2026-03-09', 3)).to.equal('2026-03-04');
  });
});

describe('domain/calendar: properties (fast-check)', () => {
  const dates = fc.integer({ min: 0, max: 365 * 4 }).map((n) => addCalendarDays('2025-01-01', n));
  it('a due date in days, working days or months is never a Saturday, Sunday or work-free day', () => {
    fc.assert(fc.property(dates, fc.integer({ min: 0, max: 90 }), fc.constantFrom('days', 'working_days', 'months') as fc.Arbitrary<'days' | 'working_days' | 'months'>, (start, n, unit) => {
      const amount = unit === 'months' ? n % 4 : n;
      return amount === 0 || isWorkingDay(deadline(start, amount, unit).due);
    }), { numRuns: 2000 });
  });
  it('more days never give an earlier date, and the due date is after the start', () => {
    fc.assert(fc.property(dates, fc.integer({ min: 1, max: 60 }), (start, n) => {
      const a = addDays(start, n).due, b = addDays(start, n + 1).due;
      const wa = addWorkingDays(start, n).due, wb = addWorkingDays(start, n + 1).due;
      return a <= b && wa < wb && a > start && wa > start;
    }), { numRuns: 2000 });
  });
  it('more months never give an earlier date', () => {
    fc.assert(fc.property(dates, fc.integer({ min: 1, max: 3 }), (start, n) => addMonths(start, n).due <= addMonths(start, n + 1).due && addMonths(start, n).due > start), { numRuns: 1000 });
  });
});

describe('domain/localDate: instants and Ljubljana days', () => {
  it('a receipt late in the evening UTC is the next day in Ljubljana', () => {
    expect(toLocalDate(new Date('2026-03-01T23:30:00Z'))).to.equal('2026-03-02');
    expect(toLocalDate(new Date('2026-07-01T21:59:00Z'))).to.equal('2026-07-01');
    expect(toLocalDate(new Date('2026-07-01T22:00:00Z'))).to.equal('2026-07-02');
  });
  it('a time limit ends at 24:00 Ljubljana time, in winter and in summer', () => {
    expect(endOfDayInstant('2026-03-09').toISOString()).to.equal('2026-03-09T23:00:00.000Z');
    expect(endOfDayInstant('2026-07-09').toISOString()).to.equal('2026-07-09T22:00:00.000Z');
    expect(endOfDayInstant('2026-03-28').toISOString()).to.equal('2026-03-28T23:00:00.000Z'); // DST starts 29 Mar 02:00
    expect(endOfDayInstant('2026-10-24').toISOString()).to.equal('2026-10-24T22:00:00.000Z'); // DST ends 25 Oct 03:00
  });
});
