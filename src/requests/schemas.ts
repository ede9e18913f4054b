import { z } from 'zod';
import { validateEmso, validateTaxNumber, validateZzzsNumber } from '../domain/identifiers.js';
import { MAILBOXES } from '../domain/directory.js';
import { GDPR_APPLIES_FROM } from '../domain/gdpr.js';
import { CALENDAR_RANGE, formatSlovenian, toLocalDate } from '../domain/localDate.js';
import { DsrRequestEntity, LetterEntity } from '../persistence/entities/index.js';
import type { FieldIssue } from '../errors.js';
import { REFUSAL_GROUNDS } from '../domain/refusalGrounds.js';
import { REASONING_MESSAGE, reasoningSubstance } from '../domain/reasoning.js';
import { isAdultOn } from '../domain/age.js';

export const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'objection'] as const;
export type Right = (typeof RIGHTS)[number];
export const CHANNELS = ['post', 'in_person', 'email'] as const;

export { MAILBOXES };

export const localDate = z.iso.date({ message: 'datum v obliki YYYY-MM-DD' });

const fromGdpr = `GDPR velja od ${formatSlovenian(GDPR_APPLIES_FROM)}; prej ni mogel biti prejet`;
/**
 * An instant something reached us (a request, a remedy, a clarification): not before the GDPR applies
 * (its Ljubljana day), not past the calendar; "not in the future" needs the clock and is the service's.
 */
const instant = z.iso.datetime({ offset: true, message: 'ISO 8601 s časovnim pasom, npr. 2026-03-02T10:15:00+01:00', abort: true })
  .refine((s) => toLocalDate(new Date(s)) >= GDPR_APPLIES_FROM, fromGdpr)
  .refine((s) => toLocalDate(new Date(s)) <= CALENDAR_RANGE.to, `čas po ${CALENDAR_RANGE.to} ni mogoč`);
/** A day of a case's life (delivery, appeal, notice): the same bounds as `instant`. */
export const eventDate = localDate.refine((d) => d >= GDPR_APPLIES_FROM, `GDPR velja od ${formatSlovenian(GDPR_APPLIES_FROM)}; datum ne more biti prej`)
  .refine((d) => d <= CALENDAR_RANGE.to, `datum po ${CALENDAR_RANGE.to} ni mogoč`);

/** Characters as MariaDB counts them in a utf8mb4 column: code points (an emoji is one; a JS string's length counts it twice). */
export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
};

/** A trimmed text of at most `max` characters (code points), the limit of the column it is stored in. */
const chars = (max: number, min?: { length: number; message: string }) => {
  const base = z.string().trim();
  return (min ? base.min(min.length, min.message) : base).refine((v) => codePoints(v) <= max, `največ ${max} znakov`).meta({ maxLength: max });
};

const columnLength = (entity: { options: { columns: Record<string, { length?: string | number } | undefined> } }, column: string): number => {
  const length = Number(entity.options.columns[column]?.length);
  if (!Number.isInteger(length) || length <= 0) throw new Error(`no length for column ${column}`);
  return length;
};
/** The person's name on the case (`subject_name`) and the addressee of a paper letter (`letter.recipient`, "name, address"). */
export const SUBJECT_NAME_MAX = columnLength(DsrRequestEntity as never, 'subjectName');
export const LETTER_RECIPIENT_MAX = columnLength(LetterEntity as never, 'recipient');

/**
 * A person's name and address as they are stored: the case's `subject_name` ("first last") and a paper
 * letter's recipient ("first last, address") are columns of their own. The issue names the field to shorten.
 */
