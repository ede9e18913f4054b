import { expect } from 'chai';
import { computeFee, eurosText, tariffOf } from '../../../src/rules/fee.js';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import { bothSides, ruleSet } from './support.js';

describe('N16.1 rules/fee: the first copy is free; a fee needs a basis', () => {
  it('first copy free, unless manifestly unfounded or excessive', async () => {
    await bothSides(await ruleSet('fee'), 'prva kopija je brezplačna', { copyNumber: 1 }, [{ copyNumber: 2 }, { manifestlyUnfoundedOrExcessive: true }]);
  });
  it('GDPR 15(3): a further copy may be charged', async () => {
    await bothSides(await ruleSet('fee'), 'nadaljnja kopija', { copyNumber: 2 }, [{ copyNumber: 1 }]);
  });
  it('N16.1 b): a fee for an excessive request needs a written reasoning', async () => {
    const rs = await ruleSet('fee');
    await bothSides(rs, 'očitno neutemeljena ali pretirana, obrazložena', { copyNumber: 1, manifestlyUnfoundedOrExcessive: true, reasoningLength: 100 }, [{ manifestlyUnfoundedOrExcessive: false }, { reasoningLength: 99 }]);
    await bothSides(rs, 'očitno neutemeljena ali pretirana brez obrazložitve', { copyNumber: 1, manifestlyUnfoundedOrExcessive: true, reasoningLength: 0 }, [{ manifestlyUnfoundedOrExcessive: false }, { copyNumber: 2 }, { reasoningLength: 100 }]);
  });
  it('N16.1 (issue 16 #3): a refusal never carries a fee, whatever the copy', async () => {
    const rs = await ruleSet('fee');
    await bothSides(rs, 'zavrnitev je brezplačna', { copyNumber: 2, outcome: 'refused' }, [{ outcome: 'granted' }, { outcome: 'partially_granted' }]);
    for (const facts of [{ copyNumber: 2, outcome: 'refused' }, { copyNumber: 1, outcome: 'refused', manifestlyUnfoundedOrExcessive: true, reasoningLength: 500 }]) {
      const types = (await evaluateRuleSet(rs, facts)).events.map((e) => e.type);
      expect(types, JSON.stringify(facts)).to.include('fee-not-allowed').and.not.include('fee-allowed');
    }
  });
  it('N16.1 (issue 16 #3): the tariff is part of the fee rule set (rule »cenik«), versioned with it', async () => {
    const tariff = tariffOf(await evaluateRuleSet(await ruleSet('fee'), { copyNumber: 2 }));
    expect(tariff?.items).to.deep.equal({ pageA4: 0.1, pageA3: 0.2, pageLarger: 1.5, colourPageA4: 0.75, colourPageA3: 1.5, cd: 2 });
    expect(eurosText(4.5)).to.equal('4,50 EUR');
  });
  it('computes the fee from the tariff in whole cents', async () => {
    const tariff = tariffOf(await evaluateRuleSet(await ruleSet('fee'), { copyNumber: 2 }))!;
    expect(computeFee(tariff, { pageA4: 3 }).total).to.equal(0.3);
    expect(computeFee(tariff, { pageA4: 10, colourPageA4: 2, cd: 1 })).to.deep.equal({
      total: 4.5,
      lines: [{ item: 'pageA4', quantity: 10, unitPrice: 0.1, amount: 1 }, { item: 'colourPageA4', quantity: 2, unitPrice: 0.75, amount: 1.5 }, { item: 'cd', quantity: 1, unitPrice: 2, amount: 2 }],
    });
    expect(() => computeFee(tariff, { gold: 1 })).to.throw(RangeError);
  });
});
