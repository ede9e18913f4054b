import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import { ProcessInstanceEntity, UserTaskEntity, type UserTaskRow } from '../persistence/entities/index.js';
import type { Clock } from './clock.js';

/**
 * Claim (assignee = me) or release (assignee = nobody) a task, with the same checks as the API's claim:
 * the role must fit, the task must be open, nobody else may hold it; release only by its holder. The row's
 * version guards against a concurrent claim. Both are audited on the case (N18.1: who works on it).
 */
export async function assignTask(db: Database, clock: Clock, taskId: string, user: { username: string; roles: readonly string[] }, action: 'claim' | 'release', via: 'web' | 'api'): Promise<UserTaskRow> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(UserTaskEntity);
    const t = await repo.findOneBy({ id: taskId });
    if (!t) throw new NotFoundError(`task ${taskId} does not exist`);
    if (!t.candidateRoles.split(',').some((r) => user.roles.includes(r.trim())) && t.assignee !== user.username) throw new ForbiddenError(`task ${taskId} is for the roles ${t.candidateRoles}`);
    if (t.status !== 'open') throw new ConflictError(`task ${taskId} is no longer open`, 'task_not_open');
    if (action === 'claim' && t.assignee && t.assignee !== user.username) throw new ConflictError(`task ${taskId} is claimed by ${t.assignee}`, 'task_claimed');
    if (action === 'release' && t.assignee !== user.username) throw new ConflictError(`task ${taskId} is not claimed by ${user.username}`, 'task_not_yours');
    const assignee = action === 'claim' ? user.username : null;
    if (t.assignee === assignee) return t;
    const done = await repo.createQueryBuilder().update().set({ assignee, version: t.version + 1 }).where('id = :id AND version = :v', { id: taskId, v: t.version }).execute();
    if (done.affected !== 1) throw new ConflictError(`task ${taskId} changed meanwhile; try again`, 'stale_version');
    const instance = await tx.getRepository(ProcessInstanceEntity).findOneBy({ id: t.instanceId });
    await appendAudit(tx, db, [{
      at: now, actor: user.username, type: action === 'claim' ? 'task.claimed' : 'task.released',
      instanceId: t.instanceId, subjectId: instance?.businessKey ?? null, elementId: t.key, data: { taskId, via },
    }]);
    return { ...t, assignee, version: t.version + 1 };
  });
}
