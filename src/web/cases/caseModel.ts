import { workingDaysBefore } from '../../domain/calendar.js';
import { formatSlovenian } from '../../domain/localDate.js';
import type { Role } from '../../roles.js';
import { GROUND_LABELS, OUTCOME_LABELS, RIGHT_LABELS } from '../../requests/model.js';
import { RIGHTS } from '../../requests/schemas.js';
import type { RequestView } from '../../requests/view.js';
import type { traceOf } from '../../requests/queries.js';
import type { AuditEventRow } from '../../persistence/entities/index.js';
import { isAccessEvent, type LogFilter } from '../../requests/accessLog.js';
import { mayDo } from '../../permissions.js';
import { ACTIONS, deliveryLetters, type ActionName } from './actions.js';
import { list } from './forms.js';
import {
  ANSWER_BY_LABELS, APPEAL_OUTCOME_LABELS, CHANNEL_LABELS, DEADLINE_LABELS, describeEvent, IDENTITY_METHOD_LABELS,
  LETTER_CHANNEL_LABELS, LETTER_LABELS, REPRESENTATIVE_KIND_LABELS, ROLE_NAMES, STATUS_LABELS, TASK_LABELS, WAITING_LABELS,
} from './labels.js';

export type Trace = Awaited<ReturnType<typeof traceOf>>;

/** What went wrong with one action's form, to show beside it (the rest of the page stays as it is). */
export interface ActionFeedback {
  action: ActionName;
  values: Record<string, unknown>;
  errors?: Record<string, string>;
  errorList?: { href: string; message: string }[];
  conflict?: string;
}

const SUBJECT_LABELS: [string, string][] = [
  ['firstName', 'Ime'], ['lastName', 'Priimek'], ['emso', 'EMŠO'], ['taxNumber', 'Davčna številka'], ['zzzsNumber', 'Številka ZZZS'],
  ['address', 'Naslov'], ['email', 'E-pošta'], ['phone', 'Telefon'],
];

/** Reads logged elsewhere than the case page (issue 10 #4): where the case's data were shown. */
const READ_LABELS: Record<string, string> = {
  'requests.listed': 'Zadeva na seznamu zadev',
  'register.viewed': 'Zadeva v evidenci zahtev',
  'register.exported': 'Zadeva v izvozu evidence (CSV)',
  'tasks.listed': 'Zadeva na seznamu nalog',
  'letters.listed': 'Zadeva v poštni vrsti',
  'dashboard.viewed': 'Zadeva na pregledu rokov',
  'intake.draft_viewed': 'Ogled e-poštnega sporočila',
  'intake.drafts_listed': 'Sporočilo na seznamu e-pošte',
  'intake.email_downloaded': 'Prenos izvornega e-poštnega sporočila',
  'trace.viewed': 'Ogled sledi',
  'security.denied': 'Zavrnjen dostop',
};

const FILTER_LABELS: Record<LogFilter, string> = { steps: 'Koraki postopka', reads: 'Dnevnik vpogledov (ZVOP-2)', all: 'Vse' };

/** One page of the case's log (issue 10 #4): steps, reads or both, never the whole of it. */
export interface CaseLogModel {
  filter: LogFilter;
  events: AuditEventRow[];
  counts: Record<LogFilter, number>;
  pageNo: number;
  pageSize: number;
}

/** A logged event as a row of the case page: what happened, or who read the case and where. */
function describeLogged(e: AuditEventRow) {
  const data = JSON.parse(e.data) as Record<string, unknown>;
  const d = describeEvent(e.type, e.elementId ?? undefined, data);
  const what = READ_LABELS[e.type] ?? d.what;
  const via = data.via === 'api' ? 'prek API' : '';
  return { seq: e.seq, at: e.at.toISOString(), actor: actorName(e.actor), what, detail: [d.detail, via].filter(Boolean).join(', '), read: isAccessEvent(e.type) };
}

const actorName = (a: string) => (a === 'system' ? 'sistem' : a);

/** The case page (issue 5, item 5): view model only, no entities. */
const euros = (n: number) => new Intl.NumberFormat('sl-SI', { style: 'currency', currency: 'EUR' }).format(n);

