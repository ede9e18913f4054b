import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { appendAudit, type AuditEntry } from '../persistence/audit.js';
import {
  JobEntity, MessageSubscriptionEntity, ProcessInstanceEntity, UserTaskEntity,
  type JobRow, type ProcessInstanceRow, type UserTaskRow,
} from '../persistence/entities/index.js';
import type { Clock } from './clock.js';
import type { DefinitionStore, LoadedDefinition } from './definitions.js';
import { EngineSession } from './engineSession.js';
import type { HandlerContext, HandlerRegistry } from './handlers.js';
import { syncWaitStates } from './waitStates.js';
import { isTransientConflict } from './conflicts.js';

type Variables = Record<string, unknown>;

/** What a step did, for the caller to build its answer from. */
export interface StepResult {
  instance: ProcessInstanceRow;
  openTasks: UserTaskRow[];
  visited: string[];
  variables: Variables;
  audit: AuditEntry[];
}

/** Domain work to do in the same transaction as the step (DESIGN principle 3). */
export type StepHook = (tx: EntityManager, step: StepResult) => Promise<AuditEntry[] | void>;

export interface StepOptions {
  actor: string;
  variables?: Variables;
  /** Domain work before the engine runs (e.g. the request row its handlers will read). */
  beforeStep?: (tx: EntityManager) => Promise<void>;
  afterStep?: StepHook;
}

export interface HostDeps {
  db: Database;
  clock: Clock;
  definitions: DefinitionStore;
  handlers: HandlerRegistry;
}

/**
 * The durable host around bpmn-engine. Each public method is one step: in one transaction it loads the
 * instance, recovers the engine from its saved state, applies the action, runs to the next wait, and
 * writes the new state, the derived wait rows, the caller's domain changes and the audit events.
 * The instance row's version makes concurrent steps safe: of two that loaded the same version, exactly
 * one commits and the other fails with a ConflictError.
 */
export class ProcessHost {
  constructor(private readonly deps: HostDeps) {}

  async start(definitionKey: string, options: StepOptions & { businessKey?: string | null }): Promise<StepResult> {
    const { db, clock, definitions } = this.deps;
    return this.guard(() => db.transaction(async (tx) => {
      const def = await definitions.newest(definitionKey, tx);
      if (!def) throw new NotFoundError(`no process definition with key "${definitionKey}" is deployed`);
      const now = clock.now();
      const instance: ProcessInstanceRow = {
        id: randomUUID(), definitionId: def.row.id, definitionKey: def.row.key, definitionVersion: def.row.version,
        businessKey: options.businessKey ?? null, status: 'running', engineState: '{}', version: 0,
        startedAt: now, updatedAt: now, endedAt: null,
      };
      const audit: AuditEntry[] = [];
      await options.beforeStep?.(tx);
      const session = this.session(tx, def, instance, options.actor, now, audit);
      await session.start({ ...(options.variables ?? {}) });
      audit.unshift({ at: now, actor: options.actor, type: 'process.started', instanceId: instance.id, subjectId: instance.businessKey, data: { key: def.row.key, version: def.row.version, visited: session.visited } });
      return this.persist(tx, instance, def, session, now, audit, options);
    }));
  }

