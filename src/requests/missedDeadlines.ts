import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { endOfDayInstant, toLocalDate } from '../domain/localDate.js';
import { appendAudit, type AuditEntry } from '../persistence/audit.js';
import { JobEntity, LetterEntity, type JobRow } from '../persistence/entities/index.js';
import type { EffectHandler } from '../engine/jobWorker.js';
import type { RequestDeps } from './context.js';
import type { MissedDeadline, Request } from './model.js';
import { loadRequest, saveRequest } from './store.js';

export const DEADLINE_WATCH_EFFECT = 'deadlineWatch';

export type WatchedDeadline = MissedDeadline['deadline'];

/** Slovenian names of ZZZS's own time limits (case page, register, trace). */
export const MISSED_LABELS: Record<WatchedDeadline, string> = {
  remedyRequestBy: 'poziv k dopolnitvi v 5 delovnih dneh od prejema (6. člen)',
  decisionDue: 'odločitev v roku (8. člen)',
  clarificationAnswerDue: 'odgovor na zahtevo za pojasnilo v 5 delovnih dneh (12. člen)',
  dismissalDue: 'sklep o zavrženju po izteku roka za dopolnitev (6. člen)',
  extensionNoticeBy: 'obvestilo o podaljšanju odposlano v prvem mesecu (8. člen)',
};

/**
 * Issue 16 #4: a time limit of ZZZS that passed unmet is written down once, with when it was noticed, and
 * stays whatever happens later (a late remedy request, a remedy, an extension). Returns the audit entry to
 * write (type `deadline.missed`), or null if it was already recorded.
 */
export function noteMissed(r: Request, deadline: WatchedDeadline, due: string, now: Date, actor: string): Omit<AuditEntry, 'at' | 'actor'> | null {
  const list = (r.deadlines.missed ??= []);
  if (list.some((m) => m.deadline === deadline && m.due === due)) return null;
  list.push({ deadline, due, noticedAt: now.toISOString(), noticedBy: actor });
  return { type: 'deadline.missed', subjectId: r.row.id, instanceId: r.row.instanceId, data: { deadline, due, caseNumber: r.row.caseNumber, label: MISSED_LABELS[deadline] } };
}

/** The act was done on `day`: if that is after `due`, the limit was missed (noticed now, by whoever did it late). */
export function noteIfLate(r: Request, deadline: WatchedDeadline, due: string | undefined, day: string, now: Date, actor: string) {
  return due && day > due ? noteMissed(r, deadline, due, now, actor) : null;
}

/** A job at the end of the due day: if what the limit requires is still undone, the limit is recorded as missed. */
export async function scheduleDeadlineWatch(tx: EntityManager, requestId: string, deadline: WatchedDeadline, due: string, now: Date): Promise<void> {
  const job: JobRow = {
    id: randomUUID(), kind: 'effect', instanceId: null, elementId: null, executionId: null, handler: DEADLINE_WATCH_EFFECT,
    payload: JSON.stringify({ requestId, deadline, due }), idempotencyKey: `watch:${requestId}:${deadline}:${due}`,
    dueAt: Math.max(endOfDayInstant(due).getTime(), now.getTime()),
    status: 'pending', attempts: 0, lockOwner: null, lockExpiresAt: null, lastError: null, createdAt: now, version: 1,
  };
  await tx.createQueryBuilder().insert().into(JobEntity).values(job).orIgnore().execute();
}

/** Is the act that `deadline` (due on `due`) requires still undone? A moved or met limit is not this one. */
export async function stillUndone(tx: EntityManager, r: Request, deadline: WatchedDeadline, due: string): Promise<boolean> {
  const d = r.deadlines;
  switch (deadline) {
    case 'remedyRequestBy': return d.remedyRequestBy === due && r.row.status === 'registered';
    case 'decisionDue': return !r.decision && d.decisionDue === due && !['awaiting_remedy', 'dismissed', 'closed'].includes(r.row.status);
    case 'clarificationAnswerDue': return d.clarificationAnswerDue === due && r.row.status === 'clarification';
    case 'dismissalDue': return d.dismissalDue === due && r.row.status === 'awaiting_remedy';
    case 'extensionNoticeBy': {
      const id = r.extension?.noticeLetterId;
      if (!id || r.extension?.noticeBy !== due) return false;
      const letter = await tx.getRepository(LetterEntity).findOneBy({ id });
      return !letterLeftOn(letter);
    }
  }
}

/** The day a letter left ZZZS: handed to the post, or sent by e-mail. Null while it waits. */
export function letterLeftOn(l: { channel: string; postedOn: string | null; sentAt: Date | null; mailStatus: string } | null): string | null {
  if (!l) return null;
  if (l.channel === 'post') return l.postedOn;
  return l.mailStatus === 'sent' && l.sentAt ? toLocalDate(l.sentAt) : null;
}

export function deadlineWatchEffect(deps: RequestDeps): EffectHandler {
  return async (job, tx) => {
    const { requestId, deadline, due } = JSON.parse(job.payload ?? '{}') as { requestId: string; deadline: WatchedDeadline; due: string };
    const r = await loadRequest(tx, requestId);
    if (!(await stillUndone(tx, r, deadline, due))) return;
    const now = deps.clock.now();
    const entry = noteMissed(r, deadline, due, now, 'system');
    if (!entry) return;
    await saveRequest(tx, r, now);
    await appendAudit(tx, deps.db, [{ ...entry, at: now, actor: 'system' }]);
  };
}
