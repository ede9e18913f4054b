import { Router, type Request, type Response } from 'express';
import { ValidationError, type FieldIssue } from '../../errors.js';
import { RIGHT_LABELS } from '../../requests/model.js';
import { CHANNELS, MAILBOXES, RequestInputSchema, RIGHTS, type RequestInput } from '../../requests/schemas.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { ANSWER_BY_LABELS, CHANNEL_LABELS, REPRESENTATIVE_KIND_LABELS } from '../cases/labels.js';
import { checked, fieldErrors, group, list, optional, text } from '../cases/forms.js';
import { ljubljanaInstant, ljubljanaParts } from '../cases/time.js';

/** The person's fields in the order a clerk reads them off a letter; `check` names the browser check (intake.js). */
const SUBJECT_FIELDS = [
  { key: 'firstName', label: 'Ime', required: true },
  { key: 'lastName', label: 'Priimek', required: true },
  { key: 'emso', label: 'EMŠO', hint: '13 števk; kontrolna številka se preveri.', inputmode: 'numeric', check: 'emso' },
  { key: 'taxNumber', label: 'Davčna številka', hint: '8 števk; kontrolna številka se preveri.', inputmode: 'numeric', check: 'tax' },
  { key: 'zzzsNumber', label: 'Številka zavarovane osebe (ZZZS)', hint: '9 števk, s kartice zdravstvenega zavarovanja.', inputmode: 'numeric', check: 'zzzs' },
  { key: 'address', label: 'Naslov', hint: 'Potreben, kadar se odgovori po pošti.' },
  { key: 'email', label: 'E-poštni naslov', hint: 'Potreben, kadar se odgovori po elektronski pošti.', type: 'email' },
  { key: 'phone', label: 'Telefon', inputmode: 'tel' },
] as const;

/** Where the schema's own message is zod's English default, the form says it in Slovenian. */
const FALLBACK: Record<string, string> = {
  channel: 'Izberite, kako je zahteva prispela.',
  receivedAt: 'Vpišite datum in uro prejema.',
  mailbox: 'Izberite predal, v katerega je prispelo sporočilo.',
  'subject.firstName': 'Vpišite ime.',
  'subject.lastName': 'Vpišite priimek.',
  'subject.address': 'Naslov je predolg.',
  'subject.phone': 'Telefonska številka je predolga.',
  'representative.name': 'Vpišite ime in priimek zastopnika.',
  'representative.kind': 'Izberite, kdo zastopa posameznika.',
  rights: 'Izberite pravice s seznama.',
  measures: 'Besedilo je predolgo.',
  answerBy: 'Izberite način odgovora.',
};

interface IntakeForm {
  channel: string;
  receivedDate: string;
  receivedTime: string;
  mailbox: string;
  subject: Record<string, string>;
  representative: { name: string; kind: string; authorisationAttached: boolean; address: string; email: string };
  rights: string[];
  measures: string;
  acknowledgementRequested: boolean;
  answerBy: string;
  identityEvidence: { qualifiedSignature: boolean; idDocumentSeen: boolean };
}

function emptyForm(now: Date): IntakeForm {
  const { date, time } = ljubljanaParts(now);
  return {
    channel: '', receivedDate: date, receivedTime: time, mailbox: '', subject: {},
    representative: { name: '', kind: '', authorisationAttached: false, address: '', email: '' }, rights: [], measures: '',
    acknowledgementRequested: false, answerBy: '', identityEvidence: { qualifiedSignature: false, idDocumentSeen: false },
  };
}

/** Everything the clerk typed, as typed: it goes back into the form when something is wrong. */
function readForm(body: Record<string, unknown>): IntakeForm {
  const subject = group(body.subject), rep = group(body.representative), ev = group(body.identityEvidence);
  return {
    channel: text(body.channel), receivedDate: text(body.receivedDate), receivedTime: text(body.receivedTime), mailbox: text(body.mailbox),
    subject: Object.fromEntries(SUBJECT_FIELDS.map((f) => [f.key, text(subject[f.key])])),
    representative: { name: text(rep.name), kind: text(rep.kind), authorisationAttached: checked(rep.authorisationAttached), address: text(rep.address), email: text(rep.email) },
    rights: list(body.rights), measures: text(body.measures), acknowledgementRequested: checked(body.acknowledgementRequested),
    answerBy: text(body.answerBy), identityEvidence: { qualifiedSignature: checked(ev.qualifiedSignature), idDocumentSeen: checked(ev.idDocumentSeen) },
  };
}

