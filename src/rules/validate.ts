import type { FieldIssue } from '../errors.js';
import { compileSchema, validateRuleSetFile } from './schema.js';
import { evaluateRuleSet } from './evaluate.js';
import { unsafeSchemaPatterns } from './safePattern.js';
import { issue, RuleSetInvalidError, type ConditionNode, type RuleSet } from './ruleSet.js';

/** json-rules-engine's default operators: a rule may use no other (operators are code, not data). */
export const KNOWN_OPERATORS = new Set([
  'equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain',
  'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
]);

/**
 * Parse and check a rule set: the file's shape, a facts schema that compiles and whose patterns cannot
 * backtrack catastrophically, conditions that name only
 * facts of that schema and known operators, and saved test cases that all pass. Throws with every
 * problem at once, each at its path (`rules[2].conditions.all[0].fact`).
 */
export async function parseRuleSet(json: unknown, expectedName?: string): Promise<RuleSet> {
  if (!validateRuleSetFile(json)) {
    const details = (validateRuleSetFile.errors ?? []).map((e) => issue(jsonPath(e.instancePath), e.message ?? 'invalid'));
    throw new RuleSetInvalidError(`the rule set is not valid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
  }
  const rs = json as unknown as RuleSet;
  const details: FieldIssue[] = [];
  if (expectedName && rs.name !== expectedName) details.push(issue('name', `must be "${expectedName}"`));
  const compiled = compileSchema(rs.factsSchema);
  if (!compiled.ok) details.push(issue('factsSchema', compiled.message));
  // Before any saved test runs: a pattern that backtracks catastrophically would block the server here already (issue 10 #8).
  for (const p of unsafeSchemaPatterns(rs.factsSchema, 'factsSchema')) details.push(issue(p.path, p.message));
  const facts = new Set(Object.keys((rs.factsSchema.properties ?? {}) as object));
  const names = new Set<string>();
  rs.rules.forEach((rule, i) => {
    if (names.has(rule.name)) details.push(issue(`rules[${i}].name`, `duplicate rule name "${rule.name}"`));
    names.add(rule.name);
    checkNode(rule.conditions as ConditionNode, `rules[${i}].conditions`, facts, details);
  });
  if (details.length === 0) {
    for (const [i, t] of rs.tests.entries()) {
      try {
        const got = (await evaluateRuleSet(rs, t.facts, { explain: false })).events.map((e) => e.type).sort();
        const want = [...t.expectEvents].sort();
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          details.push(issue(`tests[${i}]`, `saved test case "${t.name}" now fails: expected [${want.join(', ')}], got [${got.join(', ')}]`));
        }
      } catch (err) {
        details.push(issue(`tests[${i}].facts`, `saved test case "${t.name}": ${(err as Error).message}`));
      }
    }
  }
  if (details.length) throw new RuleSetInvalidError(`rule set "${rs.name}" is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  return rs;
}

function checkNode(node: ConditionNode, path: string, facts: Set<string>, out: FieldIssue[]): void {
  if (!node || typeof node !== 'object') {
    out.push(issue(path, 'must be a condition object'));
    return;
  }
  if ('all' in node || 'any' in node) {
    const key = 'all' in node ? 'all' : 'any';
    const list = (node as Record<string, unknown>)[key];
    if (!Array.isArray(list) || list.length === 0) out.push(issue(`${path}.${key}`, 'must be a non-empty list of conditions'));
    else list.forEach((c, i) => checkNode(c as ConditionNode, `${path}.${key}[${i}]`, facts, out));
    return;
  }
  if ('not' in node) return checkNode(node.not, `${path}.not`, facts, out);
  if (!('fact' in node) || typeof node.fact !== 'string') {
    out.push(issue(path, 'a condition needs fact, operator and value (or all/any/not)'));
    return;
  }
  if (!facts.has(node.fact)) out.push(issue(`${path}.fact`, `unknown fact "${node.fact}": not in factsSchema`));
  if (!KNOWN_OPERATORS.has(node.operator)) out.push(issue(`${path}.operator`, `unknown operator "${node.operator}"`));
  if (!('value' in node)) out.push(issue(`${path}.value`, 'a condition needs a value'));
  if (node.value && typeof node.value === 'object' && 'fact' in (node.value as object)) {
    out.push(issue(`${path}.value`, 'comparing with another fact is not allowed; compare with a constant'));
  }
}

const jsonPath = (p: string) => p.replace(/^\//, '').split('/').filter(Boolean).map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : (i ? '.' : '') + s)).join('') || '(rule set)';
