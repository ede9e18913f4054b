import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { freshSystem } from '../../support/system.js';
import type { System } from '../../../src/system.js';
import { migrate, planMigration, type MigrationDeps } from '../../../src/engine/migrate.js';
import { verifyAudit } from '../../../src/persistence/audit.js';
import { AuditEventEntity, JobEntity, ProcessInstanceEntity, UserTaskEntity } from '../../../src/persistence/entities/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/migration');
const diagram = (version: number) => fs.readFileSync(path.join(FIXTURES, `v${version}.bpmn`), 'utf8');
const KEY = 'migrationTest';

/**
 * The test diagrams (test/fixtures/migration): v1 start → (timer waitUntil | receive task awaitReply |
 * directly) → checkRecords (boundary timer recordsOverdue, 30 days) → decide → end. v2 adds the service
 * task noteVersion between checkRecords and decide and gives checkRecords to records_owner too, due from
 * decisionDue. v3 has no checkRecords, awaitReply waits for another message, and its <definitions> id
 * differs. v4 moves the boundary timer recordsOverdue from checkRecords to decide.
 */
interface Cases {
  atRecords: string;
  atTimer: string;
  atMessage: string;
  atDecide: string;
}

async function given(sys: System): Promise<Cases> {
  sys.handlers.register('noteVersion', async (ctx) => ({ notedBy: ctx.elementId }));
  await sys.definitions.deploy(diagram(1), 'legal');
  const start = async (businessKey: string, variables: Record<string, unknown>) => {
    sys.fakeClock!.advance(60_000); // instances are listed in the order they started
    return (await sys.host.start(KEY, { actor: 'ana', businessKey, variables })).instance.id;
  };
  const atRecords = await start('A', { recordsDue: '2026-04-01', decisionDue: '2026-04-15' });
  const atTimer = await start('T', { viaTimer: true, waitUntil: '2027-06-01T00:00:00Z' });
  const atMessage = await start('M', { viaMessage: true });
  const atDecide = await start('D', {});
  await sys.host.completeTask((await openTasks(sys, atDecide))[0]!.id, { actor: 'ana' });
  for (const v of [2, 3, 4]) await sys.definitions.deploy(diagram(v), 'legal');
  return { atRecords, atTimer, atMessage, atDecide };
}

const deps = (sys: System): MigrationDeps => ({ db: sys.db, clock: sys.clock, definitions: sys.definitions, handlers: sys.handlers });
const instance = (sys: System, id: string) => sys.db.read((m) => m.getRepository(ProcessInstanceEntity).findOneByOrFail({ id }));
const openTasks = (sys: System, instanceId: string) => sys.db.read((m) => m.getRepository(UserTaskEntity).find({ where: { instanceId, status: 'open' } }));
const timerJobs = (sys: System, instanceId: string) => sys.db.read((m) => m.getRepository(JobEntity).find({ where: { instanceId, kind: 'timer' } }));
const auditOf = (sys: System, type: string) => sys.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type }, order: { seq: 'ASC' } }));

