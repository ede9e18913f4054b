import type { Router } from 'express';
import { assignTask } from '../../engine/taskAssignment.js';
import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { ProcessInstanceEntity, UserTaskEntity, type UserTaskRow } from '../../persistence/entities/index.js';
import { ROLES } from '../../roles.js';
import { actorOf, guardedRouter, type Principal } from '../auth/middleware.js';
import { logAccess } from '../../requests/accessLog.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';
import { instanceView, InstanceViewSchema } from './instanceView.js';

export const TaskViewSchema = z.object({
  id: z.string(), key: z.string(), name: z.string(), requestId: z.string().nullable(), instanceId: z.string(),
  candidateRoles: z.array(z.string()), assignee: z.string().nullable(), due: z.string().nullable(),
});
const TaskQuery = z.object({ requestId: z.string().optional(), key: z.string().optional(), role: z.enum(ROLES).optional() });

export function taskView(t: UserTaskRow, requestId: string | null) {
  return { id: t.id, key: t.key, name: t.name, requestId, instanceId: t.instanceId, candidateRoles: t.candidateRoles.split(',').filter(Boolean), assignee: t.assignee, due: t.due };
}

const mayWorkOn = (p: Principal, t: UserTaskRow) => t.candidateRoles.split(',').some((r) => (p.roles as string[]).includes(r));

/**
 * Task completion hooks let the domain layer (requests) validate the variables of a task key and
 * answer with its own view; without a hook the generic instance view is returned.
 */
export interface TaskCompletionHook {
  /** Complete the task if it belongs to the domain (a request); null when it does not. */
  complete?(task: UserTaskRow, body: unknown, actor: string, principal: Principal): Promise<unknown | null>;
}

export function taskRoutes({ system, docs, guard }: HttpContext, hook: TaskCompletionHook = {}): Router {
  const on = guardedRouter(guard);

  docs.add({ method: 'get', path: '/tasks', tag: 'tasks', summary: 'Open user tasks', query: TaskQuery, responses: { 200: { description: 'Tasks', schema: z.object({ items: z.array(TaskViewSchema) }) } } });
  on.get('/tasks', 'tasks.list', async (req, res) => {
    const q = parseInput(TaskQuery, req.query, 'query');
    const rows = await system.db.read(async (m) => {
      const qb = m.getRepository(UserTaskEntity).createQueryBuilder('t').where('t.status = :open', { open: 'open' });
      if (q.key) qb.andWhere('t.key = :key', { key: q.key });
      if (q.requestId) qb.innerJoin(ProcessInstanceEntity.options.tableName!, 'i', 'i.id = t.instance_id').andWhere('i.business_key = :rid', { rid: q.requestId });
      return qb.orderBy('t.due', 'ASC').addOrderBy('t.createdAt', 'ASC').take(1000).getMany();
    });
    const instances = await keysOf(rows.map((t: UserTaskRow) => t.instanceId));
    const filtered = q.role ? rows.filter((t) => t.candidateRoles.split(',').includes(q.role!)) : rows;
    res.json({ items: filtered.map((t) => taskView(t, instances.get(t.instanceId) ?? null)) });
  });

  docs.add({ method: 'post', path: '/tasks/:id/claim', tag: 'tasks', summary: 'Claim a task for yourself', responses: { 200: { description: 'Task', schema: TaskViewSchema }, 409: { description: 'Claimed by someone else or no longer open' } } });
  on.post('/tasks/:id/claim', 'tasks.work', async (req, res) => {
    const id = String(req.params.id);
    const actor = actorOf(req);
    const task = await assignTask(system.db, system.clock, id, { username: actor, roles: req.principal!.roles }, 'claim', 'api');
    res.json(taskView(task, (await keysOf([task.instanceId])).get(task.instanceId) ?? null));
  });

  docs.add({ method: 'post', path: '/tasks/:id/release', tag: 'tasks', summary: 'Give a claimed task back to its roles (only by whoever holds it)', responses: { 200: { description: 'Task', schema: TaskViewSchema }, 409: { description: 'Not held by you, or no longer open' } } });
  on.post('/tasks/:id/release', 'tasks.work', async (req, res) => {
    const task = await assignTask(system.db, system.clock, String(req.params.id), { username: actorOf(req), roles: req.principal!.roles }, 'release', 'api');
    res.json(taskView(task, (await keysOf([task.instanceId])).get(task.instanceId) ?? null));
  });

  docs.add({ method: 'post', path: '/tasks/:id/complete', tag: 'tasks', summary: 'Complete a task with its variables (exactly once)', body: z.record(z.string(), z.unknown()), responses: { 200: { description: 'The view after the step', schema: InstanceViewSchema }, 409: { description: 'The task is no longer open' } } });
  on.post('/tasks/:id/complete', 'tasks.work', async (req, res) => {
    const id = String(req.params.id);
    const task = await system.db.read((m) => m.getRepository(UserTaskEntity).findOneBy({ id }));
    if (!task) throw new NotFoundError(`task ${id} does not exist`);
    if (!mayWorkOn(req.principal!, task)) throw new ForbiddenError(`task ${id} is for the roles ${task.candidateRoles}`);
    if (task.status !== 'open') throw new ConflictError(`task ${id} is no longer open`, 'task_not_open');
    const body = req.body === undefined || req.body === null || req.body === '' ? {} : req.body;
    const handled = hook.complete ? await hook.complete(task, body, actorOf(req), req.principal!) : null;
    if (handled !== null) {
      // The answer is the case's view: a read of the case like any other (issue 10 #4).
      const v = handled as { id?: unknown; caseNumber?: unknown };
      if (typeof v.id === 'string') await logAccess(system.db, system.clock.now(), { actor: actorOf(req), type: 'request.viewed', requestIds: [v.id], data: { caseNumber: v.caseNumber, via: 'api', after: task.key } });
      res.json(handled);
      return;
    }
    const variables = parseInput(z.record(z.string(), z.unknown()), body);
    const step = await system.host.completeTask(id, { actor: actorOf(req), variables });
    res.json(await instanceView(system, step.instance.id));
  });
  return on.router;

  async function keysOf(instanceIds: string[]): Promise<Map<string, string | null>> {
    if (instanceIds.length === 0) return new Map();
    const rows = await system.db.read((m) => m.getRepository(ProcessInstanceEntity).createQueryBuilder('i').select(['i.id', 'i.businessKey']).where('i.id IN (:...ids)', { ids: [...new Set(instanceIds)] }).getMany());
    return new Map(rows.map((i) => [i.id, i.businessKey]));
  }
}
