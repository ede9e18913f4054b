import { expect } from 'chai';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import { bothSides, holds, ruleSet } from './support.js';

describe('N15.1 N16.1 rules/refusal-grounds', () => {
  it('GDPR Art 23: supported only when the records check found a restriction', async () => {
    await bothSides(await ruleSet('refusal-grounds'), 'omejitev po 23. členu GDPR', { grounds: ['art23_restriction'], reasoningLength: 0, art23Restriction: true }, [{ grounds: [] }, { art23Restriction: false }]);
  });
  it('N15.1 protected persons: needs the DPO\'s finding and a written reasoning', async () => {
    await bothSides(await ruleSet('refusal-grounds'), 'zaščitene osebe (15. člen): zahtevo vloži zakoniti zastopnik', { grounds: ['art15_protected_persons'], reasoningLength: 100, protectedPersonsAffected: true, representativeKind: 'parent' }, [
      { grounds: ['art23_restriction'] }, { protectedPersonsAffected: false }, { reasoningLength: 99 },
    ]);
  });
  it('N15.1 (issue 16 #5): only where a legal representative asks about a protected person — never an adult about his own data', async () => {
    const rs = await ruleSet('refusal-grounds');
    const rule = 'zaščitene osebe (15. člen): zahtevo vloži zakoniti zastopnik';
    const base = { grounds: ['art15_protected_persons'], reasoningLength: 300, protectedPersonsAffected: true };
    expect(await holds(rs, rule, { ...base, representativeKind: 'parent', subjectAdult: false })).to.equal(true);
    expect(await holds(rs, rule, { ...base, representativeKind: 'legal_guardian', subjectAdult: true })).to.equal(true);
    expect(await holds(rs, rule, { ...base, representativeKind: 'none', subjectAdult: true }), 'an adult asking about his own data').to.equal(false);
    expect(await holds(rs, rule, { ...base, representativeKind: 'none' }), 'no representative').to.equal(false);
    expect(await holds(rs, rule, { ...base, representativeKind: 'attorney', subjectAdult: false }), 'an attorney is no legal representative').to.equal(false);
    expect(await holds(rs, rule, { ...base, representativeKind: 'parent', subjectAdult: true }), 'a parent of an adult').to.equal(false);
  });
  it('issue 16 #12: each GDPR exception is supported only for the right it belongs to', async () => {
    const rs = await ruleSet('refusal-grounds');
    const belongs: Record<string, string> = {
      gdpr16_data_accurate: 'rectification', gdpr17_3_b_legal_obligation: 'erasure', gdpr17_3_c_public_health: 'erasure', gdpr17_3_d_archiving: 'erasure',
      gdpr17_3_e_legal_claims: 'erasure', gdpr18_2_permitted_processing: 'restriction', gdpr21_1_compelling_grounds: 'objection',
    };
    for (const [ground, right] of Object.entries(belongs)) {
      for (const other of ['access', 'rectification', 'erasure', 'restriction', 'objection']) {
        const e = await evaluateRuleSet(rs, { grounds: [ground], reasoningLength: 60, rights: [other] });
        const supported = e.events.some((x) => x.type === 'ground-supported' && x.params.ground === ground);
        expect(supported, `${ground} for ${other}`).to.equal(other === right);
      }
    }
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
