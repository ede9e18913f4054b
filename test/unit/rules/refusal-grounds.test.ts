import { expect } from 'chai';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import { bothSides, ruleSet } from './support.js';

describe('N15.1 N16.1 rules/refusal-grounds', () => {
  it('GDPR Art 23: supported only when the records check found a restriction', async () => {
    await bothSides(await ruleSet('refusal-grounds'), 'omejitev po 23. členu GDPR', { grounds: ['art23_restriction'], reasoningLength: 0, art23Restriction: true }, [{ grounds: [] }, { art23Restriction: false }]);
  });
  it('N15.1 protected persons: needs the DPO\'s finding and a written reasoning', async () => {
    await bothSides(await ruleSet('refusal-grounds'), 'zaščitene osebe (15. člen)', { grounds: ['art15_protected_persons'], reasoningLength: 100, protectedPersonsAffected: true, representativeKind: 'parent' }, [
      { grounds: ['art23_restriction'] }, { protectedPersonsAffected: false }, { reasoningLength: 99 },
    ]);
  });
  it('N16.1 manifestly unfounded: needs a written reasoning (burden of proof on ZZZS)', async () => {
    await bothSides(await ruleSet('refusal-grounds'), 'očitno neutemeljena (16. člen)', { grounds: ['art16_manifestly_unfounded'], reasoningLength: 150 }, [{ grounds: [] }, { reasoningLength: 10 }]);
  });
  it('N16.1 excessive: the number of requests alone never decides it (CJEU C-416/23)', async () => {
    const rs = await ruleSet('refusal-grounds');
    await bothSides(rs, 'pretirana (16. člen)', { grounds: ['art16_excessive'], reasoningLength: 300, abusiveIntentShown: true, requestsLast12Months: 0 }, [
      { grounds: ['art16_manifestly_unfounded'] }, { abusiveIntentShown: false }, { reasoningLength: 50 },
    ]);
    await bothSides(rs, 'pogoste zahteve: kandidat za pretirano', { grounds: [], reasoningLength: 0, requestsLast12Months: 3 }, [{ requestsLast12Months: 2 }]);
    const many = await evaluateRuleSet(rs, { grounds: ['art16_excessive'], reasoningLength: 500, requestsLast12Months: 12 });
    expect(many.events.map((e) => e.type)).to.deep.equal(['excessive-candidate']);
  });
  it('refuses facts that do not fit the schema, naming the fact', async () => {
    let err: { details?: { path: string }[] } | undefined;
    try {
      await evaluateRuleSet(await ruleSet('refusal-grounds'), { grounds: ['because'], reasoningLength: -1 });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.details?.map((d) => d.path)).to.include.members(['facts.grounds.0', 'facts.reasoningLength']);
  });
});
