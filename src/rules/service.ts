import { evaluateRuleSet, type Evaluation } from './evaluate.js';
import { ruleSetHash, type RuleSet } from './ruleSet.js';

export class UnknownRuleSetError extends Error {}

/** The rule sets in force, each with its content hash as version; every evaluation names the version it used. */
export class RuleService {
  private readonly sets = new Map<string, { ruleSet: RuleSet; version: string }>();

  constructor(ruleSets: ReadonlyMap<string, RuleSet>) {
    for (const [name, rs] of ruleSets) this.sets.set(name, { ruleSet: rs, version: ruleSetHash(rs).slice(0, 16) });
  }

  names(): string[] {
    return [...this.sets.keys()].sort();
  }

  get(name: string): { ruleSet: RuleSet; version: string } | undefined {
    return this.sets.get(name);
  }

  async evaluate(name: string, facts: Record<string, unknown>, explain = true): Promise<Evaluation> {
    const entry = this.sets.get(name);
    if (!entry) throw new UnknownRuleSetError(`no rule set named "${name}"`);
    return evaluateRuleSet(entry.ruleSet, facts, { explain, version: entry.version });
  }
}
