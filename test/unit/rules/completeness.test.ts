import { expect } from 'chai';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import { bothSides, ruleSet } from './support.js';

const complete = { hasName: true, hasIdentifierOrAddress: true, rightsCount: 1, needsMeasures: false, measuresGiven: false, representativePresent: false, representativeAuthorisationAttached: false, contactGiven: true };

describe('N4.1 N6.1 rules/completeness', () => {
  it('a complete request gives only "complete"; each missing element breaks it', async () => {
    const rs = await ruleSet('completeness');
    await bothSides(rs, 'popolna', complete, [
      { hasName: false }, { hasIdentifierOrAddress: false }, { rightsCount: 0 }, { needsMeasures: true }, { representativePresent: true }, { contactGiven: false },
    ]);
    await bothSides(rs, 'popolna', { ...complete, needsMeasures: true, measuresGiven: true, representativePresent: true, representativeAuthorisationAttached: true }, [
      { measuresGiven: false }, { representativeAuthorisationAttached: false },
    ]);
  });

  it('each missing element has its rule, both sides', async () => {
    const rs = await ruleSet('completeness');
    await bothSides(rs, 'ni imena', { ...complete, hasName: false }, [{ hasName: true }]);
    await bothSides(rs, 'ni identifikacijskih podatkov', { ...complete, hasIdentifierOrAddress: false }, [{ hasIdentifierOrAddress: true }]);
    await bothSides(rs, 'ni navedene pravice', { ...complete, rightsCount: 0 }, [{ rightsCount: 2 }]);
    await bothSides(rs, 'ni ukrepov', { ...complete, needsMeasures: true }, [{ needsMeasures: false }, { measuresGiven: true }]);
    await bothSides(rs, 'zastopnik brez pooblastila', { ...complete, representativePresent: true }, [{ representativePresent: false }, { representativeAuthorisationAttached: true }]);
    await bothSides(rs, 'ni naslova za odgovor', { ...complete, contactGiven: false }, [{ contactGiven: true }]);
  });

  it('names every missing element in Slovenian', async () => {
    const e = await evaluateRuleSet(await ruleSet('completeness'), { ...complete, rightsCount: 0, contactGiven: false });
    expect(e.events.map((x) => x.params.missing)).to.have.members(['rights', 'contact']);
    expect(e.events.map((x) => x.params.message).join(' ')).to.include('pravico').and.include('naslov');
  });
});