export function subjectFitsColumns(subject: { firstName?: string; lastName?: string; address?: string }): FieldIssue[] {
  const name = `${subject.firstName ?? ''} ${subject.lastName ?? ''}`;
  if (codePoints(name) > SUBJECT_NAME_MAX) return [{ path: 'subject.lastName', message: `ime in priimek skupaj največ ${SUBJECT_NAME_MAX} znakov` }];
  if (!subject.address) return [];
  const room = LETTER_RECIPIENT_MAX - codePoints(name) - 2;
  if (codePoints(subject.address) > room) return [{ path: 'subject.address', message: `ime, priimek in naslov skupaj (naslovnik pisma) največ ${LETTER_RECIPIENT_MAX} znakov; naslov je lahko dolg največ ${Math.max(0, room)} znakov` }];
  return [];
}

/** An identifier that is present must pass its check (docs/api.md); the reason is the domain's, in Slovenian. */
const checked = (validate: (s: string) => { ok: true } | { ok: false; reason: string }) =>
  z.string().trim().superRefine((value, ctx) => {
    const r = validate(value);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });

export const SubjectSchema = z.object({
  firstName: chars(100, { length: 1, message: 'ime je obvezno' }),
  lastName: chars(100, { length: 1, message: 'priimek je obvezen' }),
  emso: checked(validateEmso).optional(),
  taxNumber: checked(validateTaxNumber).optional(),
  zzzsNumber: checked(validateZzzsNumber).optional(),
  address: chars(LETTER_RECIPIENT_MAX).optional(),
  email: z.email({ message: 'e-poštni naslov ni veljaven' }).max(200).optional(),
  phone: chars(50).optional(),
});

/**
 * Art. 4: the data of a representative who files for the person. Parents and legal guardians are legal
 * representatives (zakoniti zastopnik); an attorney acts on an authorisation (pooblaščenec). The one who
 * filed is a party with contact data of their own: letters go to them (ZUP; see answerChannel).
 */
export const REPRESENTATIVE_KINDS = ['attorney', 'legal_guardian', 'parent'] as const;
export const RepresentativeSchema = z.object({
  name: chars(200, { length: 1, message: 'ime zastopnika je obvezno' }),
  kind: z.enum(REPRESENTATIVE_KINDS),
  authorisationAttached: z.boolean(),
  address: z.string().trim().min(1, 'naslov zastopnika ne sme biti prazen').max(300).optional(),
  email: z.email({ message: 'e-poštni naslov zastopnika ni veljaven' }).max(200).optional(),
});

export const RequestInputSchema = z.object({
  channel: z.enum(CHANNELS),
  receivedAt: instant,
  mailbox: z.string().trim().optional(),
  subject: SubjectSchema,
  representative: RepresentativeSchema.optional(),
  rights: z.array(z.enum(RIGHTS)).max(5).default([]),
  measures: chars(10_000).optional(),
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
  // Letters go to the one who filed: the representative where one filed (with their own address or e-mail).
  const rep = r.representative;
  if (rep) {
    if (answerBy === 'email' && !rep.email) ctx.addIssue({ code: 'custom', path: ['representative', 'email'], message: 'odgovor po e-pošti potrebuje e-poštni naslov zastopnika, ki je vložil zahtevo' });
    if (answerBy === 'post' && !rep.address) ctx.addIssue({ code: 'custom', path: ['representative', 'address'], message: 'odgovor po pošti potrebuje naslov zastopnika, ki je vložil zahtevo' });
    // A parent is the legal representative of a minor child only; an adult is represented by a guardian or an attorney.
    if (rep.kind === 'parent' && r.subject.emso && isAdultOn(r.subject.emso, r.receivedAt.slice(0, 10)) === true) {
      ctx.addIssue({ code: 'custom', path: ['representative', 'kind'], message: 'po EMŠO je posameznik polnoleten: starš ni njegov zakoniti zastopnik (izberite skrbnika ali pooblaščenca)' });
    }
  } else {
    if (answerBy === 'email' && !r.subject.email) ctx.addIssue({ code: 'custom', path: ['subject', 'email'], message: 'odgovor po e-pošti potrebuje e-poštni naslov posameznika' });
    if (answerBy === 'post' && !r.subject.address) ctx.addIssue({ code: 'custom', path: ['subject', 'address'], message: 'odgovor po pošti potrebuje naslov posameznika' });
  }
  if (new Set(r.rights).size !== r.rights.length) ctx.addIssue({ code: 'custom', path: ['rights'], message: 'pravica je navedena večkrat' });
  for (const issue of subjectFitsColumns(r.subject)) ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
});
export type RequestInput = z.infer<typeof RequestInputSchema>;

