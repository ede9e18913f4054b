import { Engine } from 'json-rules-engine';
import { factsValidator } from './schema.js';
import { FactsInvalidError, type ConditionNode, type RuleSet } from './ruleSet.js';

export interface ConditionExplanation {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  factValue: unknown;
  result: boolean;
  /** False when an earlier condition already decided the rule and this one was not looked at. */
  evaluated: boolean;
}

export interface RuleExplanation {
  rule: string;
  result: boolean;
  event: string;
  conditions: ConditionExplanation[];
}

export interface Evaluation {
  ruleSet: string;
  version?: string;
  events: { type: string; params: Record<string, unknown> }[];
  explanation: RuleExplanation[];
}

/**
 * Evaluate a rule set on facts. The facts are checked against the set's schema first; then a FRESH
 * engine runs (json-rules-engine keeps an almanac per run, but rules added to a shared engine would
 * leak between sets): nothing is shared between two evaluations.
 */
export async function evaluateRuleSet(ruleSet: RuleSet, facts: Record<string, unknown>, options: { explain?: boolean; version?: string } = {}): Promise<Evaluation> {
  const validate = factsValidator(ruleSet);
  if (!validate(facts)) {
    const details = (validate.errors ?? []).map((e) => {
      const missing = e.keyword === 'required' ? `.${(e.params as { missingProperty: string }).missingProperty}` : '';
      const extra = e.keyword === 'additionalProperties' ? `.${(e.params as { additionalProperty: string }).additionalProperty}` : '';
      const path = `facts${e.instancePath.replace(/\//g, '.')}${missing}${extra}`;
      return { path, message: e.message ?? 'invalid' };
    });
    throw new FactsInvalidError(`facts do not fit the rule set "${ruleSet.name}": ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
  }
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const r of ruleSet.rules) engine.addRule({ name: r.name, priority: r.priority, conditions: r.conditions as never, event: r.event as never });
  const { results, failureResults } = await engine.run({ ...facts });
  const events = results.map((r) => ({ type: r.event!.type, params: (r.event!.params ?? {}) as Record<string, unknown> }));
  // json-rules-engine returns results in priority order; keep the file's order for stable output.
  const order = new Map(ruleSet.rules.map((r, i) => [r.name, i]));
  const all = [...results, ...failureResults].sort((a, b) => order.get(String(a.name))! - order.get(String(b.name))!);
  const explanation = options.explain === false ? [] : all.map((r) => ({
    rule: String(r.name),
    result: Boolean(r.result),
    event: r.event?.type ?? '',
    conditions: flatten(r.conditions as unknown as EvaluatedNode),
  }));
  return { ruleSet: ruleSet.name, version: options.version, events, explanation };
}

type EvaluatedNode = ConditionNode & { factResult?: unknown; result?: boolean; all?: EvaluatedNode[]; any?: EvaluatedNode[]; not?: EvaluatedNode };

function flatten(node: EvaluatedNode): ConditionExplanation[] {
  if (node.all) return node.all.flatMap(flatten);
  if (node.any) return node.any.flatMap(flatten);
  if (node.not) return flatten(node.not).map((c) => ({ ...c, operator: `not ${c.operator}`, result: !c.result }));
  const leaf = node as Extract<ConditionNode, { fact: string }> & { factResult?: unknown; result?: boolean };
  return [{
    fact: leaf.fact,
    ...(leaf.path ? { path: leaf.path } : {}),
    operator: leaf.operator,
    value: leaf.value,
    factValue: leaf.factResult,
    result: leaf.result === true,
    evaluated: typeof leaf.result === 'boolean',
  }];
}
