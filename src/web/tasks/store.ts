import { Brackets } from 'typeorm';
import { NotFoundError } from '../../errors.js';
import { DsrRequestEntity, ProcessInstanceEntity, UserTaskEntity, type UserTaskRow } from '../../persistence/entities/index.js';
import type { Role } from '../../roles.js';
import type { System } from '../../system.js';
import { assignTask } from '../../engine/taskAssignment.js';

export interface TaskUser {
  username: string;
  roles: readonly Role[];
}

/** An open task as the list shows it: the task, and the case it belongs to (if it is a request's). */
export interface ListedTask {
  task: UserTaskRow;
  requestId: string | null;
  caseNumber: string | null;
  person: string | null;
}

export const rolesOfTask = (t: Pick<UserTaskRow, 'candidateRoles'>): string[] => t.candidateRoles.split(',').map((r) => r.trim()).filter(Boolean);
export const mayWorkOn = (user: TaskUser, t: Pick<UserTaskRow, 'candidateRoles'>): boolean => rolesOfTask(t).some((r) => (user.roles as readonly string[]).includes(r));

/** Most open tasks a list shows; the counts still cover all of them. */
export const LIST_LIMIT = 500;

/**
 * The open tasks a user sees: those assigned to them and those of their roles (candidate roles are a
 * comma-separated column; matched exactly per item, portably on SQLite and MySQL). Sorted by due day,
 * tasks without one last.
 */
export async function openTasksFor(system: System, user: TaskUser): Promise<ListedTask[]> {
  return system.db.read(async (m) => {
    const qb = m.getRepository(UserTaskEntity).createQueryBuilder('t').where('t.status = :open', { open: 'open' });
    qb.andWhere(new Brackets((w) => {
      w.where('t.assignee = :me', { me: user.username });
      user.roles.forEach((role, i) => {
        w.orWhere(`(t.candidateRoles = :r${i} OR t.candidateRoles LIKE :a${i} OR t.candidateRoles LIKE :b${i} OR t.candidateRoles LIKE :c${i})`, {
          [`r${i}`]: role, [`a${i}`]: `${role},%`, [`b${i}`]: `%,${role}`, [`c${i}`]: `%,${role},%`,
        });
      });
    }));
    const tasks = (await qb.orderBy('t.createdAt', 'ASC').take(5000).getMany())
      // LIKE treats "_" as any character: keep only exact role matches (and my own tasks).
      .filter((t) => t.assignee === user.username || mayWorkOn(user, t));
    tasks.sort((a, b) => (a.due ?? '9999') < (b.due ?? '9999') ? -1 : (a.due ?? '9999') > (b.due ?? '9999') ? 1 : a.createdAt.getTime() - b.createdAt.getTime());
    const instanceIds = [...new Set(tasks.map((t) => t.instanceId))];
    const instances = instanceIds.length
      ? await m.getRepository(ProcessInstanceEntity).createQueryBuilder('i').select(['i.id', 'i.businessKey', 'i.definitionKey']).where('i.id IN (:...ids)', { ids: instanceIds }).getMany()
      : [];
    const requestOf = new Map(instances.filter((i) => i.definitionKey === 'dsrRequest' && i.businessKey).map((i) => [i.id, i.businessKey!]));
    const requestIds = [...new Set(requestOf.values())];
    const requests = requestIds.length
      ? await m.getRepository(DsrRequestEntity).createQueryBuilder('r').select(['r.id', 'r.caseNumber', 'r.subjectName']).where('r.id IN (:...ids)', { ids: requestIds }).getMany()
      : [];
    const byId = new Map(requests.map((r) => [r.id, r]));
    return tasks.map((task) => {
      const requestId = requestOf.get(task.instanceId) ?? null;
      const r = requestId ? byId.get(requestId) : undefined;
      return { task, requestId, caseNumber: r?.caseNumber ?? null, person: r?.subjectName ?? null };
    });
  });
}

/** A task with the request it belongs to (null when its process is not a request's). */
export async function taskWithRequest(system: System, taskId: string): Promise<{ task: UserTaskRow; requestId: string | null }> {
  return system.db.read(async (m) => {
    const task = await m.getRepository(UserTaskEntity).findOneBy({ id: taskId });
    if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
    const instance = await m.getRepository(ProcessInstanceEntity).findOneBy({ id: task.instanceId });
    return { task, requestId: instance && instance.definitionKey === 'dsrRequest' ? instance.businessKey : null };
  });
}

/** Claim or release through the one implementation the API uses too. */
export const setAssignee = (system: System, taskId: string, user: TaskUser, action: 'claim' | 'release'): Promise<UserTaskRow> =>
  assignTask(system.db, system.clock, taskId, user, action, 'web');
