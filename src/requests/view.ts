import type { EntityManager } from 'typeorm';
import { toLocalDate } from '../domain/localDate.js';
import { LetterEntity, ProcessInstanceEntity, UserTaskEntity, type DsrRequestRow } from '../persistence/entities/index.js';
import { readRequest } from './model.js';
import { byIssue } from './letterOrder.js';
import { feeAccount } from './feePayment.js';

/** The request view of API.md, plus what staff pages need (subject, flags, explanations). */
export async function requestView(m: EntityManager, row: DsrRequestRow, now: Date) {
  const r = readRequest(row);
  const [instance, tasks, letters] = await Promise.all([
    row.instanceId ? m.getRepository(ProcessInstanceEntity).findOneBy({ id: row.instanceId }) : Promise.resolve(null),
    row.instanceId ? m.getRepository(UserTaskEntity).find({ where: { instanceId: row.instanceId, status: 'open' }, order: { createdAt: 'ASC' } }) : Promise.resolve([]),
    m.getRepository(LetterEntity).find({ where: { requestId: row.id }, order: { createdAt: 'ASC' }, select: { id: true, kind: true, channel: true, createdAt: true, documentNumber: true, sha256: true, sentAt: true, mailStatus: true, messageId: true } }),
  ]);
  const d = r.deadlines;
  const open = new Set(tasks.map((t) => t.key));
  const decided = Boolean(r.decision);
  const finished = row.status === 'closed' || row.status === 'dismissed';
  // Only the deadlines that matter now (API.md: "not yet or no longer relevant are absent").
  const deadlines: Record<string, string> = {};
  if (d.remedyRequestBy && open.has('checkCompleteness')) deadlines.remedyRequestBy = d.remedyRequestBy;
  if (d.remedyDue && row.status === 'awaiting_remedy') deadlines.remedyDue = d.remedyDue;
  if (d.decisionDue && !decided && row.status !== 'awaiting_remedy' && !finished) deadlines.decisionDue = d.decisionDue;
  if (d.clarificationUntil && d.deliveredOn && !finished) deadlines.clarificationUntil = d.clarificationUntil;
  if (d.clarificationAnswerDue && open.has('answerClarification')) deadlines.clarificationAnswerDue = d.clarificationAnswerDue;
  if (d.appealUntil && (d.deliveredOn || row.status === 'dismissed') && (!finished || r.flags.appealFiledOn)) deadlines.appealUntil = d.appealUntil;

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
    ...(r.extension ? { extension: r.extension } : {}),
    ...(r.decision ? { decision: {
      outcome: r.decision.outcome, decidedOn: r.decision.decidedOn, fee: r.decision.fee, grounds: r.decision.grounds,
      // N16.1: how the fee was computed, the reference to pay with, what is paid and what is still owed.
      ...(r.decision.feeDetails ? { feeDetails: r.decision.feeDetails } : {}),
      ...(fee ? { feePaid: fee.paid, feeOutstanding: fee.outstanding, feePayments: fee.payments } : {}),
    } } : {}),
    openTasks: tasks.map((t) => ({ id: t.id, key: t.key, name: t.name, candidateRoles: t.candidateRoles.split(',').filter(Boolean), assignee: t.assignee, due: t.due })),
    letters: letters.sort(byIssue).map((l) => ({ id: l.id, kind: l.kind, channel: l.channel, documentNumber: l.documentNumber, sha256: l.sha256, createdAt: l.createdAt.toISOString(), sentAt: l.sentAt?.toISOString() ?? null, mailStatus: l.mailStatus, messageId: l.messageId })),
    legalHold: { active: row.legalHoldReleasedAt === null, since: row.legalHoldSince.toISOString(), releasedAt: row.legalHoldReleasedAt?.toISOString() ?? null },
    flags: r.flags,
    process: instance ? { definitionKey: instance.definitionKey, version: instance.definitionVersion, instanceId: instance.id, status: instance.status } : null,
  };
}
export type RequestView = Awaited<ReturnType<typeof requestView>>;

