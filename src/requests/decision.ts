import type { EntityManager } from 'typeorm';
import { ValidationError, type FieldIssue } from '../errors.js';
import { isAdultOn } from '../domain/age.js';
import { GROUNDS, isRefusalGround } from '../domain/refusalGrounds.js';
import { computeFee, eurosText, tariffOf, type FeeTariff } from '../rules/fee.js';
import type { Evaluation } from '../rules/evaluate.js';
import { caseUpnReference } from './caseNumbers.js';
import type { FeeDetails, Request } from './model.js';
import { requestsInLastYear } from './ruleFacts.js';

/**
 * What the decide task's variables must satisfy against the facts of the case, beyond their shape
 * (schemas.ts): the refusal grounds the `refusal-grounds` rules accept (docs/api.md: 422 otherwise), and a fee
 * only where the `fee` rules allow one, never above what the tariff gives for what is handed over (N16.1).
 */

type Evaluate = (name: string, facts: Record<string, unknown>) => Promise<Evaluation>;
type Outcome = 'granted' | 'partially_granted' | 'refused';

/** How staff and letters call the items of the tariff. */
export const TARIFF_ITEM_LABELS: Record<string, string> = {
  pageA4: 'stran A4, črno-belo', pageA3: 'stran A3, črno-belo', pageLarger: 'stran, večja od A3',
  colourPageA4: 'barvna stran A4', colourPageA3: 'barvna stran A3', cd: 'zgoščenka (CD/DVD)',
};

const RIGHT_NAMES: Record<string, string> = { access: 'dostop', rectification: 'popravek', erasure: 'izbris', restriction: 'omejitev obdelave', objection: 'ugovor' };

/** The facts `refusal-grounds` judges: the grounds proposed, what the case shows, what the DPO found. */
export async function refusalFacts(m: EntityManager, r: Request, typed: { grounds: string[]; reasoning: string; protectedPersonsAffected: boolean; abusiveIntentShown: boolean }, day: string): Promise<Record<string, unknown>> {
  const adult = r.subject.emso ? isAdultOn(r.subject.emso, day) : null;
  return {
    grounds: typed.grounds, reasoningLength: typed.reasoning.trim().length, rights: r.rights,
    art23Restriction: r.flags.art23Restriction === true, protectedPersonsAffected: typed.protectedPersonsAffected,
    representativeKind: r.representative?.kind ?? 'none', ...(adult === null ? {} : { subjectAdult: adult }),
    requestsLast12Months: await requestsInLastYear(m, r), abusiveIntentShown: typed.abusiveIntentShown,
  };
}

/** Throws 422 (path `grounds`) for each ground the rules do not support for the facts of the case. */
export async function checkGrounds(m: EntityManager, evaluate: Evaluate, r: Request, v: Record<string, unknown>, day: string): Promise<void> {
  const grounds = (v.grounds as string[] | undefined) ?? [];
  if (grounds.length === 0) return;
  const facts = await refusalFacts(m, r, {
    grounds, reasoning: String(v.reasoning ?? ''), protectedPersonsAffected: v.protectedPersonsAffected === true, abusiveIntentShown: v.abusiveIntentShown === true,
  }, day);
  const e = await evaluate('refusal-grounds', facts);
  const supported = new Set(e.events.filter((x) => x.type === 'ground-supported').map((x) => String(x.params.ground)));
  const unsupported = grounds.filter((g) => !supported.has(g));
  if (unsupported.length) {
    throw new ValidationError(`refusal grounds not supported by the facts of case ${r.row.caseNumber}: ${unsupported.join(', ')}`, unsupported.map((g) => ({
      path: 'grounds', message: `Razlog ${g} ni podprt z dejstvi zadeve (pravila refusal-grounds): ${groundHint(g)}`,
    })));
  }
}

export function groundHint(g: string): string {
  switch (g) {
    case 'art23_restriction': return 'pri preverjanju zbirk ni bila ugotovljena omejitev po 23. členu GDPR.';
    case 'art15_protected_persons': return 'velja le, kadar zahtevo vloži zakoniti zastopnik zaščitene osebe (starš mladoletnega otroka ali skrbnik), ob ugotovitvi, da so prizadete zaščitene osebe, in z obrazložitvijo (vsaj 100 znakov).';
    case 'art16_manifestly_unfounded': return 'potrebna je posebna obrazložitev (vsaj 100 znakov); dokazno breme nosi Zavod.';
    case 'art16_excessive': return 'število zahtev samo ne zadošča; potrebna sta izkazan namen zlorabe in obrazložitev (vsaj 100 znakov).';
    default: {
      const right = isRefusalGround(g) ? GROUNDS[g].right : null;
      return right ? `razlog velja le pri zahtevi za ${RIGHT_NAMES[right]} (${GROUNDS[g as keyof typeof GROUNDS].legalBasis}), te pravice pa zahteva ne uveljavlja.` : '';
    }
  }
}

/** `pages` and `media` of the decide task as quantities per item of the tariff. */
export function feeQuantities(pages: unknown, media: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (v: unknown, plain: string) => {
    if (typeof v === 'number') out[plain] = (out[plain] ?? 0) + v;
    else if (v && typeof v === 'object') for (const [k, n] of Object.entries(v as Record<string, number>)) out[k] = (out[k] ?? 0) + n;
  };
  add(pages, 'pageA4');
  add(media, 'cd');
  return out;
}

