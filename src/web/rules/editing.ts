import type { FieldIssue } from '../../errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from '../../http/jsonDepth.js';
import { evaluateRuleSet, type Evaluation } from '../../rules/evaluate.js';
import { RuleSetInvalidError, type ConditionNode, type RuleSet } from '../../rules/ruleSet.js';
import { validateRuleSetFile } from '../../rules/schema.js';
import { parseRuleSet } from '../../rules/validate.js';
import { GROUP_LABELS, KIND_LABELS, OPERATOR_LABELS, OPERATORS_BY_KIND, type FactKind } from './labels.js';

type Json = Record<string, unknown>;

// ------------------------------------------------------------------ facts

export interface FactSpec {
  name: string;
  kind: FactKind;
  kindLabel: string;
  required: boolean;
  /** The allowed values of an enum fact, or of the items of a list fact. */
  values: unknown[];
  operators: string[];
  minimum?: number;
}

/** The facts of a facts schema, each with its kind, allowed values and the operators that fit it. */
export function factSpecs(factsSchema: unknown): FactSpec[] {
  const schema = (factsSchema && typeof factsSchema === 'object' ? factsSchema : {}) as Json;
  const props = (schema.properties && typeof schema.properties === 'object' ? schema.properties : {}) as Record<string, Json>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(props).map(([name, p]) => {
    const { kind, values } = kindOf(p ?? {});
    return {
      name, kind, kindLabel: KIND_LABELS[kind], required: required.has(name), values, operators: OPERATORS_BY_KIND[kind],
      ...(typeof p?.minimum === 'number' ? { minimum: p.minimum } : {}),
    };
  });
}

function kindOf(p: Json): { kind: FactKind; values: unknown[] } {
  if (Array.isArray(p.enum)) return { kind: 'enum', values: p.enum };
  switch (p.type) {
    case 'boolean': return { kind: 'boolean', values: [true, false] };
    case 'integer': return { kind: 'integer', values: [] };
    case 'number': return { kind: 'number', values: [] };
    case 'string': return { kind: 'string', values: [] };
    case 'array': {
      const items = (p.items ?? {}) as Json;
      return { kind: 'list', values: Array.isArray(items.enum) ? items.enum : [] };
    }
    default: return { kind: 'other', values: [] };
  }
}

/** A value as people read it: da/ne, lists with commas, "(ni podatka)" for a fact that was not given. */
export function display(v: unknown): string {
  if (v === undefined) return '(ni podatka)';
  if (v === true) return 'da';
  if (v === false) return 'ne';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? v.map(display).join(', ') : '(prazen seznam)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const operatorLabel = (op: string) => (op.startsWith('not ') ? `ne velja: ${OPERATOR_LABELS[op.slice(4)] ?? op.slice(4)}` : OPERATOR_LABELS[op] ?? op);

// ------------------------------------------------------------------ the structured view (server-rendered)

export interface ConditionRow {
  depth: number;
  group: string | null;
  fact?: string;
  operator?: string;
  operatorLabel?: string;
  value?: string;
  /** A node the structured editor does not edit (not, deeper nesting): shown as JSON. */
  raw?: string;
}

/** A rule's condition tree as rows: the top group, its conditions, and nested groups one level deeper. */
export function conditionRows(node: unknown, depth = 0): ConditionRow[] {
  const n = (node ?? {}) as Json;
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(n[key])) {
      return [{ depth, group: GROUP_LABELS[key] }, ...(n[key] as unknown[]).flatMap((c) => conditionRows(c, depth + 1))];
    }
  }
  if ('not' in n) return [{ depth, group: null, raw: `ne velja: ${JSON.stringify(n.not)}` }];
  if (typeof n.fact === 'string') {
    const op = String(n.operator ?? '');
    return [{ depth, group: null, fact: n.fact, operator: op, operatorLabel: operatorLabel(op), value: display(n.value) }];
  }
  return [{ depth, group: null, raw: JSON.stringify(node) }];
}

export function rulesView(rs: RuleSet) {
  return (Array.isArray(rs.rules) ? rs.rules : []).map((rule, i) => ({
    n: i + 1, name: rule?.name ?? '', priority: rule?.priority ?? null,
    rows: conditionRows(rule?.conditions),
    eventType: rule?.event?.type ?? '',
    params: Object.entries(rule?.event?.params ?? {}).map(([key, value]) => ({ key, value: display(value) })),
  }));
}

