import type { RuleExplanation } from './evaluate.js';

const show = (v: unknown) => (v === undefined ? '(ni podatka)' : JSON.stringify(v));

/** An explanation as Slovenian lines for people: each rule, and each of its conditions, held or not. */
export function explanationToText(explanation: readonly RuleExplanation[]): string[] {
  return explanation.flatMap((r) => [
    `Pravilo »${r.rule}«: ${r.result ? 'velja' : 'ne velja'}${r.result && r.event ? ` → ${r.event}` : ''}`,
    ...r.conditions.map((c) => `  pogoj ${c.fact}${c.path ? c.path : ''} ${c.operator} ${show(c.value)}: vrednost ${show(c.factValue)} — ${!c.evaluated ? 'ni bil preverjen' : c.result ? 'izpolnjen' : 'ni izpolnjen'}`),
  ]);
}
