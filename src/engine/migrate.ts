import { resolveDue } from './waitStates.js';
import { In, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, ProcessError, ValidationError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import {
  JobEntity, MessageSubscriptionEntity, ProcessDefinitionEntity, ProcessInstanceEntity, UserTaskEntity,
  type JobRow, type MessageSubscriptionRow, type ProcessInstanceRow, type UserTaskRow,
} from '../persistence/entities/index.js';
import type { Clock } from './clock.js';
import { isTransientConflict } from './conflicts.js';
import type { DefinitionStore, LoadedDefinition } from './definitions.js';
import { EngineSession, type InvokeHandler, type PostponedElement } from './engineSession.js';
import { HandlerRegistry, type Handler } from './handlers.js';
import { containersOf, movingNotes, whyNotMovable, type VersionView } from './migrateCheck.js';

/**
 * Instance migration (issue 7, item 2): instances of one version that wait in user tasks, timers or
 * message catches go on from the same elements on another version of the same process.
 *
 * How: the saved engine state is recovered against the target version's definition instead of its own.
 * bpmn-elements recovers children by element id and skips states it has no element for, and the saved
 * state carries no diagram (EngineSession.stateJson drops it), so an instance whose waiting elements all
 * exist on the target version resumes there, keeps the execution ids of its waits (the task, job and
 * subscription rows stay the same rows, task ids and links included) and, once signalled, leaves along
 * the target version's flows. A migration is checked twice: each waiting element by id, type, event kind,
 * message name, boundary host and enclosing (sub)process; then the state is really resumed on the target
 * version and must wait at exactly the same elements and timers. Only then is it written, one transaction
 * per instance, guarded by the instance row's version.
 */

export interface MigrationDeps {
  db: Database;
  clock: Clock;
  definitions: DefinitionStore;
  handlers: HandlerRegistry;
}

export type WaitingKind = 'userTask' | 'timer' | 'message' | 'other';

/** One element an instance waits at, with the row that stands for it. */
export interface WaitingAt {
  elementId: string;
  kind: WaitingKind;
  type: string;
  name: string;
  taskId?: string;
  jobId?: string;
  /** Timer: the moment it fires (ISO), kept across the migration. */
  dueAt?: string;
  messageName?: string;
}

export interface MissingElement {
  /** Null when the reason concerns the instance as a whole. */
  elementId: string | null;
  reason: string;
}

export interface TaskChange {
  taskId: string;
  key: string;
  changes: Record<string, { from: string | null; to: string | null }>;
}

export interface MovableInstance {
  instanceId: string;
  businessKey: string | null;
  waitingAt: WaitingAt[];
  notes: string[];
  tasks: TaskChange[];
}

export interface BlockedInstance {
  instanceId: string;
  businessKey: string | null;
  waitingAt: WaitingAt[];
  missing: MissingElement[];
}

export interface ConflictedInstance {
  instanceId: string;
  businessKey: string | null;
  reason: string;
}

interface MigrationHeader {
  key: string;
  fromVersion: number;
  toVersion: number;
  /** Said once for the whole run, e.g. that the target is older than the source. */
  warnings: string[];
  blocked: BlockedInstance[];
  conflicts: ConflictedInstance[];
}

export interface MigrationPlan extends MigrationHeader {
  movable: MovableInstance[];
}

export interface MigrationResult extends MigrationHeader {
  moved: MovableInstance[];
}

/** The dry run: what `migrate` would move now and what it could not, with the reasons. Nothing is written. */
export async function planMigration(deps: MigrationDeps, key: string, fromVersion: number, toVersion: number, instanceIds?: readonly string[]): Promise<MigrationPlan> {
  const { from, to, warnings } = await versionsOf(deps, key, fromVersion, toVersion);
  const { rows, conflicts } = await candidates(deps.db, key, from, instanceIds);
  const plan: MigrationPlan = { key, fromVersion, toVersion, warnings, movable: [], blocked: [], conflicts };
  for (const instance of rows) {
    const a = await deps.db.read((m) => assess(m, deps, instance, from, to));
    if (a.movable) plan.movable.push(a.movable);
    else plan.blocked.push(a.blocked);
  }
  return plan;
}

/**
 * Move the movable instances (all running ones on `fromVersion`, or those named) to `toVersion`, each in
 * its own transaction: an instance changed by a concurrent step or migration since it was listed is
 * skipped and reported as a conflict, one that cannot move stays untouched and is reported as blocked.
 */
export async function migrate(
  deps: MigrationDeps, key: string, fromVersion: number, toVersion: number,
  options: { actor: string; instanceIds?: readonly string[] },
): Promise<MigrationResult> {
  const { from, to, warnings } = await versionsOf(deps, key, fromVersion, toVersion);
  const { rows, conflicts } = await candidates(deps.db, key, from, options.instanceIds);
  const result: MigrationResult = { key, fromVersion, toVersion, warnings, moved: [], blocked: [], conflicts };
  for (const listed of rows) {
    try {
      const outcome = await deps.db.transaction((tx) => migrateOne(tx, deps, listed, from, to, options.actor));
      if (outcome.movable) result.moved.push(outcome.movable);
      else result.blocked.push(outcome.blocked);
    } catch (err) {
      const who = { instanceId: listed.id, businessKey: listed.businessKey };
      if (err instanceof MigrationConflict) result.conflicts.push({ ...who, reason: err.reason });
      else if (err instanceof ConflictError || isTransientConflict(err)) result.conflicts.push({ ...who, reason: 'primer je medtem spremenil drug korak ali druga selitev; poskusite znova' });
      // One instance that fails must not stop the others; it stays on its version, untouched.
      else result.blocked.push({ ...who, waitingAt: [], missing: [{ elementId: null, reason: `selitev ni uspela: ${(err as Error)?.message ?? String(err)}` }] });
    }
  }
  return result;
}

/** A concurrent change found inside an instance's migration, with the reason for the answer. */
class MigrationConflict extends ConflictError {
  constructor(readonly reason: string, message: string) {
    super(message, 'stale_version');
  }
}

async function migrateOne(tx: EntityManager, deps: MigrationDeps, listed: ProcessInstanceRow, from: LoadedDefinition, to: LoadedDefinition, actor: string): Promise<Assessment> {
  const instance = await tx.getRepository(ProcessInstanceEntity).findOneBy({ id: listed.id });
  if (!instance || instance.status !== 'running') {
    throw new MigrationConflict('primer se je medtem končal', `process instance ${listed.id} ended meanwhile`);
  }
  if (instance.definitionId !== from.row.id) {
    throw new MigrationConflict(`primer je medtem že na različici ${instance.definitionVersion}`, `process instance ${listed.id} is now on version ${instance.definitionVersion}`);
  }
  if (instance.version !== listed.version) {
    throw new MigrationConflict('primer se je medtem spremenil; poskusite znova', `process instance ${listed.id} changed meanwhile (version ${listed.version} → ${instance.version})`);
  }
  const a = await assess(tx, deps, instance, from, to);
  if (!a.movable || !a.engineState) return a;
  const now = deps.clock.now();
  const taskRepo = tx.getRepository(UserTaskEntity);
  // Tasks first, the instance last: the same order as completeTask, so that the two wait for each other.
  for (const t of a.taskUpdates) {
    const done = await taskRepo.createQueryBuilder().update().set({ ...t.set, version: t.version + 1 })
      .where('id = :id AND version = :version AND status = :open', { id: t.id, version: t.version, open: 'open' }).execute();
    if (done.affected !== 1) throw new MigrationConflict('opravilo primera se je medtem spremenilo; poskusite znova', `task ${t.id} changed meanwhile`);
  }
  const updated = await tx.createQueryBuilder().update(ProcessInstanceEntity)
    .set({ definitionId: to.row.id, definitionVersion: to.row.version, engineState: a.engineState, version: instance.version + 1, updatedAt: now })
    .where('id = :id AND version = :version', { id: instance.id, version: instance.version }).execute();
  if (updated.affected !== 1) {
    throw new MigrationConflict('primer je medtem spremenil drug korak ali druga selitev; poskusite znova', `process instance ${instance.id} was changed by a concurrent step`);
  }
  const m = a.movable;
  await appendAudit(tx, deps.db, [{
    at: now, actor, type: 'instance.migrated', instanceId: instance.id, subjectId: instance.businessKey,
    data: {
      key: from.row.key, fromVersion: from.row.version, toVersion: to.row.version,
      fromDefinitionId: from.row.id, toDefinitionId: to.row.id,
      waitingAt: m.waitingAt.map((w) => ({ elementId: w.elementId, kind: w.kind, ...(w.taskId && { taskId: w.taskId }), ...(w.jobId && { jobId: w.jobId }), ...(w.dueAt && { dueAt: w.dueAt }), ...(w.messageName && { messageName: w.messageName }) })),
      tasks: m.tasks, notes: m.notes,
      // Where the instance waits after this event, as every step records it (the trace reads it).
      waiting: [...new Set(m.waitingAt.map((w) => w.elementId))],
    },
  }]);
  return a;
}

type Assessment =
  | { movable: MovableInstance; blocked?: undefined; engineState: string; taskUpdates: TaskUpdate[] }
  | { movable?: undefined; blocked: BlockedInstance; engineState?: undefined; taskUpdates?: undefined };

interface TaskUpdate {
  id: string;
  version: number;
  set: Partial<Pick<UserTaskRow, 'name' | 'candidateRoles' | 'formKey' | 'due'>>;
}

/**
 * Everything about one instance and the target version: where it waits (rows and engine), whether each
 * waiting element can move, and, if all can, its state resumed on the target version and the task rows'
 * new name, roles, form and due date. Reads only.
 */
async function assess(m: EntityManager, deps: MigrationDeps, instance: ProcessInstanceRow, from: LoadedDefinition, to: LoadedDefinition): Promise<Assessment> {
  // One after another: inside a transaction they share one connection.
  const tasks = await m.getRepository(UserTaskEntity).find({ where: { instanceId: instance.id, status: 'open' }, order: { createdAt: 'ASC', id: 'ASC' } });
  const jobs = await m.getRepository(JobEntity).find({ where: { instanceId: instance.id, kind: 'timer' }, order: { dueAt: 'ASC', id: 'ASC' } });
  const subs = await m.getRepository(MessageSubscriptionEntity).find({ where: { instanceId: instance.id }, order: { createdAt: 'ASC', id: 'ASC' } });
  const who = { instanceId: instance.id, businessKey: instance.businessKey };
  const blocked = (waitingAt: WaitingAt[], missing: MissingElement[]): Assessment => ({ blocked: { ...who, waitingAt, missing } });

  // Where the engine itself waits, on the instance's own version: this also finds waits that have no row
  // (an event-based gateway, a sub-process), which must exist on the target version as well.
  let postponed: PostponedElement[];
  try {
    const own = new EngineSession(from, anyHandler, deps.clock, refuseHandlers);
    await own.resume(JSON.parse(instance.engineState));
    postponed = own.postponed();
  } catch (err) {
    return blocked(waitingFromRows(from, tasks, jobs, subs, []), [{ elementId: null, reason: `stanja primera ni mogoče obnoviti na različici ${from.row.version}: ${messageOf(err)}` }]);
  }
  const waitingAt = waitingFromRows(from, tasks, jobs, subs, postponed);
  const waitingIds = [...new Set([...waitingAt.map((w) => w.elementId), ...postponed.map((p) => p.id)])];

  const fromView: VersionView = { version: from.row.version, meta: from.diagram.meta, containers: containersOf(from.diagram) };
  const toView: VersionView = { version: to.row.version, meta: to.diagram.meta, containers: containersOf(to.diagram) };
  const missing: MissingElement[] = [];
  for (const id of waitingIds) {
    const reason = whyNotMovable(id, fromView, toView);
    if (reason) missing.push({ elementId: id, reason });
  }
  if (missing.length) return blocked(waitingAt, missing);

  // The proof: the saved state resumed on the target version waits at the same elements and timers.
  let moved: EngineSession;
  try {
    moved = new EngineSession(to, deps.handlers, deps.clock, refuseHandlers);
    await moved.resume(retarget(JSON.parse(instance.engineState), to));
  } catch (err) {
    return blocked(waitingAt, [{ elementId: null, reason: `stanja primera ni mogoče obnoviti na različici ${to.row.version}: ${messageOf(err)}` }]);
  }
  const waits = (list: PostponedElement[]) => list.map((p) => `${p.id}#${p.executionId}`).sort().join(',');
  const after = moved.postponed();
  if (moved.isEnded || waits(after) !== waits(postponed)) {
    const ids = (list: PostponedElement[]) => [...new Set(list.map((p) => p.id))].join(', ') || '(nič)';
    return blocked(waitingAt, [{ elementId: null, reason: `na različici ${to.row.version} primer ne bi čakal na istih elementih (${ids(postponed)} → ${ids(after)})` }]);
  }
  const timersAfter = new Set(moved.timers.executing.map((r) => r.owner.executionId));
  const lostJob = jobs.find((j) => !j.executionId || !timersAfter.has(j.executionId));
  if (lostJob || timersAfter.size !== jobs.length) {
    return blocked(waitingAt, [{ elementId: lostJob?.elementId ?? null, reason: `časovniki primera se na različici ${to.row.version} ne obnovijo enako` }]);
  }

  const variables = moved.variables();
  const taskUpdates: TaskUpdate[] = [];
  const changes: TaskChange[] = [];
  const notes: string[] = [];
  for (const t of tasks) {
    const before = from.diagram.meta.elements.get(t.key);
    const el = to.diagram.meta.elements.get(t.key)!;
    const next = {
      name: el.name,
      candidateRoles: el.candidateRoles.join(','),
      formKey: el.formKey,
      // A due date set since (a deadline extended) is kept unless the target version computes it otherwise.
      due: (before?.dueExpression ?? null) === el.dueExpression ? t.due : resolveDue(el.dueExpression, variables),
    };
    const set: TaskUpdate['set'] = {};
    const changed: TaskChange['changes'] = {};
    for (const field of ['name', 'candidateRoles', 'formKey', 'due'] as const) {
      if (t[field] === next[field]) continue;
      (set as Record<string, string | null>)[field] = next[field];
      changed[field] = { from: t[field], to: next[field] };
    }
    if (Object.keys(changed).length === 0) continue;
    taskUpdates.push({ id: t.id, version: t.version, set });
    changes.push({ taskId: t.id, key: t.key, changes: changed });
    if (changed.candidateRoles) {
      notes.push(`opravilo ${t.key} je v različici ${to.row.version} za vloge ${next.candidateRoles} (prej ${t.candidateRoles})${t.assignee ? `; prevzel ga je ${t.assignee}, ki ga obdrži` : ''}`);
    }
    if (changed.due) notes.push(`opravilo ${t.key}: rok ${t.due ?? '(brez)'} → ${next.due ?? '(brez)'}`);
  }
  const timerDue = new Map(waitingAt.filter((w) => w.kind === 'timer').map((w) => [w.elementId, w.dueAt ?? '']));
  notes.unshift(...movingNotes(waitingIds, fromView, toView, timerDue));
  return {
    movable: { ...who, waitingAt, notes, tasks: changes },
    engineState: await moved.stateJson(),
    taskUpdates,
  };
}

/**
 * The saved state made to recover against another definition. bpmn-engine matches each saved definition
 * to a loaded source by the `<definitions id>`, which the modeler may have changed, and would use a source
 * embedded in the state instead of ours (states of this host carry none; older ones might).
 */
function retarget(state: { definitions?: { id?: string; source?: unknown }[] }, to: LoadedDefinition): unknown {
  const id = (to.diagram.sourceContext as { id?: string }).id;
  for (const d of state.definitions ?? []) {
    delete d.source;
    if (id) d.id = id;
  }
  return state;
}

function waitingFromRows(def: LoadedDefinition, tasks: UserTaskRow[], jobs: JobRow[], subs: MessageSubscriptionRow[], postponed: PostponedElement[]): WaitingAt[] {
  const el = (id: string) => def.diagram.meta.elements.get(id);
  const base = (id: string, kind: WaitingKind) => ({ elementId: id, kind, type: el(id)?.type ?? 'unknown', name: el(id)?.name ?? id });
  const out: WaitingAt[] = [
    ...tasks.map((t) => ({ ...base(t.key, 'userTask'), name: t.name, taskId: t.id })),
    ...jobs.map((j) => ({ ...base(j.elementId ?? '', 'timer'), jobId: j.id, dueAt: new Date(j.dueAt).toISOString() })),
    ...subs.map((s) => ({ ...base(s.elementId, 'message'), messageName: s.messageName })),
  ];
  const covered = new Set(out.map((w) => w.elementId));
  for (const p of postponed) {
    if (covered.has(p.id)) continue;
    covered.add(p.id);
    out.push({ ...base(p.id, 'other'), type: p.type });
  }
  return out;
}

async function versionsOf(deps: MigrationDeps, key: string, fromVersion: number, toVersion: number): Promise<{ from: LoadedDefinition; to: LoadedDefinition; warnings: string[] }> {
  if (fromVersion === toVersion) {
    throw new ValidationError(`toVersion must differ from fromVersion (${fromVersion})`, [{ path: 'toVersion', message: `ciljna različica mora biti drugačna od izvorne (${fromVersion})` }]);
  }
  const rows = await deps.db.read((m) => m.getRepository(ProcessDefinitionEntity).find({ where: { key }, select: { id: true, version: true }, order: { version: 'ASC' } }));
  if (rows.length === 0) throw new NotFoundError(`no process definition with key "${key}" is deployed`);
  const find = (version: number, path: string) => {
    const row = rows.find((r) => r.version === version);
    if (!row) throw new NotFoundError(`process "${key}" has no version ${version} (versions ${rows.map((r) => r.version).join(', ')})`, [{ path, message: `različica ${version} ne obstaja` }]);
    return deps.definitions.byId(row.id);
  };
  const from = await find(fromVersion, 'fromVersion');
  const to = await find(toVersion, 'toVersion');
  const warnings = toVersion < fromVersion ? [`ciljna različica ${toVersion} je starejša od izvorne ${fromVersion}: primeri se vrnejo na starejši diagram`] : [];
  return { from, to, warnings };
}

/**
 * The running instances of `from`, or the named ones. A named instance that does not exist, or belongs to
 * another process, is an input error; one that ended or is on another version is a conflict of the moment.
 */
async function candidates(db: Database, key: string, from: LoadedDefinition, instanceIds?: readonly string[]): Promise<{ rows: ProcessInstanceRow[]; conflicts: ConflictedInstance[] }> {
  const repo = (m: EntityManager) => m.getRepository(ProcessInstanceEntity);
  if (!instanceIds) {
    const rows = await db.read((m) => repo(m).find({ where: { definitionId: from.row.id, status: 'running' }, order: { startedAt: 'ASC', id: 'ASC' } }));
    return { rows, conflicts: [] };
  }
  const ids = [...new Set(instanceIds)];
  const found = ids.length ? await db.read((m) => repo(m).find({ where: { id: In(ids) } })) : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const unknown = instanceIds.flatMap((id, i) => (byId.get(id)?.definitionKey === key ? [] : [{ path: `instanceIds.${i}`, message: `process instance ${id} does not exist or is not an instance of "${key}"` }]));
  if (unknown.length) throw new ValidationError(`unknown process instances: ${unknown.map((u) => u.message).join('; ')}`, unknown);
  const rows: ProcessInstanceRow[] = [];
  const conflicts: ConflictedInstance[] = [];
  for (const id of ids) {
    const r = byId.get(id)!;
    const who = { instanceId: r.id, businessKey: r.businessKey };
    if (r.status !== 'running') conflicts.push({ ...who, reason: 'primer je končan' });
    else if (r.definitionId !== from.row.id) conflicts.push({ ...who, reason: `primer je na različici ${r.definitionVersion}, ne na ${from.row.version}` });
    else rows.push(r);
  }
  return { rows, conflicts };
}

/** Nothing runs while an instance is migrated: a service task called now would be a bug in the check. */
const refuseHandlers: InvokeHandler = async (name) => {
  throw new ProcessError(`service task handler "${name}" would run while an instance is migrated`);
};

/**
 * The instance's own version may name handlers no longer registered (that may be why it is migrated):
 * reading where it waits runs none of them, so any name will do there.
 */
class AnyHandlers extends HandlerRegistry {
  override get(_name: string): Handler {
    return async () => {
      throw new ProcessError('no handler runs while an instance is migrated');
    };
  }
}
const anyHandler = new AnyHandlers();

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