/** Every event type the rules can produce (and the saved tests expect): the choices for a test's expected events. */
export function eventTypes(rs: RuleSet): string[] {
  const types = new Set<string>();
  for (const r of Array.isArray(rs.rules) ? rs.rules : []) if (typeof r?.event?.type === 'string' && r.event.type) types.add(r.event.type);
  for (const t of Array.isArray(rs.tests) ? rs.tests : []) for (const e of Array.isArray(t?.expectEvents) ? t.expectEvents : []) types.add(String(e));
  return [...types];
}

// ------------------------------------------------------------------ the test bench

export type BenchInput = Record<string, string | string[]>;

/** The bench's form fields, generated from the facts schema, holding what was typed. */
export function benchFields(specs: readonly FactSpec[], typed: BenchInput) {
  return specs.map((s) => {
    const raw = typed[s.name];
    const text = Array.isArray(raw) ? raw.join('\n') : raw ?? '';
    const chosen = Array.isArray(raw) ? raw : raw ? [raw] : [];
    return {
      ...s, id: `fact-${s.name}`, value: text,
      isBoolean: s.kind === 'boolean', isNumber: s.kind === 'integer' || s.kind === 'number', isEnum: s.kind === 'enum',
      isChecklist: s.kind === 'list' && s.values.length > 0, isLines: s.kind === 'list' && s.values.length === 0,
      isText: s.kind === 'string' || s.kind === 'other',
      step: s.kind === 'integer' ? '1' : 'any',
      options: s.values.map((v) => ({ value: String(v), label: display(v), selected: chosen.includes(String(v)) })),
      boolOptions: [{ value: 'true', label: 'da', selected: text === 'true' }, { value: 'false', label: 'ne', selected: text === 'false' }],
    };
  });
}

/** What was typed on the bench as facts of the schema's types; an empty field is a fact not given. */
export function factsFromBench(specs: readonly FactSpec[], typed: BenchInput): { facts: Record<string, unknown>; issues: FieldIssue[] } {
  const facts: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const s of specs) {
    const raw = typed[s.name];
    if (raw === undefined) continue;
    if (s.kind === 'list') {
      const items = (Array.isArray(raw) ? raw : String(raw).split('\n')).map((x) => String(x).trim()).filter(Boolean);
      // A checklist sends nothing when nothing is ticked; an empty list is then "not given".
      if (items.length) facts[s.name] = items;
      continue;
    }
    const text = (Array.isArray(raw) ? raw[0] ?? '' : raw).trim();
    if (text === '') continue;
    switch (s.kind) {
      case 'boolean':
        if (text === 'true' || text === 'false') facts[s.name] = text === 'true';
        else issues.push({ path: `facts.${s.name}`, message: 'izberite da ali ne' });
        break;
      case 'integer':
      case 'number': {
        const n = Number(text.replace(',', '.'));
        if (!Number.isFinite(n) || (s.kind === 'integer' && !Number.isInteger(n))) issues.push({ path: `facts.${s.name}`, message: s.kind === 'integer' ? 'vpišite celo število' : 'vpišite število' });
        else facts[s.name] = n;
        break;
      }
      case 'enum': {
        const match = s.values.find((v) => String(v) === text);
        facts[s.name] = match === undefined ? text : match;
        break;
      }
      case 'other':
        try {
          facts[s.name] = jsonDepth(Buffer.from(text, 'utf8'), MAX_JSON_DEPTH) > MAX_JSON_DEPTH ? text : JSON.parse(text);
        } catch {
          facts[s.name] = text;
        }
        break;
      default:
        facts[s.name] = text;
    }
  }
  return { facts, issues };
}

/** Facts of a saved test case as bench input (to load a test case onto the bench). */
export function benchOf(facts: Record<string, unknown>): BenchInput {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]));
}

export interface ExplainedRule {
  rule: string;
  result: boolean;
  event: string;
  conditions: { fact: string; operatorLabel: string; value: string; factValue: string; result: boolean; evaluated: boolean; state: 'held' | 'failed' | 'skipped'; stateLabel: string }[];
}

/** evaluate.ts's explanation, for people: every rule and every condition held or not, with the fact's value. */
export function explanationView(e: Evaluation): { events: { type: string; params: string }[]; rules: ExplainedRule[] } {
  return {
    events: e.events.map((x) => ({ type: x.type, params: Object.keys(x.params).length ? JSON.stringify(x.params) : '' })),
    rules: e.explanation.map((r) => ({
      rule: r.rule, result: r.result, event: r.event,
      conditions: r.conditions.map((c) => {
        const state = !c.evaluated ? 'skipped' : c.result ? 'held' : 'failed';
        return {
          fact: `${c.fact}${c.path ?? ''}`, operatorLabel: operatorLabel(c.operator), value: display(c.value), factValue: display(c.factValue),
          result: c.result, evaluated: c.evaluated, state, stateLabel: { held: 'izpolnjen', failed: 'ni izpolnjen', skipped: 'ni bil preverjen' }[state],
        } as const;
      }),
    })),
  };
}