export const RemedySchema = z.object({
  receivedAt: instant,
  rights: z.array(z.enum(RIGHTS)).max(5).optional(),
  subject: SubjectSchema.partial().optional(),
  measures: chars(10_000).optional(),
});
export const ExtensionSchema = z.object({
  months: z.union([z.literal(1), z.literal(2)], { message: 'podaljšanje je 1 ali 2 meseca' }),
  reasons: chars(5000, { length: 10, message: 'razlogi morajo biti navedeni (vsaj 10 znakov)' }),
});
export const DeliverySchema = z.object({
  deliveredOn: eventDate,
  /** The letter received (a remedy request, decision, dismissal or clarification answer); the decision by default. */
  letterId: z.string().trim().min(1).max(36).optional(),
});
export const ReopenSchema = z.object({
  reasons: chars(5000, { length: 10, message: 'razlogi za ponovno odprtje morajo biti navedeni (vsaj 10 znakov)' }),
  /** When the reopening is because a remedy had in fact arrived in time: when it arrived (N6.3). */
  remedyReceivedAt: instant.optional(),
});
export const ClarificationSchema = z.object({ receivedAt: instant });
export const AppealSchema = z.object({ receivedOn: eventDate });
export const AppealClosedSchema = z.object({
  closedOn: eventDate,
  outcome: z.enum(['upheld', 'overturned', 'withdrawn'], { message: 'izid pritožbe: upheld, overturned ali withdrawn' }),
});

export { REFUSAL_GROUNDS };

/**
 * Quantities of the fee tariff: a number (pages: A4 pages in black and white; media: CDs) or, per item
 * of the tariff, { pageA4: 12, colourPageA4: 2 } / { cd: 1 }. Which items exist is the tariff's (the `fee`
 * rule set), so unknown items are refused when the fee is computed, not here.
 */
const quantities = z.union([
  z.number().int('število je celo').min(0, 'število ne more biti negativno').max(100_000),
  z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'neveljavna postavka cenika'), z.number().int('število je celo').min(0, 'število ne more biti negativno').max(100_000)),
]);

export const FeePaymentSchema = z.object({
  paidOn: localDate,
  amount: z.number({ message: 'znesek v evrih' }).positive('znesek mora biti večji od 0').max(100_000)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'znesek ima največ dve decimalki'),
});

