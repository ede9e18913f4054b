import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonicalJson.js';
import { ValidationError, type FieldIssue } from '../errors.js';

/** A json-rules-engine condition tree as it is stored. */
export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  | { fact: string; operator: string; value: unknown; path?: string };

export interface RuleDefinition {
  name: string;
  priority?: number;
  conditions: { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };
  event: { type: string; params?: Record<string, unknown> };
}

export interface SavedTestCase {
  name: string;
  facts: Record<string, unknown>;
  /** The event types the facts must produce, in any order; nothing else may be produced. */
  expectEvents: string[];
}

/** One decision as data: rules, the JSON Schema of their facts, and test cases that must keep passing. */
export interface RuleSet {
  name: string;
  description: string;
  factsSchema: Record<string, unknown>;
  rules: RuleDefinition[];
  tests: SavedTestCase[];
}

export const ruleSetHash = (rs: RuleSet): string => createHash('sha256').update(canonicalJson(rs)).digest('hex');

/** Thrown when a rule set file is not a valid rule set; details name the offending paths. */
export class RuleSetInvalidError extends ValidationError {
  override readonly code = 'rule_set_invalid';
}

/** Thrown when facts do not fit a rule set's schema; details name the facts (`facts.channel`). */
export class FactsInvalidError extends ValidationError {}

export const issue = (path: string, message: string): FieldIssue => ({ path, message });
