import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  JobEntity, MessageSubscriptionEntity, UserTaskEntity,
  type JobRow, type MessageSubscriptionRow, type UserTaskRow,
} from '../persistence/entities/index.js';
import type { DiagramMeta } from './bpmnSource.js';
import type { EngineSession } from './engineSession.js';

/**
 * After every step the engine's wait states become rows (docs/architecture.md): open user tasks, timer jobs and
 * message subscriptions. Rows are derived, never mapped from engine internals: what the engine waits on
 * now is added, what it no longer waits on is closed or removed.
 */
export async function syncWaitStates(
  tx: EntityManager,
  instanceId: string,
  businessKey: string | null,
  meta: DiagramMeta,
  session: EngineSession,
  now: Date,
  /** A new instance has no rows yet: skip reading them. */
  isNew = false,
): Promise<{ openTasks: UserTaskRow[] }> {
  const postponed = session.postponed();
  const variables = session.variables();

  const taskRepo = tx.getRepository(UserTaskEntity);
  const openTasks = isNew ? [] : await taskRepo.find({ where: { instanceId, status: 'open' } });
  const waitingTasks = postponed.filter((p) => p.type === 'bpmn:UserTask');
  const kept: UserTaskRow[] = [];
  for (const t of openTasks) {
    if (waitingTasks.some((p) => p.executionId === t.executionId)) kept.push(t);
    else await taskRepo.update({ id: t.id, status: 'open' }, { status: 'cancelled', completedAt: now, version: t.version + 1 });
  }
  for (const p of waitingTasks) {
    if (kept.some((t) => t.executionId === p.executionId)) continue;
    const el = meta.elements.get(p.id);
    const row: UserTaskRow = {
      id: randomUUID(), instanceId, executionId: p.executionId, key: p.id, name: el?.name ?? p.id,
      candidateRoles: (el?.candidateRoles ?? []).join(','), formKey: el?.formKey ?? null,
      due: resolveDue(el?.dueExpression ?? null, variables), assignee: null, status: 'open',
      createdAt: now, completedAt: null, completedBy: null, version: 1,
    };
    await taskRepo.insert(row);
    kept.push(row);
  }

  const jobRepo = tx.getRepository(JobEntity);
  const timerJobs = isNew ? [] : await jobRepo.find({ where: { instanceId, kind: 'timer' } });
  const refs = session.timers.executing;
  for (const job of timerJobs) {
    if (!refs.some((r) => r.owner.executionId === job.executionId)) await jobRepo.delete({ id: job.id });
  }
  for (const ref of refs) {
    if (timerJobs.some((j) => j.executionId === ref.owner.executionId)) continue;
    const job: JobRow = {
      id: randomUUID(), kind: 'timer', instanceId, elementId: ref.owner.id, executionId: ref.owner.executionId,
      handler: null, payload: null, idempotencyKey: null, dueAt: ref.expireAt.getTime(), status: 'pending',
      attempts: 0, lockOwner: null, lockExpiresAt: null, lastError: null, createdAt: now, version: 1,
    };
    await jobRepo.insert(job);
  }

  const subRepo = tx.getRepository(MessageSubscriptionEntity);
  const subs = isNew ? [] : await subRepo.find({ where: { instanceId } });
  const waitingMessages = postponed.filter((p) => meta.elements.get(p.id)?.messageName);
  for (const s of subs) {
    if (!waitingMessages.some((p) => p.executionId === s.executionId)) await subRepo.delete({ id: s.id });
  }
  for (const p of waitingMessages) {
    if (subs.some((s) => s.executionId === p.executionId)) continue;
    const sub: MessageSubscriptionRow = {
      id: randomUUID(), instanceId, executionId: p.executionId, elementId: p.id,
      messageName: meta.elements.get(p.id)!.messageName!, correlationKey: businessKey, createdAt: now,
    };
    await subRepo.insert(sub);
  }
  return { openTasks: kept };
}

const variablePath = /^\$\{environment\.variables\.([A-Za-z0-9_.]+)\}$/;

/** A user task's due date comes from a variable that a rule or handler set (a legal deadline, YYYY-MM-DD). */
export function resolveDue(expression: string | null, variables: Record<string, unknown>): string | null {
  if (!expression) return null;
  const m = variablePath.exec(expression.trim());
  let value: unknown = expression;
  if (m) {
    value = m[1]!.split('.').reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[k] : undefined), variables);
  }
  if (typeof value !== 'string') return null;
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}
