import type { EntityManager } from 'typeorm';
import { toLocalDate } from '../domain/localDate.js';
import { In } from 'typeorm';
import { LetterEntity, ProcessInstanceEntity, UserTaskEntity, type DsrRequestRow } from '../persistence/entities/index.js';
import { readRequest, type Extension } from './model.js';
import { byIssue } from './letterOrder.js';
import { letterLeftOn, MISSED_LABELS } from './missedDeadlines.js';
import { holdReason } from './legalHold.js';
import { feeAccount } from './feePayment.js';

/** The request view of docs/api.md, plus what staff pages need (subject, flags, explanations). */
export async function requestView(m: EntityManager, row: DsrRequestRow, now: Date) {
  const r = readRequest(row);
  // The case's own instance and its appeals (processes/dsr-appeal.bpmn) run on the request id as business key.
  const running = await m.getRepository(ProcessInstanceEntity).find({ where: { businessKey: row.id, status: 'running' }, select: { id: true } });
  const instanceIds = [...new Set([...(row.instanceId ? [row.instanceId] : []), ...running.map((i) => i.id)])];
  const [instance, tasks, letters] = await Promise.all([
    row.instanceId ? m.getRepository(ProcessInstanceEntity).findOneBy({ id: row.instanceId }) : Promise.resolve(null),
    instanceIds.length ? m.getRepository(UserTaskEntity).find({ where: { instanceId: In(instanceIds), status: 'open' }, order: { createdAt: 'ASC' } }) : Promise.resolve([]),
    m.getRepository(LetterEntity).find({ where: { requestId: row.id }, order: { createdAt: 'ASC' }, select: { id: true, kind: true, channel: true, createdAt: true, documentNumber: true, sha256: true, sentAt: true, mailStatus: true, messageId: true, postedOn: true } }),
  ]);
  const d = r.deadlines;
  const open = new Set(tasks.map((t) => t.key));
  const decided = Boolean(r.decision);
  const finished = row.status === 'closed' || row.status === 'dismissed';
  // Only the deadlines that matter now (docs/api.md: "not yet or no longer relevant are absent").
  const deadlines: Record<string, string> = {};
  if (d.remedyRequestBy && open.has('checkCompleteness')) deadlines.remedyRequestBy = d.remedyRequestBy;
  if (d.remedyDue && row.status === 'awaiting_remedy') deadlines.remedyDue = d.remedyDue;
  if (d.dismissalDue && open.has('issueDismissal')) deadlines.dismissalDue = d.dismissalDue;
  if (d.decisionDue && !decided && row.status !== 'awaiting_remedy' && !finished) deadlines.decisionDue = d.decisionDue;
  if (d.clarificationUntil && d.deliveredOn && !finished) deadlines.clarificationUntil = d.clarificationUntil;
  if (d.clarificationAnswerDue && open.has('answerClarification')) deadlines.clarificationAnswerDue = d.clarificationAnswerDue;
  // Set only once a clock runs from a receipt (decision, sklep, clarification answer); removed when final.
  if (d.appealUntil) deadlines.appealUntil = d.appealUntil;

  const today = toLocalDate(now);
  const fee = feeAccount(r.decision, r.flags);
  const overdue = tasks.some((t) => t.due !== null && t.due < today)
    || (deadlines.decisionDue !== undefined && deadlines.decisionDue < today)
    || (deadlines.remedyRequestBy !== undefined && deadlines.remedyRequestBy < today);

  return {
    id: row.id,
    caseNumber: row.caseNumber,
    status: row.status,
    channel: row.channel,
    mailbox: row.mailbox,
    receivedAt: row.receivedAt.toISOString(),
    receivedOn: row.receivedOn,
    filedOn: row.filedOn,
    rights: r.rights,
    subject: r.subject,
    representative: r.representative,
    measures: row.measures,
    acknowledgementRequested: row.acknowledgementRequested,
    deadlines,
    deadlineExplanations: Object.fromEntries(Object.keys(deadlines).map((k) => [k, d.explanations[k] ?? ''])),
    overdue,
    responsible: r.flags.responsible ?? null,
    ...(r.extension ? { extension: extensionView(r.extension, letters, today) } : {}),
    ...(r.decision ? { decision: {
      outcome: r.decision.outcome, decidedOn: r.decision.decidedOn, fee: r.decision.fee, grounds: r.decision.grounds,
      // N16.1: how the fee was computed, the reference to pay with, what is paid and what is still owed.
      ...(r.decision.feeDetails ? { feeDetails: r.decision.feeDetails } : {}),
      ...(fee ? { feePaid: fee.paid, feeOutstanding: fee.outstanding, feePayments: fee.payments } : {}),
    } } : {}),
    openTasks: tasks.map((t) => ({ id: t.id, key: t.key, name: t.name, candidateRoles: t.candidateRoles.split(',').filter(Boolean), assignee: t.assignee, due: t.due })),
    letters: letters.sort(byIssue).map((l) => ({ id: l.id, kind: l.kind, channel: l.channel, documentNumber: l.documentNumber, sha256: l.sha256, createdAt: l.createdAt.toISOString(), sentAt: l.sentAt?.toISOString() ?? null, mailStatus: l.mailStatus, messageId: l.messageId, postedOn: l.postedOn, deliveredOn: d.deliveries?.[l.id]?.deliveredOn ?? null })),
    legalHold: { active: row.legalHoldReleasedAt === null, since: row.legalHoldSince.toISOString(), releasedAt: row.legalHoldReleasedAt?.toISOString() ?? null, ...(holdReason(r) ? { reason: holdReason(r) } : {}) },
    /** Issue 16 #4: ZZZS's time limits that passed unmet, whatever happened after. */
    missedDeadlines: (d.missed ?? []).map((x) => ({ ...x, label: MISSED_LABELS[x.deadline] })),
    ...(r.flags.appealFiledOn ? { appeal: { kind: r.flags.appealKind ?? 'decision', filedOn: r.flags.appealFiledOn, closedOn: r.flags.appealClosedOn ?? null, outcome: r.flags.appealOutcome ?? null, compliedOn: r.flags.compliedOn ?? null } } : {}),
    warnings: warningsOf(r.extension ? extensionView(r.extension, letters, today) : null, today),
    flags: r.flags,
    process: instance ? { definitionKey: instance.definitionKey, version: instance.definitionVersion, instanceId: instance.id, status: instance.status } : null,
  };
}
export type RequestView = Awaited<ReturnType<typeof requestView>>;

