import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { computeFee, type FeeTariff } from '../../../src/rules/fee.js';
import { bothSides, ruleSet, RULES_DIR } from './support.js';

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
  it('computes the fee from the tariff in whole cents', () => {
    const tariff = JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'fee-tariff.data.json'), 'utf8')) as FeeTariff;
    expect(computeFee(tariff, { pageA4: 3 }).total).to.equal(0.3);
    expect(computeFee(tariff, { pageA4: 10, colourPageA4: 2, cd: 1 })).to.deep.equal({
      total: 4.5,
      lines: [{ item: 'pageA4', quantity: 10, unitPrice: 0.1, amount: 1 }, { item: 'colourPageA4', quantity: 2, unitPrice: 0.75, amount: 1.5 }, { item: 'cd', quantity: 1, unitPrice: 2, amount: 2 }],
    });
    expect(() => computeFee(tariff, { gold: 1 })).to.throw(RangeError);
  });
});
