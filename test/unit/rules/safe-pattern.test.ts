import { expect } from 'chai';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import { unsafePatternReason, unsafeSchemaPatterns } from '../../../src/rules/safePattern.js';
import { parseRuleSet } from '../../../src/rules/validate.js';
import { RuleSetInvalidError } from '../../../src/rules/ruleSet.js';
import { ruleSet } from './support.js';

/** Patterns that backtrack catastrophically in JavaScript's engine (seconds on ~30 characters), and their kin. */
const EVIL = [
  '(a+)+$', '(a|a)*', '(a|aa)+', '(.*a){20}', '^(a+)+$', '([a-z]{2,5})+$', '(a?)*', '(a*)*b', '((a+)|b)+$', '(\\w+\\s?)+$', '^(\\d+)*$',
  '(x+x+)+y', '(a|b|ab)*c', '.*a.*a.*a', '^(([a-z])+.)+[A-Z]([a-z])+$', '(a)\\1', '(?<n>a)\\k<n>',
  '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
];
/** Patterns a facts schema would sensibly have: linear in practice, accepted. */
const SAFE = [
  '^[a-z][a-z0-9-]*$', '^\\d{13}$', '^[a-z]+(-[a-z]+)*$', '^\\d+(,\\d+)*$', '^(\\d{1,3}\\.){3}\\d{1,3}$', '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$',
  '^(SI)?\\d{8}$', '^\\p{L}+( \\p{L}+)*$', '^[A-ZČŠŽ][a-zčšž]+$', '^(?:post|email|in_person)$', '^.*@.*$', '(\\d{3})+', '^[\\w.-]+$', '^(?=.*\\d)[a-z\\d]{8,}$',
];

describe('Issue 10 #8: rule-set schema patterns that cannot backtrack catastrophically', () => {
  for (const p of EVIL) {
    it(`refuses ${p}`, () => expect(unsafePatternReason(p), p).to.be.a('string'));
  }
  for (const p of SAFE) {
    it(`accepts ${p}`, () => expect(unsafePatternReason(p), p).to.equal(null));
  }

  it('refuses patterns it cannot read and patterns over 500 characters, with the reason', () => {
    expect(unsafePatternReason('(a')).to.match(/cannot be read: a group is not closed/);
    expect(unsafePatternReason('a'.repeat(501))).to.match(/too long/);
  });

  it('finds patterns at any depth of a schema (pattern values and patternProperties keys), each with its path', () => {
    const found = unsafeSchemaPatterns({
      type: 'object',
      properties: { code: { type: 'string', pattern: '(a+)+$' }, list: { type: 'array', items: { type: 'string', pattern: '(a|aa)+' } }, pattern: { type: 'string', pattern: '^\\d+$' } },
      patternProperties: { '^(x|x)*$': { type: 'string' }, '^ok$': { type: 'string' } },
    }, 'factsSchema');
    expect(found.map((f) => f.path)).to.have.deep.members(['factsSchema.properties.code.pattern', 'factsSchema.properties.list.items.pattern', 'factsSchema.patternProperties["^(x|x)*$"]']);
    expect(found.find((f) => f.path.endsWith('code.pattern'))!.message).to.match(/^pattern "\(a\+\)\+\$" is refused: a repetition inside a repeated group/);
  });

  it('a rule set with such a pattern is refused before its saved tests run (they would block here), the path named', async () => {
    const rs = JSON.parse(JSON.stringify(await ruleSet('refusal-grounds')));
    rs.factsSchema.properties.note = { type: 'string', pattern: '^(a+)+$' };
    rs.tests.push({ name: 'zlonamerna opomba', facts: { grounds: [], reasoningLength: 0, note: `${'a'.repeat(40)}!` }, expectEvents: [] });
    const err = await parseRuleSet(rs, 'refusal-grounds').then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(RuleSetInvalidError);
    expect((err as RuleSetInvalidError).details.map((d) => d.path)).to.deep.equal(['factsSchema.properties.note.pattern']);
  });

  it('a rule set stored before the check is not evaluated with its pattern: a clear error instead of a blocked server', async () => {
    const rs = JSON.parse(JSON.stringify(await ruleSet('refusal-grounds')));
    rs.factsSchema.properties.note = { type: 'string', pattern: '(.*a){20}' };
    const err = await evaluateRuleSet(rs, { grounds: [], reasoningLength: 0, note: 'a'.repeat(30) }).then(() => null, (e: unknown) => e);
    expect(String(err)).to.match(/cannot be evaluated: factsSchema\.properties\.note\.pattern/);
  });
});
