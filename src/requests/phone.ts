import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { validateEmso, validateTaxNumber, validateUpnReference, validateZzzsNumber, type Check } from '../domain/identifiers.js';
import { toLocalDate } from '../domain/localDate.js';
import { NotFoundError } from '../errors.js';
import { appendAudit } from '../persistence/audit.js';
import { DsrRequestEntity, LetterEntity, type DsrRequestRow } from '../persistence/entities/index.js';
import { caseUpnReference } from './caseNumbers.js';
import { byIssue } from './letterOrder.js';
import { localDate } from './schemas.js';
import type { RequestDeps } from './context.js';
import type { Subject } from './model.js';

const offered = z.string().trim().min(1).max(60).optional();

/** What a caller offers (docs/api.md, "Phone inquiries"). Identifiers are taken as typed: an invalid one simply does not count. */
export const PhoneInquirySchema = z.object({
  identifiers: z.object({
    caseNumber: offered, emso: offered, zzzsNumber: offered, taxNumber: offered,
    lastDocumentDate: localDate.optional(), upnReference: offered,
  }).refine((ids) => Object.values(ids).some((v) => v !== undefined), { message: 'navedite vsaj en podatek, ki ga je povedal klicatelj' }),
  healthRelated: z.boolean().default(false),
  suspicion: z.boolean().default(false),
});
export type PhoneInquiry = z.infer<typeof PhoneInquirySchema>;
type Offered = PhoneInquiry['identifiers'];

const UNIQUE = ['emso', 'zzzsNumber', 'taxNumber'] as const;
const SECRET = ['caseNumber', 'lastDocumentDate', 'upnReference'] as const;
const CHECKS: Record<(typeof UNIQUE)[number], (v: string) => Check> = { emso: validateEmso, zzzsNumber: validateZzzsNumber, taxNumber: validateTaxNumber };

export interface PhoneAnswer {
  sufficient: boolean;
  required: number;
  matched: string[];
  missing: string;
  /** Offered identifiers that do not count, and why (for the clerk; never read out to the caller). */
  notCounted: { identifier: string; reason: string }[];
  caseNumber?: string;
  disclosure?: { received: true; receivedOn: string; letters: { kind: string; sentOn: string }[] };
}

/**
 * S2.1–S2.3: find the case from what the caller offers, count the identifiers that are valid and match
 * it, let the identity-sufficiency rules decide, and disclose only procedural facts when they suffice.
 * Every inquiry, sufficient or not, is an audit event of the case.
 */
export async function answerPhoneInquiry(deps: RequestDeps, inquiry: PhoneInquiry, actor: string): Promise<PhoneAnswer> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await findCase(tx, inquiry.identifiers);
    if (!row) {
      await appendAudit(tx, deps.db, [{ at: now, actor, type: 'phone.inquiry_unmatched', data: { offered: offeredNames(inquiry.identifiers) } }]);
      throw new NotFoundError('no case matches the identifiers the caller gave');
    }
    const letters = (await tx.getRepository(LetterEntity).find({ where: { requestId: row.id }, select: { kind: true, createdAt: true, sentAt: true, documentNumber: true } })).sort(byIssue);
    const { matched, notCounted } = matchIdentifiers(row, JSON.parse(row.subject) as Subject, inquiry.identifiers, letters.map((l) => toLocalDate(l.sentAt ?? l.createdAt)));
    const facts = {
      channel: 'phone', healthRelated: inquiry.healthRelated, suspicion: inquiry.suspicion,
      uniqueIdentifiersMatched: matched.filter((m) => (UNIQUE as readonly string[]).includes(m)).length,
      secretIdentifiersMatched: matched.filter((m) => (SECRET as readonly string[]).includes(m)).length,
    };
    const e = await deps.rules.evaluate('identity-sufficiency', facts);
    const verdict = e.events.find((x) => x.type === 'identity-sufficient' || x.type === 'identity-insufficient');
    const sufficient = verdict?.type === 'identity-sufficient';
    const answer: PhoneAnswer = {
      sufficient, required: Number(verdict?.params.required ?? 2), matched, missing: sufficient ? '' : String(verdict?.params.missing ?? ''),
      notCounted,
      // Only once the caller is identified: even the case number is the person's data (S2.1).
      ...(sufficient ? {
        caseNumber: row.caseNumber,
        // S2.3: that a decision was sent, never which: a dismissal is named a decision too.
        disclosure: { received: true as const, receivedOn: row.receivedOn, letters: letters.map((l) => ({ kind: l.kind === 'dismissal' ? 'decision' : l.kind, sentOn: toLocalDate(l.sentAt ?? l.createdAt) })) },
      } : {}),
    };
    // The identifiers' values stay out of the log: which were offered and which matched is what an auditor needs.
    await appendAudit(tx, deps.db, [{
      at: now, actor, type: sufficient ? 'phone.inquiry_answered' : 'phone.inquiry_refused', subjectId: row.id, instanceId: row.instanceId,
      data: { offered: offeredNames(inquiry.identifiers), matched, notCounted, healthRelated: inquiry.healthRelated, suspicion: inquiry.suspicion, required: answer.required, sufficient, ruleSet: 'identity-sufficiency', version: e.version, explanation: e.explanation, disclosed: sufficient ? ['received', 'letters'] : [] },
    }]);
    return answer;
  });
}