export function caseModel(view: RequestView, trace: Trace, log: CaseLogModel, roles: readonly Role[], today: string, now: Date, o: { registered?: boolean; feedback?: ActionFeedback } = {}) {
  const subject = view.subject as Record<string, unknown>;
  const deadlines = Object.entries(view.deadlines).map(([key, due]) => ({
    key, label: DEADLINE_LABELS[key] ?? key, due, explanation: view.deadlineExplanations[key] ?? '',
    overdue: due < today, soon: due >= today && workingDaysBefore(due, 3) <= today,
  }));
  const waiting = trace.waiting;
  const actionContext = { view, waiting, today };
  const feedback = o.feedback;
  const actions = Object.fromEntries(ACTIONS.map((a) => {
    const mine = feedback?.action === a.name ? feedback : undefined;
    const allowedRole = a.roles.some((r) => roles.includes(r));
    const show = allowedRole && (a.available(actionContext) || Boolean(mine));
    const values = { ...a.defaults(now, view), ...(mine?.values ?? {}) };
    return [a.name.replace('-', '_'), { show, open: Boolean(mine), values, errors: mine?.errors ?? {}, errorList: mine?.errorList ?? [], conflict: mine?.conflict ?? '' }];
  })) as Record<string, { show: boolean; open: boolean; values: Record<string, unknown>; errors: Record<string, string>; conflict: string }>;
  const remedyRights = list(actions.remedy!.values.rights);

  return {
    title: `Zadeva ${view.caseNumber}`,
    registered: o.registered === true,
    c: {
      id: view.id,
      caseNumber: view.caseNumber,
      status: view.status,
      statusLabel: STATUS_LABELS[view.status] ?? view.status,
      overdue: view.overdue,
      channelLabel: CHANNEL_LABELS[view.channel] ?? view.channel,
      mailbox: view.mailbox,
      receivedAt: view.receivedAt,
      receivedOn: view.receivedOn,
      filedOn: view.filedOn !== view.receivedOn ? view.filedOn : null,
      rights: view.rights.map((r) => RIGHT_LABELS[r] ?? r),
      measures: view.measures,
      acknowledgementRequested: view.acknowledgementRequested,
      answerBy: ANSWER_BY_LABELS[view.flags.answerBy ?? (view.channel === 'email' ? 'email' : 'post')],
      responsible: view.responsible,
      outsideOfficeHours: view.flags.outsideOfficeHours === true,
      missing: view.status === 'awaiting_remedy' ? view.flags.missing ?? [] : [],
      identityMethod: view.flags.identityMethod ? IDENTITY_METHOD_LABELS[view.flags.identityMethod] ?? view.flags.identityMethod : null,
      collections: view.flags.collections ?? [],
      art23Restriction: view.flags.art23Restriction,
      clarificationReceivedOn: view.flags.clarificationReceivedOn ?? null,
      appeal: view.flags.appealFiledOn ? {
        filedOn: view.flags.appealFiledOn, closedOn: view.flags.appealClosedOn ?? null,
        outcome: view.flags.appealOutcome ? APPEAL_OUTCOME_LABELS[view.flags.appealOutcome] : null,
      } : null,
      process: view.process,
      waitingFor: waiting.map((w) => WAITING_LABELS[w] ?? (TASK_LABELS[w] ? `nalogo »${TASK_LABELS[w]}«` : w)),
      traceHref: mayDo(roles, 'requests.trace') ? `/requests/${view.id}/trace` : null,
    },
    person: SUBJECT_LABELS.filter(([k]) => typeof subject[k] === 'string' && subject[k] !== '').map(([k, label]) => ({ label, value: String(subject[k]) })),
    representative: view.representative ? {
      name: view.representative.name,
      kind: REPRESENTATIVE_KIND_LABELS[view.representative.kind] ?? view.representative.kind,
      authorisationAttached: view.representative.authorisationAttached,
      address: view.representative.address ?? null, email: view.representative.email ?? null,
    } : null,
    deadlines,
    legalHold: view.legalHold,
    decision: view.decision ? {
      outcome: OUTCOME_LABELS[view.decision.outcome] ?? view.decision.outcome,
      decidedOn: view.decision.decidedOn,
      fee: view.decision.fee ? euros(view.decision.fee) : null,
      // N16.1: the fee's reference, what is paid and what is still owed.
      feeReference: view.decision.feeDetails?.reference ?? null,
      feePaid: view.decision.fee ? euros(view.decision.feePaid ?? 0) : null,
      feeOutstanding: view.decision.fee ? euros(view.decision.feeOutstanding ?? view.decision.fee) : null,
      feeSettled: Boolean(view.decision.fee) && (view.decision.feeOutstanding ?? view.decision.fee) === 0,
      feePayments: (view.decision.feePayments ?? []).map((p) => ({ paidOn: p.paidOn, amount: euros(p.amount) })),
      grounds: (view.decision.grounds ?? []).map((g) => GROUND_LABELS[g] ?? g),
    } : null,
    extension: view.extension ? { ...view.extension, noticeSentOnText: view.extension.noticeSentOn ? formatSlovenian(view.extension.noticeSentOn) : 'še ni odposlano' } : null,
    missedDeadlines: view.missedDeadlines.map((x) => ({ label: x.label, dueText: formatSlovenian(x.due), noticedAt: x.noticedAt })),
    warnings: view.warnings,
    openTasks: view.openTasks.map((t) => ({
      href: `/tasks/${encodeURIComponent(t.id)}`, name: t.name, due: t.due, overdue: t.due !== null && t.due < today,
      roles: t.candidateRoles.map((r) => ROLE_NAMES[r] ?? r).join(', '), assignee: t.assignee,
    })),
    letters: view.letters.map((l) => ({
      label: LETTER_LABELS[l.kind] ?? l.kind, documentNumber: l.documentNumber, createdAt: l.createdAt, sentAt: l.sentAt,
      channel: LETTER_CHANNEL_LABELS[l.channel] ?? l.channel, sha256: l.sha256,
      href: `/requests/${view.id}/letters/${l.id}`, downloadHref: `/requests/${view.id}/letters/${l.id}/download`,
    })),
    log: logModel(view.id, log, mayDo(roles, 'requests.accessLog')),
    actions,
    anyAction: Object.values(actions).some((a) => a.show),
    rightOptions: RIGHTS.map((r) => ({ value: r, label: RIGHT_LABELS[r], checked: remedyRights.includes(r) })),
    monthsOptions: [1, 2].map((m) => ({ value: String(m), label: m === 1 ? '1 mesec' : '2 meseca', selected: String(actions.extension!.values.months ?? '') === String(m) })),
    deliveryOptions: deliveryLetters(view).map((l) => ({ value: l.id, label: `${LETTER_LABELS[l.kind] ?? l.kind} ${l.documentNumber}`, selected: actions.delivery!.values.letterId === l.id })),
    outcomeOptions: Object.entries(APPEAL_OUTCOME_LABELS).map(([value, label]) => ({ value, label, selected: actions.appeal_closed!.values.outcome === value })),
  };
}

/** The log section: its filters (reads only for those who may see them), the page of events, and the pager. */
function logModel(id: string, log: CaseLogModel, seesReads: boolean) {
  const total = log.counts[log.filter];
  const pages = Math.max(1, Math.ceil(total / log.pageSize));
  const href = (filter: LogFilter, page: number) => `/requests/${id}?${new URLSearchParams({ log: filter, ...(page > 1 ? { logPage: String(page) } : {}) }).toString()}#potek`;
  return {
    filter: log.filter,
    filters: seesReads ? (['steps', 'reads', 'all'] as const).map((f) => ({ value: f, label: FILTER_LABELS[f], count: log.counts[f], current: f === log.filter, href: href(f, 1) })) : null,
    events: log.events.map(describeLogged),
    total, pageNo: log.pageNo, pages,
    first: total === 0 ? 0 : (log.pageNo - 1) * log.pageSize + 1,
    last: Math.min(total, log.pageNo * log.pageSize),
    prev: log.pageNo > 1 ? href(log.filter, log.pageNo - 1) : null,
    next: log.pageNo < pages ? href(log.filter, log.pageNo + 1) : null,
    newestFirst: log.filter !== 'steps',
  };
}
