import { z } from 'zod';
import { validateEmso, validateTaxNumber, validateZzzsNumber } from '../domain/identifiers.js';
import { MAILBOXES } from '../domain/directory.js';

export const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'objection'] as const;
export type Right = (typeof RIGHTS)[number];
export const CHANNELS = ['post', 'in_person', 'email'] as const;

export { MAILBOXES };

const instant = z.iso.datetime({ offset: true, message: 'ISO 8601 s časovnim pasom, npr. 2026-03-02T10:15:00+01:00' });
export const localDate = z.iso.date({ message: 'datum v obliki YYYY-MM-DD' });

/** An identifier that is present must pass its check (API.md); the reason is the domain's, in Slovenian. */
const checked = (validate: (s: string) => { ok: true } | { ok: false; reason: string }) =>
  z.string().trim().superRefine((value, ctx) => {
    const r = validate(value);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });

export const SubjectSchema = z.object({
  firstName: z.string().trim().min(1, 'ime je obvezno').max(100),
  lastName: z.string().trim().min(1, 'priimek je obvezen').max(100),
  emso: checked(validateEmso).optional(),
  taxNumber: checked(validateTaxNumber).optional(),
  zzzsNumber: checked(validateZzzsNumber).optional(),
  address: z.string().trim().max(300).optional(),
  email: z.email({ message: 'e-poštni naslov ni veljaven' }).max(200).optional(),
  phone: z.string().trim().max(50).optional(),
});

export const RepresentativeSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['attorney', 'legal_guardian', 'parent']),
  authorisationAttached: z.boolean(),
});

export const RequestInputSchema = z.object({
  channel: z.enum(CHANNELS),
  receivedAt: instant,
  mailbox: z.string().trim().optional(),
  subject: SubjectSchema,
  representative: RepresentativeSchema.optional(),
  rights: z.array(z.enum(RIGHTS)).max(5).default([]),
  measures: z.string().trim().max(10_000).optional(),
  acknowledgementRequested: z.boolean().default(false),
  /** N11.1: an e-mail request is answered by e-mail unless the person gives another contact address. */
  answerBy: z.enum(['email', 'post']).optional(),
  identityEvidence: z.object({ qualifiedSignature: z.boolean().default(false), idDocumentSeen: z.boolean().default(false) }).default({ qualifiedSignature: false, idDocumentSeen: false }),
}).superRefine((r, ctx) => {
  if (r.channel === 'email') {
    if (!r.mailbox) ctx.addIssue({ code: 'custom', path: ['mailbox'], message: 'pri e-poštni zahtevi je poštni predal obvezen' });
    else if (!MAILBOXES.some((m) => m.toLowerCase() === r.mailbox!.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['mailbox'], message: `neznan predal; dovoljeni: ${MAILBOXES.join(', ')}` });
  } else if (r.mailbox) {
    ctx.addIssue({ code: 'custom', path: ['mailbox'], message: 'poštni predal se navede le pri e-poštni zahtevi' });
  }
  const answerBy = r.answerBy ?? (r.channel === 'email' ? 'email' : 'post');
  if (answerBy === 'email' && !r.subject.email) ctx.addIssue({ code: 'custom', path: ['subject', 'email'], message: 'odgovor po e-pošti potrebuje e-poštni naslov posameznika' });
  if (answerBy === 'post' && !r.subject.address) ctx.addIssue({ code: 'custom', path: ['subject', 'address'], message: 'odgovor po pošti potrebuje naslov posameznika' });
  if (new Set(r.rights).size !== r.rights.length) ctx.addIssue({ code: 'custom', path: ['rights'], message: 'pravica je navedena večkrat' });
});
export type RequestInput = z.infer<typeof RequestInputSchema>;