// ------------------------------------------------------------------ checking an edited rule set

export interface TestResult {
  index: number;
  name: string;
  facts: string;
  expected: string[];
  got: string[];
  passed: boolean;
  error: string | null;
}

export interface Check {
  /** The edited rule set if its shape allows evaluating it (facts or operators may still be wrong). */
  ruleSet: RuleSet | null;
  /** What is wrong apart from the saved test cases, in Slovenian, each with where it is. */
  issues: PlacedIssue[];
  tests: TestResult[];
  failing: TestResult[];
  /** True when a deploy would be accepted (the same checks as the API's, parseRuleSet). */
  deployable: boolean;
}

export interface PlacedIssue {
  path: string;
  where: string;
  message: string;
}

const isTestPath = (p: string) => /^tests\[\d+\](\.facts)?$/.test(p);

/**
 * The edited rule set checked as a deploy would check it (parseRuleSet), and every saved test case run on
 * it with its result, passing or not (the validator only reports the failing ones).
 */
export async function checkRuleSet(json: unknown, name: string): Promise<Check> {
  let structural: FieldIssue[] = [];
  try {
    await parseRuleSet(json, name);
  } catch (err) {
    if (!(err instanceof RuleSetInvalidError)) throw err;
    structural = err.details.filter((d) => !isTestPath(d.path));
  }
  const ruleSet = validateRuleSetFile(json) ? (json as RuleSet) : null;
  const tests = ruleSet ? await runSavedTests(ruleSet) : [];
  const failing = tests.filter((t) => !t.passed);
  return { ruleSet, issues: placeIssues(structural, ruleSet ?? (json as RuleSet)), tests, failing, deployable: structural.length === 0 && failing.length === 0 && ruleSet !== null };
}

export async function runSavedTests(rs: RuleSet): Promise<TestResult[]> {
  const out: TestResult[] = [];
  for (const [index, t] of rs.tests.entries()) {
    const expected = [...t.expectEvents].sort();
    const base = { index, name: t.name, facts: JSON.stringify(t.facts), expected };
    try {
      const got = (await evaluateRuleSet(rs, t.facts, { explain: false })).events.map((e) => e.type).sort();
      out.push({ ...base, got, passed: JSON.stringify(got) === JSON.stringify(expected), error: null });
    } catch (err) {
      const details = (err as { details?: FieldIssue[] }).details;
      const message = details?.length ? details.map((d) => `${d.path}: ${slovenian(d.message)}`).join('; ') : slovenian((err as Error).message);
      out.push({ ...base, got: [], passed: false, error: message });
    }
  }
  return out;
}

// ------------------------------------------------------------------ Slovenian messages

const TYPES: Record<string, string> = { string: 'besedilo', integer: 'celo število', number: 'število', boolean: 'da/ne (true/false)', object: 'objekt', array: 'seznam', null: 'null' };

const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown fact "(.+)": not in factsSchema$/, (m) => `neznano dejstvo »${m[1]}«: ni v shemi dejstev`],
  [/^unknown operator "(.+)"$/, (m) => `neznan operator »${m[1]}«`],
  [/^must be "(.+)"$/, (m) => `ime mora biti »${m[1]}«`],
  [/^duplicate rule name "(.+)"$/, (m) => `ime pravila »${m[1]}« se ponovi`],
  [/^must be a non-empty list of conditions$/, () => 'skupina mora imeti vsaj en pogoj'],
  [/^must be a condition object$/, () => 'mora biti pogoj'],
  [/^a condition needs fact, operator and value/, () => 'pogoj potrebuje dejstvo, operator in vrednost (ali skupino pogojev)'],
  [/^a condition needs a value$/, () => 'pogoj potrebuje vrednost'],
  [/^comparing with another fact is not allowed/, () => 'primerjava z drugim dejstvom ni dovoljena; primerjajte s stalno vrednostjo'],
  [/^saved test case "(.+)" now fails: expected \[(.*)\], got \[(.*)\]$/, (m) => `shranjeni testni primer »${m[1]}« ne uspe: pričakovani dogodki [${m[2] || 'nobenega'}], dobljeni [${m[3] || 'nobenega'}]`],
  [/^must have required property '(.+)'$/, (m) => `manjka obvezno polje »${m[1]}«`],
  [/^must NOT have additional properties$/, () => 'vsebuje polje, ki ni dovoljeno'],
  [/^must be (string|integer|number|boolean|object|array|null)$/, (m) => `mora biti ${TYPES[m[1]!]}`],
  [/^must NOT have fewer than (\d+) items$/, (m) => `mora imeti vsaj ${m[1]} element(ov)`],
  [/^must NOT have fewer than (\d+) characters$/, (m) => `mora imeti vsaj ${m[1]} znak(ov)`],
  [/^must match pattern/, () => 'sme vsebovati le male črke, števke in vezaje'],
  [/^must be >= (\S+)$/, (m) => `mora biti vsaj ${m[1]}`],
  [/^must be <= (\S+)$/, (m) => `mora biti največ ${m[1]}`],
  [/^must be equal to one of the allowed values$/, () => 'ni med dovoljenimi vrednostmi'],
  [/^must be equal to constant$/, () => 'ni dovoljena vrednost'],
  [/^facts do not fit the rule set ".+?": (.*)$/, (m) => `dejstva ne ustrezajo shemi: ${m[1]}`],
];

