import { expect } from 'chai';
import { parseRuleSet } from '../../../src/rules/validate.js';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import { explanationToText } from '../../../src/rules/explain.js';
import { ruleSet } from './support.js';

async function detailsOf(json: unknown): Promise<string[]> {
  try {
    await parseRuleSet(json);
  } catch (e) {
    return ((e as { details: { path: string }[] }).details ?? []).map((d) => d.path);
  }
  return [];
}

const valid = () => JSON.parse(JSON.stringify({
  name: 'sample', description: 'x',
  factsSchema: { type: 'object', properties: { n: { type: 'integer' } } },
  rules: [{ name: 'big', conditions: { all: [{ fact: 'n', operator: 'greaterThan', value: 5 }] }, event: { type: 'big' } }],
  tests: [{ name: 'seven', facts: { n: 7 }, expectEvents: ['big'] }],
}));

describe('rules/load and validate: a rule set is data that is checked before it is used', () => {
  it('accepts a valid rule set', async () => {
    expect(await detailsOf(valid())).to.deep.equal([]);
  });
  it('refuses an unknown operator, naming its path', async () => {
    const j = valid();
    j.rules[0].conditions.all[0].operator = 'matchesRegexOfDoom';
    expect(await detailsOf(j)).to.deep.equal(['rules[0].conditions.all[0].operator']);
  });
  it('refuses an unknown fact', async () => {
    const j = valid();
    j.rules[0].conditions.all[0].fact = 'm';
    expect(await detailsOf(j)).to.deep.equal(['rules[0].conditions.all[0].fact']);
  });
  it('refuses a saved test case that now fails', async () => {
    const j = valid();
    j.rules[0].conditions.all[0].value = 10;
    expect(await detailsOf(j)).to.deep.equal(['tests[0]']);
  });
  it('refuses a facts schema that does not compile and a file of the wrong shape', async () => {
    const j = valid();
    j.factsSchema.properties.n.type = 'nonsense';
    expect(await detailsOf(j)).to.deep.equal(['factsSchema']);
    expect(await detailsOf({ name: 'x' })).to.include('(rule set)');
  });
  it('two evaluations share no state', async () => {
    const rs = await ruleSet('completeness');
    const base = { hasName: true, hasIdentifierOrAddress: true, rightsCount: 1, needsMeasures: false, measuresGiven: false, representativePresent: false, representativeAuthorisationAttached: false, contactGiven: true };
    const [a, b] = await Promise.all([evaluateRuleSet(rs, base), evaluateRuleSet(rs, { ...base, rightsCount: 0 })]);
    expect(a.events.map((e) => e.type)).to.deep.equal(['complete']);
    expect(b.events.map((e) => e.type)).to.deep.equal(['incomplete']);
    const again = await evaluateRuleSet(rs, base);
    expect(again.events.map((e) => e.type)).to.deep.equal(['complete']);
  });
  it('explains each condition with its fact value in Slovenian', async () => {
    const e = await evaluateRuleSet(await ruleSet('fee'), { copyNumber: 2 });
    const text = explanationToText(e.explanation).join('\n');
    expect(text).to.include('Pravilo »nadaljnja kopija«: velja → fee-allowed');
    expect(text).to.include('pogoj copyNumber greaterThanInclusive 2: vrednost 2 — izpolnjen');
  });
});