export interface FeeAssessment {
  allowed: boolean;
  /** Why not, or the basis (art15_3_further_copy, art12_5_excessive). */
  reason: string;
  basis: string | null;
  tariff: FeeTariff | null;
  /** The most the tariff gives for the quantities (0 without quantities). */
  computed: number;
  lines: { item: string; quantity: number; unitPrice: number; amount: number }[];
  unknownItems: string[];
  version: string | undefined;
}

/** The fee rules' judgement and the tariff's amount for what the DPO enters (also the form's preview). */
export async function assessFee(evaluate: Evaluate, input: {
  outcome?: string; copyNumber?: number; manifestlyUnfoundedOrExcessive: boolean; reasoning: string; quantities: Record<string, number>;
}): Promise<FeeAssessment> {
  const e = await evaluate('fee', {
    copyNumber: input.copyNumber ?? 1, ...(input.outcome ? { outcome: input.outcome } : {}),
    manifestlyUnfoundedOrExcessive: input.manifestlyUnfoundedOrExcessive, reasoningLength: input.reasoning.trim().length,
  });
  const allowedEvent = e.events.find((x) => x.type === 'fee-allowed');
  const notAllowed = e.events.find((x) => x.type === 'fee-not-allowed');
  const allowed = Boolean(allowedEvent) && !notAllowed;
  const tariff = tariffOf(e);
  const unknownItems = Object.keys(input.quantities).filter((k) => !tariff || tariff.items[k] === undefined);
  const known = Object.fromEntries(Object.entries(input.quantities).filter(([k]) => !unknownItems.includes(k)));
  const { total, lines } = tariff ? computeFee(tariff, known) : { total: 0, lines: [] };
  return {
    allowed, basis: allowed ? String(allowedEvent!.params.basis ?? '') : null,
    reason: allowed ? '' : String(notAllowed?.params.reason ?? 'Za pristojbino ni podlage.'),
    tariff, computed: total, lines, unknownItems, version: e.version,
  };
}

/**
 * N16.1: a fee only on a grant the `fee` rules allow, computed from the tariff for the pages and media
 * handed over; the fee charged may be lower than the tariff's amount, never higher. Returns what the
 * decision records (and the letter announces), or throws 422 on `fee`, `pages` or `media`.
 */
export async function checkFee(evaluate: Evaluate, r: Request, v: Record<string, unknown>, outcome: Outcome): Promise<{ fee: number; feeDetails?: FeeDetails }> {
  const fee = typeof v.fee === 'number' ? v.fee : 0;
  if (fee <= 0) return { fee: 0 };
  const grounds = (v.grounds as string[] | undefined) ?? [];
  const quantities = feeQuantities(v.pages, v.media);
  const copyNumber = typeof v.copyNumber === 'number' ? v.copyNumber : 1;
  const a = await assessFee(evaluate, {
    outcome, copyNumber, quantities, reasoning: String(v.reasoning ?? ''),
    manifestlyUnfoundedOrExcessive: v.manifestlyUnfoundedOrExcessive === true || grounds.some((g) => g.startsWith('art16_')) || v.abusiveIntentShown === true,
  });
  if (!a.allowed) throw new ValidationError(`no basis for a fee in case ${r.row.caseNumber}`, [{ path: 'fee', message: a.reason }]);
  if (!a.tariff) throw new ValidationError(`the fee rules give no tariff (case ${r.row.caseNumber})`, [{ path: 'fee', message: 'Pravila »fee« ne dajo cenika (pravilo »cenik«); pristojbine ni mogoče izračunati.' }]);
  if (a.unknownItems.length) {
    const where = (k: string) => (v.pages && typeof v.pages === 'object' && k in (v.pages as object) ? 'pages' : 'media');
    throw new ValidationError('quantities name items the tariff does not have', a.unknownItems.map((k): FieldIssue => ({ path: `${where(k)}.${k}`, message: `Cenik nima postavke »${k}«; postavke: ${Object.keys(a.tariff!.items).join(', ')}.` })));
  }
  if (a.computed <= 0) {
    throw new ValidationError(`a fee without what it is for (case ${r.row.caseNumber})`, [{ path: 'fee', message: 'Navedite, koliko strani in nosilcev podatkov izročite (pages, media): pristojbina se izračuna po ceniku.' }]);
  }
  if (Math.round(fee * 100) > Math.round(a.computed * 100)) {
    throw new ValidationError(`fee ${fee} exceeds the tariff's ${a.computed} (case ${r.row.caseNumber})`, [{
      path: 'fee', message: `Pristojbina po ceniku znaša največ ${eurosText(a.computed)} (${a.lines.map((l) => `${l.quantity} × ${TARIFF_ITEM_LABELS[l.item] ?? l.item} po ${eurosText(l.unitPrice)}`).join(', ')}).`,
    }]);
  }
  return {
    fee,
    feeDetails: { basis: a.basis ?? '', copyNumber, computed: a.computed, lines: a.lines, ...(a.version ? { ruleSetVersion: a.version } : {}), reference: caseUpnReference(r.row.year, r.row.seq) },
  };
}