export function slovenian(message: string): string {
  for (const [re, say] of PATTERNS) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}

/** Where an issue is, for people: `rules[2].conditions.all[1].fact` → Pravilo 3 »…«, pogoj 2 (dejstvo). */
export function whereOf(path: string, rs: RuleSet | null): string {
  const rules = Array.isArray(rs?.rules) ? rs!.rules : [];
  const tests = Array.isArray(rs?.tests) ? rs!.tests : [];
  let m = /^rules\[(\d+)\](.*)$/.exec(path);
  if (m) {
    const i = Number(m[1]);
    const name = typeof rules[i]?.name === 'string' ? ` »${rules[i]!.name}«` : '';
    const rest = m[2] ?? '';
    const cond = /^\.conditions\.(?:all|any|not)((?:\[\d+\](?:\.(?:all|any|not))?)*)(?:\[\d+\])?/.exec(rest);
    const numbers = [...rest.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]) + 1);
    const part = /\.fact$/.test(rest) ? ' (dejstvo)' : /\.operator$/.test(rest) ? ' (operator)' : /\.value$/.test(rest) ? ' (vrednost)' : '';
    if (cond && numbers.length) return `Pravilo ${i + 1}${name}, pogoj ${numbers.join('.')}${part}`;
    if (rest.startsWith('.event')) return `Pravilo ${i + 1}${name}, dogodek`;
    if (rest === '.name') return `Pravilo ${i + 1}, ime`;
    return `Pravilo ${i + 1}${name}`;
  }
  m = /^tests\[(\d+)\]/.exec(path);
  if (m) return `Testni primer ${Number(m[1]) + 1}${typeof tests[Number(m[1])]?.name === 'string' ? ` »${tests[Number(m[1])]!.name}«` : ''}`;
  if (path.startsWith('factsSchema')) return 'Shema dejstev';
  if (path.startsWith('facts.')) return `Dejstvo ${path.slice(6)}`;
  if (path === 'name') return 'Ime nabora';
  if (path === 'description') return 'Opis';
  if (path === 'rules') return 'Pravila';
  if (path === 'tests') return 'Testni primeri';
  if (path === 'json') return 'JSON';
  return 'Nabor pravil';
}

export function placeIssues(issues: readonly FieldIssue[], rs: RuleSet | null): PlacedIssue[] {
  return issues.map((i) => ({ path: i.path, where: whereOf(i.path, rs), message: sentence(slovenian(i.message)) }));
}

const sentence = (m: string) => {
  const t = m.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?)\]]$/.test(s) ? s : `${s}.`;
};

/** The text of the raw-JSON field as a value; a parse error becomes an issue at `json`. */
export function parseJsonText(text: string): { json: unknown; issue: PlacedIssue | null } {
  // As for JSON bodies: deeper nesting would overflow every recursive check after the parse.
  if (jsonDepth(Buffer.from(text, 'utf8'), MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { json: null, issue: { path: 'json', where: 'JSON', message: `Besedilo je gnezdeno globlje od ${MAX_JSON_DEPTH} ravni.` } };
  try {
    return { json: JSON.parse(text), issue: null };
  } catch (err) {
    return { json: null, issue: { path: 'json', where: 'JSON', message: `Besedilo ni veljaven JSON: ${(err as Error).message}` } };
  }
}

/** A rule set as the raw-JSON field shows it. */
export const jsonText = (rs: unknown) => JSON.stringify(rs, null, 2);

export type { ConditionNode };
