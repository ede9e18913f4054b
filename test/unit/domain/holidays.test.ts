import { expect } from 'chai';
import { isWorkingDay, workFreeDays } from '../../../src/domain/holidays.js';

// Every work-free day (ZPDPD) pinned by hand from docs/domain.md; Easter 2028 is 16 April, Whit Sunday 4 June.
const expected: Record<number, string[]> = {
  2025: ['01-01', '01-02', '02-08', '04-20', '04-21', '04-27', '05-01', '05-02', '06-08', '06-25', '08-15', '10-31', '11-01', '12-25', '12-26'],
  2026: ['01-01', '01-02', '02-08', '04-05', '04-06', '04-27', '05-01', '05-02', '05-24', '06-25', '08-15', '10-31', '11-01', '12-25', '12-26'],
  2027: ['01-01', '01-02', '02-08', '03-28', '03-29', '04-27', '05-01', '05-02', '05-16', '06-25', '08-15', '10-31', '11-01', '12-25', '12-26'],
  2028: ['01-01', '01-02', '02-08', '04-16', '04-17', '04-27', '05-01', '05-02', '06-04', '06-25', '08-15', '10-31', '11-01', '12-25', '12-26'],
};

describe('domain/holidays: the 15 work-free days of each year (date-holidays SI, public only, wrapped)', () => {
  for (const [year, days] of Object.entries(expected)) {
    it(`${year}: exactly the 15 work-free days, each once`, () => {
      expect(workFreeDays(Number(year)).map((d) => d.date)).to.deep.equal(days.map((d) => `${year}-${d}`));
    });
  }

  it('state holidays that are not work-free are working days when they fall on a weekday', () => {
    // 8 Jun 2026 Mon, 17 Aug 2026 Mon, 15 Sep 2026 Tue, 23 Sep 2026 Wed, 23 Nov 2026 Mon, 25 Oct 2027 Mon
    for (const d of ['2026-06-08', '2026-08-17', '2026-09-15', '2026-09-23', '2026-11-23', '2027-10-25']) expect(isWorkingDay(d), d).to.equal(true);
  });

  it('customs the library lists as observances are working days (Pust, 8 Mar, 23 Apr, 11 Nov, 6 Dec)', () => {
    for (const d of ['2026-02-17', '2027-03-08', '2026-04-23', '2026-11-11', '2027-12-06']) expect(isWorkingDay(d), d).to.equal(true);
  });

  it('Whit Sunday 2025 coincides with Trubar Day and counts once', () => {
    expect(workFreeDays(2025).filter((d) => d.date === '2025-06-08')).to.have.length(1);
  });
});