  /** Complete an open user task with its variables. A task completes exactly once. */
  async completeTask(taskId: string, options: StepOptions): Promise<StepResult> {
    const { db, clock } = this.deps;
    return this.guard(() => db.transaction(async (tx) => {
      const taskRepo = tx.getRepository(UserTaskEntity);
      const task = await taskRepo.findOneBy({ id: taskId });
      if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
      if (task.status !== 'open') throw new ConflictError(`task ${taskId} is no longer open (${task.status})`, 'task_not_open');
      if (task.assignee && task.assignee !== options.actor) throw new ConflictError(`task ${taskId} is claimed by ${task.assignee}`, 'task_claimed');
      const now = clock.now();
      // Claim the task row first: a second completion blocks here and then finds it no longer open. The
      // assignee is part of the condition, so a claim committed by someone else since our read also wins.
      const claimed = await taskRepo.createQueryBuilder().update().set({ status: 'completed', completedAt: now, completedBy: options.actor, version: task.version + 1 })
        .where('id = :id AND status = :open AND (assignee IS NULL OR assignee = :actor)', { id: taskId, open: 'open', actor: options.actor }).execute();
      if (claimed.affected !== 1) {
        const fresh = await taskRepo.findOneBy({ id: taskId });
        if (fresh?.status === 'open' && fresh.assignee && fresh.assignee !== options.actor) throw new ConflictError(`task ${taskId} is claimed by ${fresh.assignee}`, 'task_claimed');
        throw new ConflictError(`task ${taskId} is no longer open`, 'task_not_open');
      }
      const { instance, def } = await this.load(tx, task.instanceId);
      const audit: AuditEntry[] = [];
      await options.beforeStep?.(tx);
      const session = this.session(tx, def, instance, options.actor, now, audit);
      await session.resume(JSON.parse(instance.engineState));
      const variables = options.variables ?? {};
      if (!(await session.signal(task.executionId, variables))) {
        throw new ConflictError(`task ${taskId} (${task.key}) is not waiting in process instance ${instance.id}`, 'task_not_open');
      }
      audit.unshift({ at: now, actor: options.actor, type: 'task.completed', instanceId: instance.id, subjectId: instance.businessKey, elementId: task.key, data: { taskId, variables, visited: session.visited, discarded: session.discarded } });
      return this.persist(tx, instance, def, session, now, audit, options);
    }));
  }

  /** Deliver a message to the instances waiting for it (by instance id or business key). */
  async correlateMessage(messageName: string, target: { instanceId?: string; businessKey?: string }, options: StepOptions): Promise<StepResult> {
    const { db, clock } = this.deps;
    return this.guard(() => db.transaction(async (tx) => {
      const qb = tx.getRepository(MessageSubscriptionEntity).createQueryBuilder('s').where('s.messageName = :messageName', { messageName });
      if (target.instanceId) qb.andWhere('s.instanceId = :id', { id: target.instanceId });
      if (target.businessKey) qb.andWhere('s.correlationKey = :key', { key: target.businessKey });
      const sub = await qb.orderBy('s.createdAt', 'ASC').getOne();
      if (!sub) throw new ConflictError(`no process instance waits for the message "${messageName}"`, 'not_waiting');
      const now = clock.now();
      const { instance, def } = await this.load(tx, sub.instanceId);
      const audit: AuditEntry[] = [];
      await options.beforeStep?.(tx);
      const session = this.session(tx, def, instance, options.actor, now, audit);
      await session.resume(JSON.parse(instance.engineState));
      if (!(await session.signal(sub.executionId, options.variables ?? {}))) {
        throw new ConflictError(`process instance ${instance.id} no longer waits for "${messageName}"`, 'not_waiting');
      }
      audit.unshift({ at: now, actor: options.actor, type: 'message.correlated', instanceId: instance.id, subjectId: instance.businessKey, elementId: sub.elementId, data: { message: messageName, variables: options.variables ?? {}, visited: session.visited, discarded: session.discarded } });
      return this.persist(tx, instance, def, session, now, audit, options);
    }));
  }

  /**
   * Change process variables of a waiting instance without moving it (e.g. a deadline extended from
   * outside the diagram): elements reached later read the new values.
   */
  async setVariables(instanceId: string, variables: Variables, options: StepOptions & { type: string }): Promise<StepResult> {
    const { db, clock } = this.deps;
    return this.guard(() => db.transaction(async (tx) => {
      const now = clock.now();
      const { instance, def } = await this.load(tx, instanceId);
      await options.beforeStep?.(tx);
      const audit: AuditEntry[] = [];
      const session = this.session(tx, def, instance, options.actor, now, audit);
      await session.resume(JSON.parse(instance.engineState));
      session.setVariables(variables);
      audit.unshift({ at: now, actor: options.actor, type: options.type, instanceId: instance.id, subjectId: instance.businessKey, data: { variables } });
      return this.persist(tx, instance, def, session, now, audit, options);
    }));
  }

