import { identityFacts } from '../../requests/ruleFacts.js';
import { assessFee, refusalFacts, TARIFF_ITEM_LABELS } from '../../requests/decision.js';
import { eurosText } from '../../rules/fee.js';
import { completenessFacts } from '../../requests/facts.js';
import { GROUND_LABELS, type Request } from '../../requests/model.js';
import { REFUSAL_GROUNDS } from '../../requests/schemas.js';
import { GROUNDS } from '../../domain/refusalGrounds.js';
import type { ConditionExplanation, Evaluation } from '../../rules/evaluate.js';
import type { RuleService } from '../../rules/service.js';
import type { System } from '../../system.js';
import { METHOD_LABELS } from './labels.js';

/**
 * What the rule sets say about a case, shown beside a task's form so the DPO sees why before deciding.
 * These are previews: evaluated read-only, nothing is written to the audit log (the step that completes
 * the task evaluates again and records that evaluation with its explanation).
 */

/** One condition of a rule, in words: what it needs, what the case has, held or not. */
export interface ConditionLine {
  text: string;
  held: boolean;
}

const FACT_TEXT: Record<string, string> = {
  channel: 'način vložitve', qualifiedSignature: 'kvalificiran e-podpis', idDocumentSeen: 'vpogled v osebni dokument',
  paperConfirmation: 'potrditev v papirni obliki', inPerson: 'osebna potrditev', personalDeliveryToOfficialAddress: 'osebna vročitev na uradni naslov',
  recordsMatch: 'ujemanje z evidencami Zavoda', hasName: 'ime in priimek', hasIdentifierOrAddress: 'identifikacijski podatek ali naslov',
  rightsCount: 'število navedenih pravic', needsMeasures: 'pravica zahteva navedbo ukrepov', measuresGiven: 'ukrepi navedeni',
  representativePresent: 'zastopnik', representativeAuthorisationAttached: 'pooblastilo priloženo', contactGiven: 'naslov za odgovor',
  grounds: 'izbrani razlogi', reasoningLength: 'dolžina obrazložitve (znakov)', art23Restriction: 'omejitev po 23. členu GDPR, ugotovljena pri preverjanju zbirk',
  protectedPersonsAffected: 'prizadete so zaščitene osebe', requestsLast12Months: 'zahteve iste osebe v zadnjih 12 mesecih', abusiveIntentShown: 'izkazan namen zlorabe',
  representativeKind: 'vrsta zastopnika', copyNumber: 'zaporedna kopija', manifestlyUnfoundedOrExcessive: 'očitno neutemeljena ali pretirana',
  rights: 'uveljavljane pravice', subjectAdult: 'posameznik je po EMŠO polnoleten', outcome: 'odločitev',
};

const word = (v: unknown): string => (v === true ? 'da' : v === false ? 'ne' : v === undefined || v === null ? 'ni podatka' : Array.isArray(v) ? (v.length ? v.join(', ') : 'nič') : String(v));

const OPERATOR_TEXT: Record<string, (v: unknown) => string> = {
  equal: (v) => word(v), notEqual: (v) => `ne ${word(v)}`, 'not equal': (v) => `ne ${word(v)}`,
  greaterThanInclusive: (v) => `vsaj ${word(v)}`, greaterThan: (v) => `več kot ${word(v)}`,
  lessThan: (v) => `manj kot ${word(v)}`, lessThanInclusive: (v) => `največ ${word(v)}`,
  contains: (v) => `vsebuje ${word(v)}`, doesNotContain: (v) => `ne vsebuje ${word(v)}`, in: (v) => `eno od: ${word(v)}`,
};

export function conditionLine(c: ConditionExplanation): ConditionLine {
  const needs = (OPERATOR_TEXT[c.operator] ?? ((v: unknown) => `${c.operator} ${word(v)}`))(c.value);
  const name = FACT_TEXT[c.fact] ?? c.fact;
  const status = !c.evaluated ? 'ni bilo treba preveriti' : c.result ? 'izpolnjeno' : 'ni izpolnjeno';
  return { text: `${name}: potrebno ${needs}, v zadevi ${word(c.factValue)} — ${status}`, held: c.evaluated && c.result };
}

