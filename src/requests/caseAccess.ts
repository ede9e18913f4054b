import type { EntityManager } from 'typeorm';
import { DsrRequestEntity, UserTaskEntity } from '../persistence/entities/index.js';
import { readsEveryCase, TASK_SCOPED_ROLES } from '../permissions.js';
import type { Role } from '../roles.js';

/** Who asks to read a case: the name (claimed tasks) and the roles. */
export interface CaseReader {
  username: string;
  roles: readonly Role[];
}

/**
 * Issue 10 #6: may this user read this case? Readers of every case may; a records owner only while the
 * case has an open task of its role or one it has claimed (what its tasks need, no more). The case must
 * exist (the caller answers 404 before asking).
 */
export async function mayReadCase(m: EntityManager, requestId: string, user: CaseReader): Promise<boolean> {
  if (readsEveryCase(user.roles)) return true;
  const scoped = TASK_SCOPED_ROLES.filter((r) => user.roles.includes(r));
  if (scoped.length === 0) return false;
  const row = await m.getRepository(DsrRequestEntity).findOne({ where: { id: requestId }, select: { id: true, instanceId: true } });
  if (!row?.instanceId) return false;
  const open = await m.getRepository(UserTaskEntity).find({ where: { instanceId: row.instanceId, status: 'open' }, select: { id: true, candidateRoles: true, assignee: true } });
  return open.some((t) => t.assignee === user.username || t.candidateRoles.split(',').some((r) => (scoped as string[]).includes(r.trim())));
}
