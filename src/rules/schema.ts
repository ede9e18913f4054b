import { Ajv, type ValidateFunction } from 'ajv';
import type { RuleSet } from './ruleSet.js';
import { unsafeSchemaPatterns } from './safePattern.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new WeakMap<RuleSet, ValidateFunction>();

/** The compiled JSON Schema of a rule set's facts (cached per loaded rule set). */
export function factsValidator(ruleSet: RuleSet): ValidateFunction {
  let v = cache.get(ruleSet);
  if (!v) {
    // A rule set stored before patterns were checked is not evaluated with a pattern that could block the server.
    const unsafe = unsafeSchemaPatterns(ruleSet.factsSchema, 'factsSchema');
    if (unsafe.length) throw new Error(`rule set "${ruleSet.name}" cannot be evaluated: ${unsafe.map((u) => `${u.path}: ${u.message}`).join('; ')}; deploy a version without it`);
    v = ajv.compile(ruleSet.factsSchema);
    cache.set(ruleSet, v);
  }
  return v;
}

export function compileSchema(schema: Record<string, unknown>): { ok: true } | { ok: false; message: string } {
  try {
    ajv.compile(schema);
    return { ok: true };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** The shape of a rule set file itself. */
export const ruleSetFileSchema = {
  type: 'object',
  required: ['name', 'description', 'factsSchema', 'rules', 'tests'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    description: { type: 'string', minLength: 1 },
    factsSchema: { type: 'object', required: ['type', 'properties'], properties: { type: { const: 'object' }, properties: { type: 'object' } } },
    rules: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', required: ['name', 'conditions', 'event'], additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          priority: { type: 'integer', minimum: 1 },
          conditions: { type: 'object' },
          event: { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { type: 'string', minLength: 1 }, params: { type: 'object' } } },
        },
      },
    },
    tests: {
      type: 'array',
      items: {
        type: 'object', required: ['name', 'facts', 'expectEvents'], additionalProperties: false,
        properties: { name: { type: 'string' }, facts: { type: 'object' }, expectEvents: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
} as const;

export const validateRuleSetFile = ajv.compile(ruleSetFileSchema);
