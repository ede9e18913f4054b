import { expect } from 'chai';
import path from 'node:path';
import { loadRuleSets } from '../../../src/rules/load.js';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import type { RuleSet } from '../../../src/rules/ruleSet.js';

export const RULES_DIR = path.resolve(import.meta.dirname, '../../../rules');
let loaded: Promise<Map<string, RuleSet>> | null = null;
export async function ruleSet(name: string): Promise<RuleSet> {
  loaded ??= loadRuleSets(RULES_DIR);
  const rs = (await loaded).get(name);
  if (!rs) throw new Error(`no rule set ${name}`);
  return rs;
}

/** Did the named rule hold for these facts? */
export async function holds(rs: RuleSet, rule: string, facts: Record<string, unknown>): Promise<boolean> {
  const e = await evaluateRuleSet(rs, facts);
  const r = e.explanation.find((x) => x.rule === rule);
  if (!r) throw new Error(`no rule "${rule}" in ${rs.name}`);
  return r.result;
}

/**
 * Both sides of every condition of a rule: with `base` the rule holds; each flip changes one fact so that
 * exactly one condition no longer holds, and the rule must then fail.
 */
export async function bothSides(rs: RuleSet, rule: string, base: Record<string, unknown>, flips: Record<string, unknown>[]): Promise<void> {
  expect(await holds(rs, rule, base), `${rule} holds on ${JSON.stringify(base)}`).to.equal(true);
  for (const flip of flips) {
    const facts = { ...base, ...flip };
    for (const [k, v] of Object.entries(flip)) if (v === undefined) delete facts[k];
    expect(await holds(rs, rule, facts), `${rule} fails with ${JSON.stringify(flip)}`).to.equal(false);
  }
}