const offeredNames = (ids: Offered) => Object.entries(ids).filter(([, v]) => v !== undefined).map(([k]) => k);
const compact = (v: string) => v.replace(/\s+/g, '').toUpperCase();

function matchIdentifiers(row: DsrRequestRow, subject: Subject, ids: Offered, letterDays: string[]) {
  const matched: string[] = [];
  const notCounted: { identifier: string; reason: string }[] = [];
  for (const key of UNIQUE) {
    const v = ids[key];
    if (v === undefined) continue;
    const check = CHECKS[key](compact(v));
    if (!check.ok) notCounted.push({ identifier: key, reason: check.reason });
    else if (subject[key] && compact(subject[key]!) === compact(v)) matched.push(key);
    else notCounted.push({ identifier: key, reason: 'Ne ujema se s podatki v zadevi.' });
  }
  if (ids.caseNumber !== undefined) {
    if (compact(ids.caseNumber) === compact(row.caseNumber)) matched.push('caseNumber');
    else notCounted.push({ identifier: 'caseNumber', reason: 'Ne ujema se s številko zadeve.' });
  }
  if (ids.lastDocumentDate !== undefined) {
    const last = letterDays.at(-1);
    if (last && ids.lastDocumentDate === last) matched.push('lastDocumentDate');
    else notCounted.push({ identifier: 'lastDocumentDate', reason: last ? 'Ni datum zadnjega dokumenta, ki smo ga poslali.' : 'V zadevi še ni bil poslan noben dokument.' });
  }
  if (ids.upnReference !== undefined) {
    const check = validateUpnReference(ids.upnReference);
    if (!check.ok) notCounted.push({ identifier: 'upnReference', reason: check.reason });
    else if (compact(ids.upnReference) === compact(caseUpnReference(row.year, row.seq))) matched.push('upnReference');
    else notCounted.push({ identifier: 'upnReference', reason: 'Ne ujema se z referenco plačila v zadevi.' });
  }
  return { matched, notCounted };
}

/** By its case number, else the newest case of the person with a unique identifier the caller gave. */
async function findCase(tx: EntityManager, ids: Offered): Promise<DsrRequestRow | null> {
  const repo = tx.getRepository(DsrRequestEntity);
  if (ids.caseNumber) {
    const byNumber = await repo.findOneBy({ caseNumber: ids.caseNumber.trim() });
    if (byNumber) return byNumber;
  }
  for (const key of UNIQUE) {
    const v = ids[key] && compact(ids[key]!);
    if (!v || !CHECKS[key](v).ok) continue;
    // The subject is a JSON column: narrow with LIKE, then compare exactly.
    const rows = await repo.createQueryBuilder('r').where('r.subject LIKE :p', { p: `%"${key}":"${v}"%` }).orderBy('r.receivedAt', 'DESC').getMany();
    const hit = rows.find((r) => (JSON.parse(r.subject) as Subject)[key] === v);
    if (hit) return hit;
  }
  return null;
}