export const RemedySchema = z.object({
  receivedAt: instant,
  rights: z.array(z.enum(RIGHTS)).max(5).optional(),
  subject: SubjectSchema.partial().optional(),
  measures: z.string().trim().max(10_000).optional(),
});
export const ExtensionSchema = z.object({
  months: z.union([z.literal(1), z.literal(2)], { message: 'podaljšanje je 1 ali 2 meseca' }),
  reasons: z.string().trim().min(10, 'razlogi morajo biti navedeni (vsaj 10 znakov)').max(5000),
});
export const DeliverySchema = z.object({
  deliveredOn: localDate,
  /** The letter received (a remedy request, decision, dismissal or clarification answer); the decision by default. */
  letterId: z.string().trim().min(1).max(36).optional(),
});
export const ReopenSchema = z.object({
  reasons: z.string().trim().min(10, 'razlogi za ponovno odprtje morajo biti navedeni (vsaj 10 znakov)').max(5000),
  /** When the reopening is because a remedy had in fact arrived in time: when it arrived (N6.3). */
  remedyReceivedAt: instant.optional(),
});
export const ClarificationSchema = z.object({ receivedAt: instant });
export const AppealSchema = z.object({ receivedOn: localDate });
export const AppealClosedSchema = z.object({
  closedOn: localDate,
  outcome: z.enum(['upheld', 'overturned', 'withdrawn'], { message: 'izid pritožbe: upheld, overturned ali withdrawn' }),
});

export const REFUSAL_GROUNDS = ['art15_protected_persons', 'art16_manifestly_unfounded', 'art16_excessive', 'art23_restriction'] as const;

/** The variables of each user task (API.md, "Tasks"). */
export const TaskVariableSchemas = {
  checkCompleteness: z.object({
    complete: z.boolean({ message: 'izberite, ali je zahteva popolna' }),
    missing: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
    remedyDue: localDate.optional(),
  }).superRefine((v, ctx) => {
    if (!v.complete && (!v.missing || v.missing.length === 0)) ctx.addIssue({ code: 'custom', path: ['missing'], message: 'navedite, kaj manjka' });
  }),
  verifyIdentity: z.object({
    method: z.enum(['qualified_signature', 'id_document', 'paper_confirmation', 'in_person', 'personal_delivery', 'records_match'], { message: 'izberite način ugotavljanja istovetnosti' }),
    verified: z.boolean({ message: 'izberite, ali je istovetnost ugotovljena' }),
  }),
  checkRecords: z.object({
    art23Restriction: z.boolean({ message: 'izberite, ali velja omejitev po čl. 23' }),
    collections: z.array(z.string().trim().min(1).max(200)).max(100),
    notes: z.string().trim().max(5000).optional(),
  }),
  decide: z.object({
    outcome: z.enum(['granted', 'partially_granted', 'refused'], { message: 'izberite odločitev' }),
    grounds: z.array(z.enum(REFUSAL_GROUNDS)).max(4).default([]),
    reasoning: z.string().trim().min(1, 'obrazložitev je obvezna').max(20_000),
    fee: z.number().min(0, 'pristojbina ne more biti negativna').max(10_000).optional(),
    /** GDPR 15(3): which copy of the data this is; the first is free, further ones may carry a fee. */
    copyNumber: z.number().int('številka kopije je celo število').min(1, 'prva kopija ima številko 1').max(100).optional(),
    protectedPersonsAffected: z.boolean().optional(),
    abusiveIntentShown: z.boolean().optional(),
  }).superRefine((v, ctx) => {
    if (v.outcome === 'refused' && v.grounds.length === 0) ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'zavrnitev mora navesti vsaj en razlog' });
    if (v.outcome !== 'refused' && v.grounds.length > 0 && v.outcome === 'granted') ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'ugoditev nima razlogov za zavrnitev' });
  }),
  notifyRecipients: z.object({
    recipients: z.array(z.object({
      name: z.string().trim().min(1).max(300),
      notifiedOn: localDate.optional(),
      impossibleReason: z.string().trim().min(1).max(2000).optional(),
    }).superRefine((r, ctx) => {
      if (!r.notifiedOn && !r.impossibleReason) ctx.addIssue({ code: 'custom', path: ['notifiedOn'], message: 'navedite datum obvestila ali razlog, zakaj ni bilo mogoče' });
    })).max(200),
  }),
  answerClarification: z.object({ answer: z.string().trim().min(1, 'odgovor je obvezen').max(20_000) }),
  /** N6.2: the DPO issues the dismissal (sklep) once the remedy time limit has lapsed. */
  issueDismissal: z.object({
    confirmed: z.literal(true, { message: 'potrdite, da dopolnitev v roku ni prispela' }),
    reasoning: z.string().trim().max(5000).optional(),
  }),
  /** N14.1: what was done to carry out the Information Commissioner's decision. */
  complyWithAppeal: z.object({ notes: z.string().trim().min(10, 'opišite, kako je bila odločba izvršena (vsaj 10 znakov)').max(10_000) }),
} as const;
export type TaskKey = keyof typeof TaskVariableSchemas;