  /**
   * Fire a claimed timer job. The job row is deleted in the same transaction, and only if this worker
   * still holds its lock: a timer fires exactly once even with several server processes.
   */
  async fireTimer(job: JobRow, workerId: string, afterStep?: StepHook): Promise<StepResult | null> {
    const { db, clock } = this.deps;
    return db.transaction(async (tx) => {
      const now = clock.now();
      const jobRepo = tx.getRepository(JobEntity);
      const current = await jobRepo.findOneBy({ id: job.id });
      if (!current || current.lockOwner !== workerId) return null;
      const { instance, def } = await this.load(tx, job.instanceId!);
      const audit: AuditEntry[] = [];
      const session = this.session(tx, def, instance, 'system', now, audit);
      await session.resume(JSON.parse(instance.engineState));
      const fired = await session.fireTimer(job.executionId!);
      const gone = await jobRepo.createQueryBuilder().delete().where('id = :id AND lock_owner = :owner', { id: job.id, owner: workerId }).execute();
      if (gone.affected !== 1) throw new ConflictError(`timer job ${job.id} was taken over by another worker`, 'job_lost');
      if (!fired) return null;
      audit.unshift({ at: now, actor: 'system', type: 'timer.fired', instanceId: instance.id, subjectId: instance.businessKey, elementId: job.elementId, data: { dueAt: new Date(job.dueAt).toISOString(), visited: session.visited, discarded: session.discarded } });
      return this.persist(tx, instance, def, session, now, audit, { actor: 'system', afterStep });
    });
  }

  /**
   * Where a running instance's engine state says it waits, recovered without running anything and
   * without writing: the consistency check compares this with the wait-state rows.
   */
  async inspect(instanceId: string): Promise<{ waiting: { id: string; executionId: string; type: string }[]; timers: { id: string; executionId: string }[] }> {
    const { db, clock, handlers } = this.deps;
    return db.read(async (m) => {
      const instance = await m.getRepository(ProcessInstanceEntity).findOneBy({ id: instanceId });
      if (!instance) throw new NotFoundError(`process instance ${instanceId} does not exist`);
      if (instance.status !== 'running') return { waiting: [], timers: [] };
      const def = await this.deps.definitions.byId(instance.definitionId, m);
      const session = new EngineSession(def, handlers, clock, async (name) => {
        throw new Error(`inspecting instance ${instanceId} would have run the handler ${name}`);
      });
      await session.resume(JSON.parse(instance.engineState));
      return {
        waiting: session.postponed(),
        timers: session.timers.executing.map((r) => ({ id: r.owner.id, executionId: r.owner.executionId })),
      };
    });
  }

  async variables(instanceId: string): Promise<Variables> {
    const row = await this.deps.db.read((m) => m.getRepository(ProcessInstanceEntity).findOneBy({ id: instanceId }));
    if (!row) throw new NotFoundError(`process instance ${instanceId} does not exist`);
    const state = JSON.parse(row.engineState) as { definitions?: { execution?: { processes?: { environment?: { variables?: Variables } }[] } }[] };
    return processVariables(state.definitions?.[0]?.execution?.processes?.[0]?.environment?.variables ?? {});
  }

  private async load(tx: EntityManager, instanceId: string): Promise<{ instance: ProcessInstanceRow; def: LoadedDefinition }> {
    const instance = await tx.getRepository(ProcessInstanceEntity).findOneBy({ id: instanceId });
    if (!instance) throw new NotFoundError(`process instance ${instanceId} does not exist`);
    if (instance.status !== 'running') throw new ConflictError(`process instance ${instanceId} has ended`, 'instance_ended');
    // A running instance stays on the version it started with, whatever was deployed since.
    const def = await this.deps.definitions.byId(instance.definitionId, tx);
    return { instance, def };
  }

  private session(tx: EntityManager, def: LoadedDefinition, instance: ProcessInstanceRow, actor: string, now: Date, audit: AuditEntry[]): EngineSession {
    const { db, clock, handlers } = this.deps;
    return new EngineSession(def, handlers, clock, async (name, scope) => {
      const el = def.diagram.meta.elements.get(scope.elementId);
      const ctx: HandlerContext = {
        tx, db, instanceId: instance.id, businessKey: instance.businessKey, elementId: scope.elementId,
        executionId: scope.executionId, properties: el?.properties ?? {}, variables: scope.variables, actor, now,
        idempotencyKey: `${instance.id}:${scope.executionId}`,
        audit: (entry) => audit.push({ ...entry, at: now, actor: entry.actor ?? actor, instanceId: instance.id, subjectId: entry.subjectId ?? instance.businessKey }),
      };
      return handlers.get(name)(ctx);
    });
  }

