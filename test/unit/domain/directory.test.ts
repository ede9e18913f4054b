import { expect } from 'chai';
import { DIRECTORY, hoursText, MAILBOXES, parseDirectory, weeklyHours } from '../../../src/domain/directory.js';
import { isWithinBusinessHours, isWithinOfficeHours } from '../../../src/domain/officeHours.js';

describe('The directory of units and the schedules as data (S1.1, S1.2)', () => {
  it('S1.2 lists the Direkcija, the ten območne enote and the Področna enota Informacijski center with their mailboxes', () => {
    expect(DIRECTORY.units.filter((u) => u.kind === 'obmocna_enota')).to.have.length(10);
    expect(DIRECTORY.units.map((u) => u.email)).to.include.members(['DI@zzzs.si', 'PEIC@zzzs.si', 'OEMS@zzzs.si', 'OERV@zzzs.si']);
    expect(MAILBOXES).to.include.members(['dpo@zzzs.si', 'gp@zzzs.si', 'OEKK@zzzs.si']);
    expect(MAILBOXES).to.have.length(14);
    expect(DIRECTORY.contactCentre.phone).to.equal('01 30 77 300');
  });

  it('S1.1 the schedules read as the client-information page says: no office hours on Thursday, Wednesday until 17.00', () => {
    expect(hoursText(DIRECTORY.officeHours)).to.equal('ponedeljek 8.00–12.00 in 13.00–15.00, torek 8.00–12.00 in 13.00–15.00, sreda 8.00–12.00 in 13.00–17.00, četrtek zaprto, petek 8.00–13.00');
    expect(hoursText(DIRECTORY.businessHours)).to.equal('ponedeljek 8.00–15.00, torek 8.00–15.00, sreda 8.00–17.00, četrtek 8.00–15.00, petek 8.00–13.00');
    expect(weeklyHours(DIRECTORY.officeHours)[4]).to.equal(undefined);
    // Thursday 5 Mar 2026 10:00: business hours, not office hours
    expect(isWithinOfficeHours(new Date('2026-03-05T10:00:00+01:00'))).to.equal(false);
    expect(isWithinBusinessHours(new Date('2026-03-05T10:00:00+01:00'))).to.equal(true);
    // Wednesday 4 Mar 2026 16:30: both; 12:30 is the lunch gap of office hours only
    expect(isWithinOfficeHours(new Date('2026-03-04T16:30:00+01:00'))).to.equal(true);
    expect(isWithinOfficeHours(new Date('2026-03-04T12:30:00+01:00'))).to.equal(false);
    expect(isWithinBusinessHours(new Date('2026-03-04T12:30:00+01:00'))).to.equal(true);
  });

  it('a broken data file is refused at start with the path of the fault', () => {
    const broken = structuredClone(DIRECTORY) as Record<string, any>;
    broken.officeHours.mon = ['08:00-12:00', '11:00-15:00'];
    expect(() => parseDirectory(broken)).to.throw(/officeHours\.mon: overlapping/);
    const badMail = structuredClone(DIRECTORY) as Record<string, any>;
    badMail.units[3].email = 'not-an-address';
    expect(() => parseDirectory(badMail)).to.throw(/units\.3\.email/);
    const backwards = structuredClone(DIRECTORY) as Record<string, any>;
    backwards.businessHours.fri = ['13:00-08:00'];
    expect(() => parseDirectory(backwards)).to.throw(/businessHours\.fri\.0/);
    const unknownDpoUnit = structuredClone(DIRECTORY) as Record<string, any>;
    unknownDpoUnit.dpo.unit = 'XX';
    expect(() => parseDirectory(unknownDpoUnit)).to.throw(/dpo\.unit/);
  });
});