type LetterLike = { id: string; channel: string; postedOn: string | null; sentAt: Date | null; mailStatus: string };

/** N8.2: the notice counts as given on the day it left (posted, or e-mail sent), not when it was written. */
function extensionView(e: Extension, letters: LetterLike[], today: string) {
  const letter = letters.find((l) => l.id === e.noticeLetterId) ?? null;
  const left = e.noticeLetterId ? letterLeftOn(letter) : e.noticeSentOn;
  return { months: e.months, reasons: e.reasons, noticeSentOn: left, ...(e.noticeBy ? { noticeBy: e.noticeBy, noticeLate: !left ? today > e.noticeBy : left > e.noticeBy } : {}) };
}

/** What staff must act on that no task says: an extension notice that has not left. */
function warningsOf(e: ReturnType<typeof extensionView> | null, today: string): { code: string; message: string }[] {
  const out: { code: string; message: string }[] = [];
  if (e && !e.noticeSentOn && e.noticeBy) {
    out.push({
      code: today > e.noticeBy ? 'extension_notice_late' : 'extension_notice_not_sent',
      message: today > e.noticeBy
        ? `Obvestilo o podaljšanju ni bilo odposlano v prvem mesecu (do ${e.noticeBy}); podaljšanje ni bilo pravočasno sporočeno (8. člen).`
        : `Obvestilo o podaljšanju še ni odposlano: odposlati ga je treba najpozneje ${e.noticeBy} (8. člen). Natisnite in oddajte ga na pošto oziroma ga pošljite po e-pošti.`,
    });
  }
  return out;
}

