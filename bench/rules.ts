import path from 'node:path';
import { loadRuleSets } from '../src/rules/load.js';
import { evaluateRuleSet } from '../src/rules/evaluate.js';
import { perSecond } from './measure.js';

/** Evaluations per second of each rule set on its own saved test facts, with and without the explanation. */
export async function rules(seconds: number): Promise<Record<string, number>> {
  const sets = await loadRuleSets(path.join(import.meta.dirname, '../rules'));
  const out: Record<string, number> = {};
  for (const [name, rs] of sets) {
    const facts = rs.tests.map((t) => t.facts);
    out[`rules_${name}_per_s`] = await perSecond(seconds / 2, (i) => evaluateRuleSet(rs, facts[Math.abs(i) % facts.length]!, { explain: true }));
    out[`rules_${name}_noexplain_per_s`] = await perSecond(seconds / 2, (i) => evaluateRuleSet(rs, facts[Math.abs(i) % facts.length]!, { explain: false }));
  }
  return out;
}