export interface RuleLine {
  rule: string;
  result: boolean;
  conditions: ConditionLine[];
}

const ruleLines = (e: Evaluation): RuleLine[] => e.explanation.map((r) => ({ rule: r.rule, result: r.result, conditions: r.conditions.map(conditionLine) }));

/** Rules never break a page: a rule set that no longer fits the facts (after an edit) is reported instead. */
async function safely(rules: RuleService, name: string, facts: Record<string, unknown>): Promise<{ evaluation: Evaluation | null; error: string | null }> {
  try {
    return { evaluation: await rules.evaluate(name, facts), error: null };
  } catch (err) {
    return { evaluation: null, error: `Pravil »${name}« ni bilo mogoče oceniti: ${(err as Error).message}` };
  }
}

export interface CompletenessPreview {
  ruleSet: string;
  version: string | null;
  complete: boolean;
  gaps: string[];
  rules: RuleLine[];
  error: string | null;
}

/** checkCompleteness: what art. 4 requires and the request lacks (rule set `completeness`). */
export async function completenessPreview(rules: RuleService, r: Request): Promise<CompletenessPreview> {
  const { evaluation, error } = await safely(rules, 'completeness', completenessFacts(r));
  const events = evaluation?.events ?? [];
  return {
    ruleSet: 'completeness', version: evaluation?.version ?? null,
    complete: events.some((e) => e.type === 'complete'),
    gaps: events.filter((e) => e.type === 'incomplete').map((e) => String(e.params.message ?? e.params.missing ?? '')),
    rules: evaluation ? ruleLines(evaluation) : [], error,
  };
}

export interface MethodPreview {
  value: string;
  label: string;
  sufficient: boolean;
  reason: string;
  missing: string;
  rules: RuleLine[];
}

export interface IdentityPreview {
  version: string | null;
  methods: MethodPreview[];
  sufficientLabels: string[];
  evidence: string[];
  error: string | null;
}

/** verifyIdentity: for each method of art. 7, does it suffice for this channel, and why (`identity-sufficiency`). */
export async function identityPreview(rules: RuleService, r: Request): Promise<IdentityPreview> {
  const methods: MethodPreview[] = [];
  let version: string | null = null;
  let error: string | null = null;
  for (const [value, label] of Object.entries(METHOD_LABELS)) {
    const res = await safely(rules, 'identity-sufficiency', identityFacts(r, value));
    error ??= res.error;
    const e = res.evaluation;
    version ??= e?.version ?? null;
    const sufficient = Boolean(e?.events.some((x) => x.type === 'identity-sufficient'));
    const verdict = e?.events[0]?.params ?? {};
    // Only the rules that speak about this channel are worth reading.
    const relevant = (e ? ruleLines(e) : []).filter((l) => l.conditions.some((c) => c.text.startsWith(`${FACT_TEXT.channel}:`) && c.held));
    methods.push({ value, label, sufficient, reason: String(verdict.reason ?? ''), missing: sufficient ? '' : String(verdict.missing ?? ''), rules: relevant });
  }
  const evidence = [
    ...(r.identityEvidence.qualifiedSignature ? ['ob vložitvi zabeležen kvalificiran e-podpis'] : []),
    ...(r.identityEvidence.idDocumentSeen ? ['ob vložitvi opravljen vpogled v osebni dokument'] : []),
  ];
  return { version, methods, sufficientLabels: methods.filter((m) => m.sufficient).map((m) => m.label), evidence, error };
}

export interface GroundPreview {
  value: string;
  label: string;
  legalBasis: string;
  supported: boolean;
  conditions: ConditionLine[];
}

export interface RefusalPreview {
  version: string | null;
  grounds: GroundPreview[];
  requestsLast12Months: number;
  excessiveNote: string | null;
  facts: Record<string, unknown>;
  error: string | null;
}

/**
 * decide: which refusal grounds the facts of the case support (`refusal-grounds`), evaluated with every
 * ground proposed at once, with what the DPO has typed so far (reasoning, findings). The number of
 * requests alone never supports "excessive" (CJEU C-416/23); the rule set only flags it.
 */
