import { formatSlovenian } from '../domain/localDate.js';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { minimumRemedyDue } from '../domain/deadlines.js';
import { toLocalDate, addCalendarDays } from '../domain/localDate.js';
import type { UserTaskRow } from '../persistence/entities/index.js';
import { parseInput } from '../http/validate.js';
import { TaskVariableSchemas, type TaskKey } from './schemas.js';
import { loadRequest, saveRequest } from './store.js';
import type { RequestDeps } from './context.js';

const isTaskKey = (k: string): k is TaskKey => k in TaskVariableSchemas;

/**
 * Validate the variables of a request's user task (docs/api.md "Tasks"); 422 with the field and the reason.
 * Checks that need the law: a remedy time limit shorter than 5 working days from the person's receipt
 * of the request for remedy is refused (N6.2).
 */
export function validateTaskVariables(task: UserTaskRow, body: unknown, deps: RequestDeps, channel: string): Record<string, unknown> {
  if (!isTaskKey(task.key)) return parseInput(z.record(z.string(), z.unknown()), body);
  const v = parseInput(TaskVariableSchemas[task.key] as z.ZodType, body) as Record<string, unknown>;
  if (task.key === 'checkCompleteness' && v.complete === false && typeof v.remedyDue === 'string') {
    const today = toLocalDate(deps.clock.now());
    const delivery = channel === 'email' ? 0 : deps.postalDeliveryDays;
    const minimum = minimumRemedyDue(addCalendarDays(today, delivery)).due;
    if (v.remedyDue < minimum) {
      throw new ValidationError('the remedy time limit is too short', [{ path: 'remedyDue', message: `rok za dopolnitev mora biti vsaj 5 delovnih dni od prejema poziva, najmanj do ${formatSlovenian(minimum)} (6. člen)` }]);
    }
  }
  return v;
}

/** What a completed task records on the request itself, in the same step. */
export async function recordTaskOutcome(tx: EntityManager, requestId: string, task: UserTaskRow, v: Record<string, unknown>, now: Date, actor: string, actorRoles: readonly string[]): Promise<void> {
  const r = await loadRequest(tx, requestId);
  // N18.1: the DPO who first works on a case is its responsible person, until the case is handed over.
  if (!r.flags.responsible && actorRoles.includes('dpo')) r.flags.responsible = actor;
  if (task.key === 'checkRecords') {
    r.flags.art23Restriction = v.art23Restriction === true;
    r.flags.collections = (v.collections as string[]) ?? [];
  } else if (task.key === 'notifyRecipients') {
    r.flags.recipients = (v.recipients as { name: string; notifiedOn?: string; impossibleReason?: string }[]) ?? [];
  }
  await saveRequest(tx, r, now);
}