/** The form as the API's RequestInput (docs/api.md "Requests"), and what is wrong with it before the service sees it. */
function toInput(form: IntakeForm, now: Date): { input: RequestInput | null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const receivedAt = ljubljanaInstant(form.receivedDate, form.receivedTime);
  if (!receivedAt) issues.push({ path: 'receivedAt', message: 'Vpišite veljaven datum in uro prejema.' });
  else if (Date.parse(receivedAt) > now.getTime() + 60_000) issues.push({ path: 'receivedAt', message: 'Čas prejema je v prihodnosti.' });
  const subject = Object.fromEntries(Object.entries(form.subject).map(([k, v]) => [k, optional(v)]).filter(([, v]) => v !== undefined));
  const rep = form.representative;
  const input = {
    channel: form.channel || undefined,
    // A placeholder keeps the other fields checked when the date is missing; its own message is above.
    receivedAt: receivedAt ?? now.toISOString(),
    mailbox: form.channel === 'email' ? optional(form.mailbox) : undefined,
    subject: { firstName: form.subject.firstName ?? '', lastName: form.subject.lastName ?? '', ...subject },
    // The one who filed is a party of their own: letters go to the representative's address or e-mail (ZUP).
    representative: rep.name.trim() || rep.kind ? {
      name: rep.name, kind: rep.kind || undefined, authorisationAttached: rep.authorisationAttached, address: optional(rep.address), email: optional(rep.email),
    } : undefined,
    rights: form.rights,
    measures: optional(form.measures),
    acknowledgementRequested: form.acknowledgementRequested,
    answerBy: form.answerBy || undefined,
    identityEvidence: form.identityEvidence,
  };
  const parsed = RequestInputSchema.safeParse(input);
  if (!parsed.success) for (const i of parsed.error.issues) issues.push({ path: i.path.map(String).join('.') || '(body)', message: i.message });
  return { input: parsed.success && issues.length === 0 ? parsed.data : null, issues };
}

function formModel(form: IntakeForm, errors: Record<string, string>) {
  return {
    form,
    channels: CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c], checked: form.channel === c })),
    mailboxes: MAILBOXES.map((m) => ({ value: m, selected: form.mailbox.toLowerCase() === m.toLowerCase() })),
    subjectFields: SUBJECT_FIELDS.map((f) => ({
      ...f, id: `subject-${f.key}`, name: `subject[${f.key}]`, value: form.subject[f.key] ?? '', error: errors[`subject_${f.key}`],
    })),
    representativeKinds: Object.entries(REPRESENTATIVE_KIND_LABELS).map(([value, label]) => ({ value, label, selected: form.representative.kind === value })),
    rights: RIGHTS.map((r) => ({ value: r, label: RIGHT_LABELS[r], id: `rights-${r}`, checked: form.rights.includes(r) })),
    answerByOptions: [{ value: '', label: 'kot je prispela zahteva (10. člen)', checked: !form.answerBy }, ...Object.entries(ANSWER_BY_LABELS).map(([value, label]) => ({ value, label, checked: form.answerBy === value }))],
    isEmail: form.channel === 'email',
  };
}

/** Issue 5, item 4: the clerk's intake form for requests by post, in person and by e-mail (N2.1, N3.1, N3.2, S1.1). */
export function intakePages(ctx: WebContext): Router {
  const r = Router();
  const show = (req: Request, res: Response, status: number, form: IntakeForm, issues: readonly FieldIssue[] = []) => {
    const { errors, errorList } = fieldErrors(issues, FALLBACK);
    res.status(status).send(ctx.pages.page('requests/new', pageModel(req, {
      title: 'Nova zahteva', scripts: ['/static/intake.js'], errors, errorList, ...formModel(form, errors),
    })));
  };

  r.get('/requests/new', allowPage(ctx, 'requests.register'), (req, res) => {
    show(req, res, 200, emptyForm(ctx.system.clock.now()));
  });

  r.post('/requests/new', allowPage(ctx, 'requests.register'), async (req, res) => {
    const form = readForm(group(req.body));
    const { input, issues } = toInput(form, ctx.system.clock.now());
    if (!input) return show(req, res, 422, form, issues);
    try {
      const view = await ctx.requests.register(input, req.webUser!.username);
      res.redirect(303, `/requests/${encodeURIComponent(view.id)}?registered=1`);
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res, 422, form, err.details);
      throw err;
    }
  });
  return r;
}