export async function refusalPreview(system: System, r: Request, typed: { reasoning: string; protectedPersonsAffected: boolean; abusiveIntentShown: boolean }, day: string): Promise<RefusalPreview> {
  const facts = await system.db.read((m) => refusalFacts(m, r, { grounds: [...REFUSAL_GROUNDS], ...typed }, day));
  const requestsLast12Months = Number(facts.requestsLast12Months);
  const { evaluation: e, error } = await safely(system.rules, 'refusal-grounds', facts);
  const supported = new Set((e?.events ?? []).filter((x) => x.type === 'ground-supported').map((x) => String(x.params.ground)));
  const definitions = system.rules.get('refusal-grounds')?.ruleSet.rules ?? [];
  const groundOfRule = new Map(definitions.filter((d) => d.event.type === 'ground-supported').map((d) => [d.name, String(d.event.params?.ground ?? '')]));
  const grounds = REFUSAL_GROUNDS.map((g) => {
    const rule = e?.explanation.find((x) => groundOfRule.get(x.rule) === g);
    // "grounds contains …" always holds here (every ground is proposed): leave it out.
    const conditions = (rule?.conditions ?? []).filter((c) => c.fact !== 'grounds').map(conditionLine);
    return { value: g, label: GROUND_LABELS[g] ?? g, legalBasis: GROUNDS[g].legalBasis, supported: supported.has(g), conditions };
  });
  const note = e?.events.find((x) => x.type === 'excessive-candidate')?.params.note;
  return { version: e?.version ?? null, grounds, requestsLast12Months, excessiveNote: note ? String(note) : null, facts, error };
}

export interface FeePreview {
  allowed: boolean;
  reason: string;
  rules: RuleLine[];
  /** The tariff's amount for what the DPO entered, shown before the decision (N16.1). */
  computed: number;
  computedText: string;
  lines: { text: string }[];
  /** Tariff items, for the form's quantity fields. */
  items: { item: string; label: string; priceText: string }[];
  unknownItems: string[];
}

/**
 * decide: may a fee be charged (`fee`) and how much at most: the first copy is free, a refusal costs
 * nothing, a further copy or a manifestly unfounded or excessive request may carry the tariff's amount.
 */
export async function feePreview(rules: RuleService, typed: { outcome: string; grounds: string[]; reasoning: string; abusiveIntentShown: boolean; manifestlyUnfoundedOrExcessive: boolean; copyNumber?: number; quantities: Record<string, number> }): Promise<FeePreview | null> {
  let a;
  try {
    a = await assessFee((name, facts) => rules.evaluate(name, facts), {
      outcome: ['granted', 'partially_granted', 'refused'].includes(typed.outcome) ? typed.outcome : undefined,
      copyNumber: typed.copyNumber, quantities: typed.quantities, reasoning: typed.reasoning,
      manifestlyUnfoundedOrExcessive: typed.manifestlyUnfoundedOrExcessive || typed.grounds.some((g) => g.startsWith('art16_')) || typed.abusiveIntentShown,
    });
  } catch {
    return null;
  }
  const reason = a.allowed
    ? (a.basis === 'art15_3_further_copy' ? 'Pristojbina je dopustna: nadaljnja kopija (člen 15(3) Splošne uredbe).' : 'Pristojbina je dopustna: očitno neutemeljena ali pretirana zahteva s posebno obrazložitvijo (16. člen Navodila).')
    : a.reason;
  return {
    allowed: a.allowed, reason, rules: [], computed: a.computed, computedText: eurosText(a.computed),
    lines: a.lines.map((l) => ({ text: `${l.quantity} × ${TARIFF_ITEM_LABELS[l.item] ?? l.item} po ${eurosText(l.unitPrice)} = ${eurosText(l.amount)}` })),
    items: Object.entries(a.tariff?.items ?? {}).map(([item, price]) => ({ item, label: TARIFF_ITEM_LABELS[item] ?? item, priceText: eurosText(price) })),
    unknownItems: a.unknownItems,
  };
}