/** The variables of each user task (docs/api.md, "Tasks"). */
export const TaskVariableSchemas = {
  checkCompleteness: z.object({
    complete: z.boolean({ message: 'izberite, ali je zahteva popolna' }),
    missing: z.array(chars(500, { length: 1, message: 'navedite, kaj manjka' })).max(20).optional(),
    remedyDue: eventDate.optional(),
  }).superRefine((v, ctx) => {
    if (!v.complete && (!v.missing || v.missing.length === 0)) ctx.addIssue({ code: 'custom', path: ['missing'], message: 'navedite, kaj manjka' });
  }),
  verifyIdentity: z.object({
    method: z.enum(['qualified_signature', 'id_document', 'paper_confirmation', 'in_person', 'personal_delivery', 'records_match'], { message: 'izberite način ugotavljanja istovetnosti' }),
    verified: z.boolean({ message: 'izberite, ali je istovetnost ugotovljena' }),
  }),
  checkRecords: z.object({
    art23Restriction: z.boolean({ message: 'izberite, ali velja omejitev po čl. 23' }),
    collections: z.array(chars(200, { length: 1, message: 'ime zbirke je obvezno' })).max(100),
    notes: chars(5000).optional(),
  }),
  decide: z.object({
    outcome: z.enum(['granted', 'partially_granted', 'refused'], { message: 'izberite odločitev' }),
    grounds: z.array(z.enum(REFUSAL_GROUNDS, { message: 'neznan razlog za zavrnitev' })).max(REFUSAL_GROUNDS.length).default([]),
    reasoning: chars(20_000, { length: 1, message: 'obrazložitev je obvezna' }),
    fee: z.number({ message: 'pristojbina je znesek v evrih' }).min(0, 'pristojbina ne more biti negativna').max(10_000)
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'pristojbina ima največ dve decimalki').optional(),
    /** GDPR 15(3): which copy of the data this is; the first is free, further ones may carry a fee. */
    copyNumber: z.number().int('številka kopije je celo število').min(1, 'prva kopija ima številko 1').max(100).optional(),
    /** What is handed over, for the fee by the tariff: pages (and their format) and media. */
    pages: quantities.optional(),
    media: quantities.optional(),
    /** N16.1 b): the DPO finds the request manifestly unfounded or excessive yet grants it, with a fee. */
    manifestlyUnfoundedOrExcessive: z.boolean().optional(),
    protectedPersonsAffected: z.boolean().optional(),
    abusiveIntentShown: z.boolean().optional(),
  }).superRefine((v, ctx) => {
    if (v.outcome === 'refused' && v.grounds.length === 0) ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'zavrnitev mora navesti vsaj en razlog' });
    // A partial grant refuses the rest: it names its ground like a refusal (art. 11).
    if (v.outcome === 'partially_granted' && v.grounds.length === 0) ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'delna ugoditev mora za del, ki se zavrne, navesti vsaj en razlog' });
    if (v.outcome === 'granted' && v.grounds.length > 0) ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'ugoditev nima razlogov za zavrnitev' });
    if (new Set(v.grounds).size !== v.grounds.length) ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'razlog je naveden večkrat' });
    if (v.outcome !== 'granted' && v.reasoning.length > 0 && !reasoningSubstance(v.reasoning).ok) ctx.addIssue({ code: 'custom', path: ['reasoning'], message: REASONING_MESSAGE });
    // Art. 16 b): a fee goes with a grant; a refusal costs the person nothing.
    if (v.outcome === 'refused' && (v.fee ?? 0) > 0) ctx.addIssue({ code: 'custom', path: ['fee'], message: 'pristojbina se zaračuna le ob (delni) ugoditvi, nikoli ob zavrnitvi (16. člen Navodila)' });
  }),
  notifyRecipients: z.object({
    recipients: z.array(z.object({
      name: chars(300, { length: 1, message: 'ime uporabnika je obvezno' }),
      notifiedOn: eventDate.optional(),
      impossibleReason: chars(2000, { length: 1, message: 'razlog je obvezen' }).optional(),
    }).superRefine((r, ctx) => {
      if (!r.notifiedOn && !r.impossibleReason) ctx.addIssue({ code: 'custom', path: ['notifiedOn'], message: 'navedite datum obvestila ali razlog, zakaj ni bilo mogoče' });
    })).max(200),
  }),
  answerClarification: z.object({ answer: chars(20_000, { length: 1, message: 'odgovor je obvezen' }) }),
  /** N6.2: the DPO issues the dismissal (sklep) once the remedy time limit has lapsed. */
  issueDismissal: z.object({
    confirmed: z.literal(true, { message: 'potrdite, da dopolnitev v roku ni prispela' }),
    reasoning: chars(5000).optional(),
  }),
  /** N14.1: what was done to carry out the Information Commissioner's decision. */
  complyWithAppeal: z.object({ notes: chars(10_000, { length: 10, message: 'opišite, kako je bila odločba izvršena (vsaj 10 znakov)' }) }),
} as const;
export type TaskKey = keyof typeof TaskVariableSchemas;
