import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { reminderDate } from '../domain/deadlines.js';
import { endOfDayInstant, addCalendarDays, toLocalDate } from '../domain/localDate.js';
import { appendAudit } from '../persistence/audit.js';
import { JobEntity, type JobRow } from '../persistence/entities/index.js';
import type { EffectHandler } from '../engine/jobWorker.js';
import type { RequestDeps } from './context.js';
import { loadRequest, saveRequest } from './store.js';

export const REMINDER_EFFECT = 'decisionReminder';

/**
 * A reminder to the DPO 3 working days before the decision is due (N13.1). A job at the start of that
 * day; when the due date moves (remedy, extension), a new one is scheduled and the old one, finding
 * another due date on the request, does nothing.
 */
export async function scheduleReminder(tx: EntityManager, requestId: string, decisionDue: string, now: Date): Promise<void> {
  const day = reminderDate(decisionDue, 3);
  // 07:00 in Ljubljana on the reminder day: the start of that day plus seven hours.
  const dueAt = endOfDayInstant(addCalendarDays(day, -1)).getTime() + 7 * 3600_000;
  const job: JobRow = {
    id: randomUUID(), kind: 'effect', instanceId: null, elementId: null, executionId: null, handler: REMINDER_EFFECT,
    payload: JSON.stringify({ requestId, decisionDue }), idempotencyKey: `reminder:${requestId}:${decisionDue}`, dueAt: Math.max(dueAt, now.getTime()),
    status: 'pending', attempts: 0, lockOwner: null, lockExpiresAt: null, lastError: null, createdAt: now, version: 1,
  };
  await tx.createQueryBuilder().insert().into(JobEntity).values(job).orIgnore().execute();
}

export function reminderEffect(deps: RequestDeps): EffectHandler {
  return async (job, tx) => {
    const { requestId, decisionDue } = JSON.parse(job.payload ?? '{}') as { requestId: string; decisionDue: string };
    const r = await loadRequest(tx, requestId);
    if (r.decision || r.deadlines.decisionDue !== decisionDue) return;
    const now = deps.clock.now();
    r.flags.reminderSentOn = toLocalDate(now);
    await saveRequest(tx, r, now);
    await appendAudit(tx, deps.db, [{ at: now, actor: 'system', type: 'reminder.decision_due', subjectId: requestId, instanceId: r.row.instanceId, data: { decisionDue, message: `Rok za odločitev v zadevi ${r.row.caseNumber} poteče ${decisionDue}.` } }]);
  };
}