  private async persist(
    tx: EntityManager, instance: ProcessInstanceRow, def: LoadedDefinition, session: EngineSession,
    now: Date, audit: AuditEntry[], options: StepOptions,
  ): Promise<StepResult> {
    const ended = session.isEnded;
    const engineState = await session.stateJson();
    const isNew = instance.version === 0;
    const { openTasks } = ended
      ? { openTasks: isNew ? [] : await closeAll(tx, instance.id, now) }
      : await syncWaitStates(tx, instance.id, instance.businessKey, def.diagram.meta, session, now, isNew);
    const status = ended ? 'completed' : 'running';
    const changes = { engineState, status, version: instance.version + 1, updatedAt: now, endedAt: ended ? now : null } as const;
    if (isNew) {
      // A new instance is written once, at the end of its first step.
      await tx.getRepository(ProcessInstanceEntity).insert({ ...instance, ...changes });
    } else {
      const updated = await tx.createQueryBuilder().update(ProcessInstanceEntity).set(changes)
        .where('id = :id AND version = :version', { id: instance.id, version: instance.version }).execute();
      if (updated.affected !== 1) {
        throw new ConflictError(`process instance ${instance.id} was changed by a concurrent step; try again`, 'stale_version');
      }
    }
    // Where the instance waits after this step: the trace tells a branch given up from one taken (X2).
    if (audit[0]) audit[0].data = { ...audit[0].data, waiting: ended ? [] : [...new Set(session.postponed().map((p) => p.id))] };
    if (ended) audit.push({ at: now, actor: options.actor, type: 'process.ended', instanceId: instance.id, subjectId: instance.businessKey, data: {} });
    const result: StepResult = {
      instance: { ...instance, engineState, status, version: instance.version + 1, updatedAt: now, endedAt: ended ? now : null },
      openTasks, visited: session.visited, variables: processVariables(session.variables()), audit,
    };
    const more = options.afterStep ? await options.afterStep(tx, result) : undefined;
    if (more) audit.push(...more);
    // Last, to hold the chain head's lock only for the end of the transaction.
    await appendAudit(tx, this.deps.db, audit);
    return result;
  }

  /** Deadlocks and lock timeouts between concurrent steps are conflicts, not server errors. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isTransientConflict(err)) throw new ConflictError('a concurrent step changed the same process instance; try again', 'stale_version', { cause: err });
      throw err;
    }
  }
}

/** bpmn-elements keeps the message that started the process among its variables; they are not ours. */
function processVariables(all: Variables): Variables {
  const { fields: _f, content: _c, properties: _p, ...ours } = all;
  return ours;
}

async function closeAll(tx: EntityManager, instanceId: string, now: Date): Promise<UserTaskRow[]> {
  await tx.getRepository(UserTaskEntity).update({ instanceId, status: 'open' }, { status: 'cancelled', completedAt: now });
  await tx.getRepository(JobEntity).delete({ instanceId, kind: 'timer' });
  await tx.getRepository(MessageSubscriptionEntity).delete({ instanceId });
  return [];
}

/**
 * End a running instance without finishing its flow (a case reopened: its old instance gives way to a new
 * one), in the caller's transaction: open tasks are cancelled, timers and subscriptions removed.
 */
export async function terminateInstance(tx: EntityManager, instanceId: string, now: Date): Promise<void> {
  const res = await tx.createQueryBuilder().update(ProcessInstanceEntity).set({ status: 'terminated', endedAt: now, updatedAt: now })
    .where('id = :id AND status = :running', { id: instanceId, running: 'running' }).execute();
  if (res.affected !== 1) throw new ConflictError(`process instance ${instanceId} is no longer running`, 'instance_ended');
  await closeAll(tx, instanceId, now);
}