describe('Feature: running instances move to another version of their process (issue 7, item 2)', () => {
  let sys: System;
  afterEach(async () => sys?.close());

  it('Scenario: the dry run lists what would move and what cannot, with reasons, and writes nothing', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    const before = await Promise.all(Object.values(c).map((id) => instance(sys, id)));
    const events = (await verifyAudit(sys.db)).events;

    // To v2 every waiting element exists: all four can move
    const toV2 = await planMigration(deps(sys), KEY, 1, 2);
    expect(toV2.movable.map((i) => i.businessKey)).to.deep.equal(['A', 'T', 'M', 'D']);
    expect(toV2.blocked).to.deep.equal([]);
    const a = toV2.movable[0]!;
    expect(a.waitingAt.map((w) => [w.elementId, w.kind])).to.deep.equal([['checkRecords', 'userTask'], ['recordsOverdue', 'timer']]);
    expect(a.waitingAt[0]!.taskId).to.equal((await openTasks(sys, c.atRecords))[0]!.id);
    expect(a.tasks[0]!.changes).to.deep.equal({
      name: { from: 'Preveri zbirke', to: 'Preveri zbirke in omejitve' },
      candidateRoles: { from: 'dpo', to: 'records_owner,dpo' },
      due: { from: '2026-04-01', to: '2026-04-15' },
    });
    expect(a.notes).to.include('opravilo checkRecords je v različici 2 za vloge records_owner,dpo (prej dpo)');
    expect(toV2.movable[1]!.waitingAt).to.deep.include({ elementId: 'waitUntil', kind: 'timer', type: 'bpmn:IntermediateCatchEvent', name: 'Počakaj', jobId: (await timerJobs(sys, c.atTimer))[0]!.id, dueAt: '2027-06-01T00:00:00.000Z' });
    expect(toV2.movable[2]!.waitingAt.map((w) => [w.elementId, w.kind, w.messageName])).to.deep.equal([['awaitReply', 'message', 'odgovor']]);

    // To v3 checkRecords is gone and awaitReply waits for another message
    const toV3 = await planMigration(deps(sys), KEY, 1, 3);
    expect(toV3.movable.map((i) => i.businessKey)).to.deep.equal(['T', 'D']);
    expect(toV3.blocked.map((b) => [b.businessKey, b.missing])).to.deep.equal([
      ['A', [
        { elementId: 'checkRecords', reason: 'element checkRecords v različici 3 ne obstaja' },
        { elementId: 'recordsOverdue', reason: 'element recordsOverdue v različici 3 ne obstaja' },
      ]],
      ['M', [{ elementId: 'awaitReply', reason: 'element awaitReply v različici 3 čaka na sporočilo "dopolnitev", ne "odgovor"' }]],
    ]);

    // To v4 the boundary timer sits on another task: the instance at checkRecords cannot move; the one at
    // decide can, but is told that the boundary timer new on decide will not start for it
    const toV4 = await planMigration(deps(sys), KEY, 1, 4);
    expect(toV4.blocked.map((b) => [b.businessKey, b.missing])).to.deep.equal([
      ['A', [{ elementId: 'recordsOverdue', reason: 'mejni dogodek recordsOverdue je v različici 4 pripet na decide, ne na checkRecords' }]],
    ]);
    const d = toV4.movable.find((i) => i.businessKey === 'D')!;
    expect(d.notes).to.deep.equal(['mejni dogodek recordsOverdue na decide je nov v različici 4: pri tem primeru ne bo začel teči, ker decide že čaka']);

    // Only the named instances
    const named = await planMigration(deps(sys), KEY, 1, 2, [c.atTimer]);
    expect(named.movable.map((i) => i.instanceId)).to.deep.equal([c.atTimer]);

    // Nothing was written
    const after = await Promise.all(Object.values(c).map((id) => instance(sys, id)));
    expect(after).to.deep.equal(before);
    expect((await verifyAudit(sys.db)).events).to.equal(events);
  });

  it('Scenario: the instance waiting at checkRecords moves to v2, keeps its task, and goes on along v2', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    const [task] = await openTasks(sys, c.atRecords);
    const [boundaryJob] = await timerJobs(sys, c.atRecords);

    // When legal staff move it
    const result = await migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik', instanceIds: [c.atRecords] });
    expect(result.moved.map((i) => i.instanceId)).to.deep.equal([c.atRecords]);
    expect(result.blocked).to.deep.equal([]);
    expect(result.conflicts).to.deep.equal([]);

    // Then it is on v2, with the same task (same id: links keep working) updated from v2, and the same timer job
    const row = await instance(sys, c.atRecords);
    expect([row.definitionVersion, row.version]).to.deep.equal([2, 2]);
    expect(row.definitionId).to.equal(await v2Id(sys));
    const [moved] = await openTasks(sys, c.atRecords);
    expect(moved).to.include({ id: task!.id, executionId: task!.executionId, key: 'checkRecords', name: 'Preveri zbirke in omejitve', candidateRoles: 'records_owner,dpo', due: '2026-04-15', version: task!.version + 1 });
    expect((await timerJobs(sys, c.atRecords)).map((j) => [j.id, j.dueAt])).to.deep.equal([[boundaryJob!.id, boundaryJob!.dueAt]]);
    // The others stay on v1
    expect((await instance(sys, c.atTimer)).definitionVersion).to.equal(1);

    // The move is audited, with the versions and where the instance waits; the chain holds
    const [event] = await auditOf(sys, 'instance.migrated');
    expect(event).to.include({ actor: 'pravnik', instanceId: c.atRecords, subjectId: 'A' });
    const data = JSON.parse(event!.data);
    expect(data).to.include({ key: KEY, fromVersion: 1, toVersion: 2 });
    expect(data.waiting).to.deep.equal(['checkRecords', 'recordsOverdue']);
    expect(data.tasks[0].changes.candidateRoles).to.deep.equal({ from: 'dpo', to: 'records_owner,dpo' });
    expect(await verifyAudit(sys.db)).to.deep.include({ ok: true });

    // When the task is completed, the instance follows v2: the new service task runs before decide
    const next = await sys.host.completeTask(task!.id, { actor: 'ana' });
    expect(next.instance.definitionVersion).to.equal(2);
    expect(next.visited).to.deep.equal(['noteVersion', 'decide']);
    expect(next.variables).to.include({ notedBy: 'noteVersion' });
    expect(await timerJobs(sys, c.atRecords)).to.deep.equal([]);
    const done = await sys.host.completeTask(next.openTasks[0]!.id, { actor: 'ana' });
    expect(done.instance.status).to.equal('completed');
  });

  it('Scenario: an instance waiting at a timer months ahead moves, and its job fires once, on the new version', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    const [job] = await timerJobs(sys, c.atTimer);

    // v3 has another <definitions> id and no checkRecords: after the timer the instance goes to decide
    const result = await migrate(deps(sys), KEY, 1, 3, { actor: 'pravnik', instanceIds: [c.atTimer] });
    expect(result.moved.map((i) => i.businessKey)).to.deep.equal(['T']);
    expect((await timerJobs(sys, c.atTimer)).map((j) => [j.id, j.executionId, j.dueAt])).to.deep.equal([[job!.id, job!.executionId, job!.dueAt]]);

    const firedFor = async () => (await auditOf(sys, 'timer.fired')).filter((e) => e.instanceId === c.atTimer).map((e) => [e.elementId, JSON.parse(e.data).visited]);

    // Not before its moment (the other instances' 30-day boundary timers fire meanwhile)
    sys.fakeClock!.set(new Date('2027-05-31T23:59:00Z'));
    await sys.worker.runDue();
    expect(await firedFor()).to.deep.equal([]);
    expect(await timerJobs(sys, c.atTimer)).to.have.length(1);
    expect((await sys.worker.runDue()).fired).to.equal(0);

    // At its moment it fires once and the instance follows v3
    sys.fakeClock!.set(new Date('2027-06-01T00:00:01Z'));
    expect((await sys.worker.runDue()).fired).to.equal(1);
    expect((await sys.worker.runDue()).fired).to.equal(0);
    expect(await firedFor()).to.deep.equal([['waitUntil', ['decide']]]);
    expect((await instance(sys, c.atTimer)).definitionVersion).to.equal(3);
    expect((await openTasks(sys, c.atTimer)).map((t) => t.key)).to.deep.equal(['decide']);
    expect(await timerJobs(sys, c.atTimer)).to.deep.equal([]);
  });

  it('Scenario: an instance waiting for a message moves and the message leads along the new version', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    await migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik', instanceIds: [c.atMessage] });
    const got = await sys.host.correlateMessage('odgovor', { businessKey: 'M' }, { actor: 'system' });
    expect(got.instance.definitionVersion).to.equal(2);
    expect(got.openTasks.map((t) => [t.key, t.candidateRoles])).to.deep.equal([['checkRecords', 'records_owner,dpo']]);
    expect((await sys.host.completeTask(got.openTasks[0]!.id, { actor: 'ana' })).visited).to.deep.equal(['noteVersion', 'decide']);
  });

  it('Scenario: a blocked instance stays on v1 untouched and goes on along v1', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    const before = await instance(sys, c.atRecords);
    const tasksBefore = await openTasks(sys, c.atRecords);
    const result = await migrate(deps(sys), KEY, 1, 3, { actor: 'pravnik' });
    expect(result.moved.map((i) => i.businessKey)).to.deep.equal(['T', 'D']);
    expect(result.blocked.map((i) => i.businessKey)).to.deep.equal(['A', 'M']);
    expect(await instance(sys, c.atRecords)).to.deep.equal(before);
    expect(await openTasks(sys, c.atRecords)).to.deep.equal(tasksBefore);
    expect((await auditOf(sys, 'instance.migrated')).map((e) => e.subjectId)).to.deep.equal(['T', 'D']);
    const next = await sys.host.completeTask(tasksBefore[0]!.id, { actor: 'ana' });
    expect([next.instance.definitionVersion, next.visited]).to.deep.equal([1, ['decide']]);
    // A second run finds only what is still on v1
    const again = await planMigration(deps(sys), KEY, 1, 3);
    expect([...again.movable, ...again.blocked].map((i) => i.businessKey).sort()).to.deep.equal(['A', 'M']);
    expect(await verifyAudit(sys.db)).to.deep.include({ ok: true });
  });

  it('Scenario: two concurrent migrations of one instance: one moves it, the other reports a conflict', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    const runs = await Promise.all([
      migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik1', instanceIds: [c.atRecords] }),
      migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik2', instanceIds: [c.atRecords] }),
    ]);
    expect(runs.map((r) => r.moved.length).sort()).to.deep.equal([0, 1]);
    const loser = runs.find((r) => r.moved.length === 0)!;
    expect(loser.conflicts.map((x) => x.instanceId)).to.deep.equal([c.atRecords]);
    expect(loser.conflicts[0]!.reason).to.match(/medtem/);
    expect((await auditOf(sys, 'instance.migrated'))).to.have.length(1);
    const row = await instance(sys, c.atRecords);
    expect([row.definitionVersion, row.version]).to.deep.equal([2, 2]);

    // Two runs over all instances at once: every instance moves exactly once
    const all = await Promise.all([migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik1' }), migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik2' })]);
    const moved = all.flatMap((r) => r.moved.map((i) => i.businessKey)).sort();
    expect(moved).to.deep.equal(['D', 'M', 'T']);
    expect((await auditOf(sys, 'instance.migrated'))).to.have.length(4);
    expect(await verifyAudit(sys.db)).to.deep.include({ ok: true });
  });

  it('Scenario: a task completed while its instance is migrated: either the completion runs on v2, or the migration reports a conflict', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    const [task] = await openTasks(sys, c.atRecords);
    const [run, step] = await Promise.all([
      migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik', instanceIds: [c.atRecords] }),
      sys.host.completeTask(task!.id, { actor: 'ana' }),
    ]);
    if (step.instance.definitionVersion === 2) {
      // The migration came first: the completion ran on v2
      expect(run.moved.map((i) => i.waitingAt[0]!.elementId)).to.deep.equal(['checkRecords']);
      expect(step.visited).to.deep.equal(['noteVersion', 'decide']);
    } else {
      // The completion came first, on v1: the migration then moved the instance waiting at decide, or
      // found it changed since it was listed
      expect(step.visited).to.deep.equal(['decide']);
      if (run.moved.length) expect(run.moved[0]!.waitingAt.map((w) => w.elementId)).to.deep.equal(['decide']);
      else expect(run.conflicts.map((x) => x.instanceId)).to.deep.equal([c.atRecords]);
    }
    expect((await openTasks(sys, c.atRecords)).map((t) => t.key)).to.deep.equal(['decide']);
    expect(await verifyAudit(sys.db)).to.deep.include({ ok: true });
  });

  it('Scenario: an instance waiting inside a sub-process is refused, since what waits in there is not checked', async () => {
    sys = await freshSystem();
    const sub = (v: number) => fs.readFileSync(path.join(FIXTURES, `subprocess-v${v}.bpmn`), 'utf8');
    await sys.definitions.deploy(sub(1), 'legal');
    const started = await sys.host.start('migrationSub', { actor: 'ana', businessKey: 'S' });
    await sys.definitions.deploy(sub(2), 'legal');
    const plan = await planMigration(deps(sys), 'migrationSub', 1, 2);
    expect(plan.movable).to.deep.equal([]);
    expect(plan.blocked[0]!.waitingAt.map((w) => [w.elementId, w.kind])).to.deep.equal([['innerWait', 'timer'], ['inner', 'other']]);
    expect(plan.blocked[0]!.missing).to.deep.equal([{ elementId: 'inner', reason: 'primer čaka v podprocesu inner: selitev primerov, ki čakajo v podprocesu, ni podprta' }]);
    const result = await migrate(deps(sys), 'migrationSub', 1, 2, { actor: 'pravnik' });
    expect(result.blocked.map((b) => b.instanceId)).to.deep.equal([started.instance.id]);
    expect((await instance(sys, started.instance.id)).definitionVersion).to.equal(1);
  });

  it('Scenario: the same version, an unknown version or process, and instances of another process are refused', async () => {
    sys = await freshSystem();
    const c = await given(sys);
    const err = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; details: unknown }) => e);
    expect(await err(planMigration(deps(sys), KEY, 1, 1))).to.include({ code: 'validation_failed' });
    expect(await err(planMigration(deps(sys), KEY, 1, 9))).to.include({ code: 'not_found' });
    expect(await err(planMigration(deps(sys), 'noSuchProcess', 1, 2))).to.include({ code: 'not_found' });
    const unknown = await err(migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik', instanceIds: [c.atRecords, 'no-such-instance'] }));
    expect(unknown).to.include({ code: 'validation_failed' });
    expect(unknown!.details).to.deep.equal([{ path: 'instanceIds.1', message: `process instance no-such-instance does not exist or is not an instance of "${KEY}"` }]);
    expect((await instance(sys, c.atRecords)).definitionVersion).to.equal(1);
    // Back from v2 to v1 is allowed, with a warning
    await migrate(deps(sys), KEY, 1, 2, { actor: 'pravnik', instanceIds: [c.atDecide] });
    const stale = await planMigration(deps(sys), KEY, 1, 2, [c.atDecide, c.atTimer]);
    expect(stale.conflicts).to.deep.equal([{ instanceId: c.atDecide, businessKey: 'D', reason: 'primer je na različici 2, ne na 1' }]);
    expect(stale.movable.map((i) => i.businessKey)).to.deep.equal(['T']);
    const back = await migrate(deps(sys), KEY, 2, 1, { actor: 'pravnik' });
    expect(back.warnings).to.deep.equal(['ciljna različica 1 je starejša od izvorne 2: primeri se vrnejo na starejši diagram']);
    expect(back.moved.map((i) => i.businessKey)).to.deep.equal(['D']);
  });
});

async function v2Id(sys: System): Promise<string> {
  const list = await sys.definitions.list();
  return list.find((d) => d.key === KEY && d.version === 2)!.id;
}
