import type { FieldIssue } from '../../errors.js';
import type { DraftView } from '../../intake/drafts.js';
import { RIGHT_LABELS } from '../../requests/model.js';
import { MAILBOXES, RequestInputSchema, RIGHTS, type RequestInput } from '../../requests/schemas.js';
import { checked, group, list, optional, text } from '../cases/forms.js';
import { ljubljanaInstant, ljubljanaParts } from '../cases/time.js';
import { ANSWER_BY_LABELS } from '../cases/labels.js';

/** The person's fields of a registration from an e-mail, in the order of the intake form (views/pages/requests/new.hbs). */
export const DRAFT_SUBJECT_FIELDS = [
  { key: 'firstName', label: 'Ime', required: true },
  { key: 'lastName', label: 'Priimek', required: true },
  { key: 'emso', label: 'EMŠO', hint: '13 števk; kontrolna številka se preveri.', inputmode: 'numeric' },
  { key: 'taxNumber', label: 'Davčna številka', hint: '8 števk; kontrolna številka se preveri.', inputmode: 'numeric' },
  { key: 'zzzsNumber', label: 'Številka zavarovane osebe (ZZZS)', hint: '9 števk, s kartice zdravstvenega zavarovanja.', inputmode: 'numeric' },
  { key: 'address', label: 'Naslov', hint: 'Potreben, kadar se odgovori po pošti.' },
  { key: 'email', label: 'E-poštni naslov', hint: 'Pošiljatelj sporočila; nanj se odgovori (11. člen).', type: 'email' },
  { key: 'phone', label: 'Telefon', inputmode: 'tel' },
] as const;

export const DRAFT_FALLBACK: Record<string, string> = {
  receivedAt: 'Vpišite datum in uro prejema.',
  mailbox: 'Izberite predal, v katerega je prispelo sporočilo.',
  'subject.firstName': 'Vpišite ime.',
  'subject.lastName': 'Vpišite priimek.',
  'subject.address': 'Naslov je predolg.',
  'subject.phone': 'Telefonska številka je predolga.',
  rights: 'Izberite pravice s seznama.',
  measures: 'Besedilo je predolgo (največ 10.000 znakov).',
  answerBy: 'Izberite način odgovora.',
};

export interface DraftForm {
  receivedDate: string;
  receivedTime: string;
  mailbox: string;
  subject: Record<string, string>;
  rights: string[];
  measures: string;
  acknowledgementRequested: boolean;
  answerBy: string;
  identityEvidence: { qualifiedSignature: boolean; idDocumentSeen: boolean };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The draft's proposal (src/intake/drafts.ts) as the form shows it first. */
export function formFromProposal(draft: DraftView): DraftForm {
  const p = draft.proposal;
  const subject = group(p.subject);
  const ev = group(p.identityEvidence);
  const received = new Date(str(p.receivedAt) || draft.receivedAt);
  const { date, time } = ljubljanaParts(received);
  // The receipt time keeps its seconds, so the registration has the moment our server got the message.
  const seconds = received.getUTCSeconds();
  return {
    receivedDate: date, receivedTime: seconds ? `${time}:${String(seconds).padStart(2, '0')}` : time, mailbox: str(p.mailbox),
    subject: Object.fromEntries(DRAFT_SUBJECT_FIELDS.map((f) => [f.key, str(subject[f.key])])),
    rights: list(p.rights), measures: str(p.measures), acknowledgementRequested: p.acknowledgementRequested === true, answerBy: '',
    identityEvidence: { qualifiedSignature: ev.qualifiedSignature === true, idDocumentSeen: ev.idDocumentSeen === true },
  };
}

/** Everything the clerk typed, as typed. */
export function readDraftForm(body: Record<string, unknown>): DraftForm {
  const subject = group(body.subject), ev = group(body.identityEvidence);
  return {
    receivedDate: text(body.receivedDate), receivedTime: text(body.receivedTime), mailbox: text(body.mailbox),
    subject: Object.fromEntries(DRAFT_SUBJECT_FIELDS.map((f) => [f.key, text(subject[f.key])])),
    rights: list(body.rights), measures: text(body.measures), acknowledgementRequested: checked(body.acknowledgementRequested),
    answerBy: text(body.answerBy), identityEvidence: { qualifiedSignature: checked(ev.qualifiedSignature), idDocumentSeen: checked(ev.idDocumentSeen) },
  };
}

/** The form as the API's RequestInput of an e-mail request, and what is wrong with it. */
export function draftInput(form: DraftForm, now: Date): { input: RequestInput | null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const receivedAt = ljubljanaInstant(form.receivedDate, form.receivedTime);
  if (!receivedAt) issues.push({ path: 'receivedAt', message: 'Vpišite veljaven datum in uro prejema.' });
  else if (Date.parse(receivedAt) > now.getTime() + 60_000) issues.push({ path: 'receivedAt', message: 'Čas prejema je v prihodnosti.' });
  const subject = Object.fromEntries(Object.entries(form.subject).map(([k, v]) => [k, optional(v)]).filter(([, v]) => v !== undefined));
  const parsed = RequestInputSchema.safeParse({
    channel: 'email',
    receivedAt: receivedAt ?? now.toISOString(),
    mailbox: optional(form.mailbox),
    subject: { firstName: form.subject.firstName ?? '', lastName: form.subject.lastName ?? '', ...subject },
    rights: form.rights,
    measures: optional(form.measures),
    acknowledgementRequested: form.acknowledgementRequested,
    answerBy: form.answerBy || undefined,
    identityEvidence: form.identityEvidence,
  });
  if (!parsed.success) for (const i of parsed.error.issues) issues.push({ path: i.path.map(String).join('.') || '(body)', message: i.message });
  return { input: parsed.success && issues.length === 0 ? parsed.data : null, issues };
}

export function draftFormModel(form: DraftForm, errors: Record<string, string>) {
  return {
    form,
    mailboxes: MAILBOXES.map((m) => ({ value: m, selected: form.mailbox.toLowerCase() === m.toLowerCase() })),
    subjectFields: DRAFT_SUBJECT_FIELDS.map((f) => ({
      ...f, id: `subject-${f.key}`, name: `subject[${f.key}]`, value: form.subject[f.key] ?? '', error: errors[`subject_${f.key}`],
    })),
    rights: RIGHTS.map((r) => ({ value: r, label: RIGHT_LABELS[r], id: `rights-${r}`, checked: form.rights.includes(r) })),
    answerByOptions: [
      { value: '', label: 'po elektronski pošti, kot je prispela (11. člen)', checked: !form.answerBy },
      ...Object.entries(ANSWER_BY_LABELS).filter(([v]) => v === 'post').map(([value, label]) => ({ value, label: `${label} (posameznik je navedel drug naslov)`, checked: form.answerBy === value })),
    ],
  };
}
