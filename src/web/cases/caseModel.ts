import { workingDaysBefore } from '../../domain/calendar.js';
import { formatSlovenian } from '../../domain/localDate.js';
import type { Role } from '../../roles.js';
import { GROUND_LABELS, OUTCOME_LABELS, RIGHT_LABELS } from '../../requests/model.js';
import { RIGHTS } from '../../requests/schemas.js';
import type { RequestView } from '../../requests/view.js';
import type { traceOf } from '../../requests/queries.js';
import { ACTIONS, deliveryLetters, type ActionName } from './actions.js';
import { list } from './forms.js';
import {
  ACCESS_EVENTS, ANSWER_BY_LABELS, APPEAL_OUTCOME_LABELS, CHANNEL_LABELS, DEADLINE_LABELS, describeEvent, IDENTITY_METHOD_LABELS,
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

/** Who sees the access log of the case (ZVOP-2): those who answer for it and those who check it. */
const ACCESS_LOG_ROLES: Role[] = ['auditor', 'dpo', 'admin'];
const TRACE_ROLES: Role[] = ['auditor', 'dpo', 'admin'];

const actorName = (a: string) => (a === 'system' ? 'sistem' : a);

/** The case page (issue 5, item 5): view model only, no entities. */
const euros = (n: number) => new Intl.NumberFormat('sl-SI', { style: 'currency', currency: 'EUR' }).format(n);

export function caseModel(view: RequestView, trace: Trace, roles: readonly Role[], today: string, now: Date, o: { registered?: boolean; feedback?: ActionFeedback } = {}) {
  const subject = view.subject as Record<string, unknown>;
  const deadlines = Object.entries(view.deadlines).map(([key, due]) => ({
    key, label: DEADLINE_LABELS[key] ?? key, due, explanation: view.deadlineExplanations[key] ?? '',
    overdue: due < today, soon: due >= today && workingDaysBefore(due, 3) <= today,
  }));
  const events = trace.events.map((e) => ({ ...e, ...describeEvent(e.type, e.elementId, (e.data ?? {}) as Record<string, unknown>), actor: actorName(e.actor) }));
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
      traceHref: TRACE_ROLES.some((r) => roles.includes(r)) ? `/requests/${view.id}/trace` : null,
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
    timeline: events.filter((e) => !ACCESS_EVENTS.has(e.type)),
    accessLog: ACCESS_LOG_ROLES.some((r) => roles.includes(r)) ? events.filter((e) => ACCESS_EVENTS.has(e.type)).reverse() : null,
    actions,
    anyAction: Object.values(actions).some((a) => a.show),
    rightOptions: RIGHTS.map((r) => ({ value: r, label: RIGHT_LABELS[r], checked: remedyRights.includes(r) })),
    monthsOptions: [1, 2].map((m) => ({ value: String(m), label: m === 1 ? '1 mesec' : '2 meseca', selected: String(actions.extension!.values.months ?? '') === String(m) })),
    deliveryOptions: deliveryLetters(view).map((l) => ({ value: l.id, label: `${LETTER_LABELS[l.kind] ?? l.kind} ${l.documentNumber}`, selected: actions.delivery!.values.letterId === l.id })),
    outcomeOptions: Object.entries(APPEAL_OUTCOME_LABELS).map(([value, label]) => ({ value, label, selected: actions.appeal_closed!.values.outcome === value })),
  };
}
