import { expect } from 'chai';
import { freshSystem, resource, testDatabaseUrl, resetDatabase } from '../../support/system.js';
import { openSystem, type System } from '../../../src/system.js';
import { FakeClock } from '../../../src/engine/clock.js';
import { testHandlers } from '../../support/system.js';
import { JobEntity, UserTaskEntity, ProcessInstanceEntity } from '../../../src/persistence/entities/index.js';

async function openTasks(sys: System, instanceId: string) {
  return sys.db.read((m) => m.getRepository(UserTaskEntity).find({ where: { instanceId, status: 'open' } }));
}
async function timerJobs(sys: System, instanceId: string) {
  return sys.db.read((m) => m.getRepository(JobEntity).find({ where: { instanceId, kind: 'timer' } }));
}

describe('Feature: the durable host runs a diagram step by step from the database', () => {
  let sys: System;
  afterEach(async () => sys?.close());

  it('Scenario: start, complete a task, branch on a handler variable, wait on a timer 3 months ahead, fire it, end', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('approval.bpmn'), 'tester');
    // Given an instance started with a review due date and a deadline three months ahead
    const started = await sys.host.start('approval', { actor: 'ana', businessKey: 'case-1', variables: { reviewDue: '2026-03-09', deadlineAt: '2026-06-03T00:00:00+02:00' } });
    expect(started.visited).to.deep.equal(['start', 'review']);
    expect(started.openTasks.map((t) => [t.key, t.candidateRoles, t.due, t.formKey])).to.deep.equal([['review', 'dpo', '2026-03-09', 'review']]);

    // When the review is completed with "approve"
    const completed = await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana', variables: { decision: 'approve' } });
    // Then the handler set `approved`, the gateway took the timer branch, and the timer is a job row
    expect(completed.visited).to.deep.equal(['compute', 'decision', 'waitDeadline']);
    expect(completed.variables).to.include({ approved: true, computedBy: 'compute' });
    const jobs = await timerJobs(sys, started.instance.id);
    expect(jobs).to.have.length(1);
    expect(new Date(jobs[0]!.dueAt).toISOString()).to.equal('2026-06-02T22:00:00.000Z');

    // When the clock passes a day before the deadline, nothing fires
    sys.fakeClock!.set(new Date('2026-06-02T23:59:00+02:00'));
    expect((await sys.worker.runDue()).fired).to.equal(0);
    expect(await openTasks(sys, started.instance.id)).to.have.length(0);

    // When it passes the deadline, the timer fires once and the archive task opens
    sys.fakeClock!.set(new Date('2026-06-03T00:00:01+02:00'));
    expect((await sys.worker.runDue()).fired).to.equal(1);
    expect((await sys.worker.runDue()).fired).to.equal(0);
    const archive = await openTasks(sys, started.instance.id);
    expect(archive.map((t) => t.key)).to.deep.equal(['archive']);
    expect(await timerJobs(sys, started.instance.id)).to.have.length(0);

    const ended = await sys.host.completeTask(archive[0]!.id, { actor: 'clerk1' });
    expect(ended.instance.status).to.equal('completed');
    expect(ended.visited).to.deep.equal(['done']);
  });

  it('Scenario: the gateway takes the default flow when the handler says no', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('approval.bpmn'), 'tester');
    const started = await sys.host.start('approval', { actor: 'ana', variables: { deadlineAt: '2026-06-03T00:00:00+02:00' } });
    expect(started.openTasks[0]!.due).to.equal(null);
    const done = await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana', variables: { decision: 'reject' } });
    expect(done.visited).to.deep.equal(['compute', 'decision', 'rejected']);
    expect(done.instance.status).to.equal('completed');
    expect(await timerJobs(sys, started.instance.id)).to.have.length(0);
  });

  it('Scenario: resume from the database alone after the host object is thrown away', async () => {
    const url = testDatabaseUrl();
    await resetDatabase(url);
    sys = await openSystem({ databaseUrl: url, fakeClock: new FakeClock(new Date('2026-03-02T09:00:00Z')), handlers: testHandlers() });
    await sys.definitions.deploy(resource('approval.bpmn'), 'tester');
    const started = await sys.host.start('approval', { actor: 'ana', variables: { deadlineAt: '2026-04-01T00:00:00Z' } });
    await sys.close();

    // A new system on the same database: no memory of the first one
    sys = await openSystem({ databaseUrl: url, fakeClock: new FakeClock(new Date('2026-03-03T09:00:00Z')), handlers: testHandlers() });
    const tasks = await openTasks(sys, started.instance.id);
    const next = await sys.host.completeTask(tasks[0]!.id, { actor: 'ana', variables: { decision: 'approve' } });
    expect(next.visited).to.deep.equal(['compute', 'decision', 'waitDeadline']);
    const row = await sys.db.read((m) => m.getRepository(ProcessInstanceEntity).findOneByOrFail({ id: started.instance.id }));
    expect(row.version).to.equal(2);
    // The saved state does not carry the diagram: the definition row does
    expect(row.engineState).to.not.include('<definitions');
  });

  it('Scenario: a timer that came due while the server was down fires at start-up', async () => {
    const url = testDatabaseUrl();
    await resetDatabase(url);
    sys = await openSystem({ databaseUrl: url, fakeClock: new FakeClock(new Date('2026-03-02T09:00:00Z')), handlers: testHandlers() });
    await sys.definitions.deploy(resource('approval.bpmn'), 'tester');
    const started = await sys.host.start('approval', { actor: 'ana', variables: { deadlineAt: '2026-03-05T00:00:00Z' } });
    await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana', variables: { decision: 'approve' } });
    await sys.close();

    // The server comes back a week later; the worker's first run fires the overdue timer
    sys = await openSystem({ databaseUrl: url, fakeClock: new FakeClock(new Date('2026-03-12T09:00:00Z')), handlers: testHandlers() });
    expect((await sys.worker.runDue()).fired).to.equal(1);
    expect((await openTasks(sys, started.instance.id)).map((t) => t.key)).to.deep.equal(['archive']);
  });

  it('Scenario: two concurrent completions of one task: exactly one succeeds, the other is a conflict', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('approval.bpmn'), 'tester');
    const started = await sys.host.start('approval', { actor: 'ana', variables: { deadlineAt: '2026-06-03T00:00:00Z' } });
    const taskId = started.openTasks[0]!.id;
    const results = await Promise.allSettled([
      sys.host.completeTask(taskId, { actor: 'ana', variables: { decision: 'approve' } }),
      sys.host.completeTask(taskId, { actor: 'bor', variables: { decision: 'reject' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).to.have.length(1);
    expect(rejected[0]!.reason.code).to.be.oneOf(['task_not_open', 'stale_version']);
  });

  it('Scenario: a failing handler rolls the whole step back and loses nothing', async () => {
    sys = await freshSystem({ handlers: testHandlers() });
    await sys.definitions.deploy(resource('approval.bpmn'), 'tester');
    const started = await sys.host.start('approval', { actor: 'ana', variables: { deadlineAt: '2026-06-03T00:00:00Z' } });
    const taskId = started.openTasks[0]!.id;
    // An unparseable deadline makes the timer fail after the handler ran
    await sys.host.start('approval', { actor: 'ana', variables: {} }).catch(() => undefined);
    const bad = await sys.host.completeTask(taskId, { actor: 'ana', variables: { decision: 'approve', deadlineAt: 'not a date' } }).then(() => null, (e) => e);
    expect(bad).to.be.instanceOf(Error);
    const tasks = await openTasks(sys, started.instance.id);
    expect(tasks.map((t) => t.id)).to.deep.equal([taskId]);
    const row = await sys.db.read((m) => m.getRepository(ProcessInstanceEntity).findOneByOrFail({ id: started.instance.id }));
    expect(row.version).to.equal(1);
  });

  it('Scenario: a new version is deployed while an instance runs: the instance stays on its version, new ones start on the new', async () => {
    sys = await freshSystem();
    const v1 = resource('two-steps.bpmn');
    sys.handlers.register('noop', async () => undefined);
    await sys.definitions.deploy(v1, 'legal');
    const old = await sys.host.start('twoSteps', { actor: 'ana' });
    // Version 2 drops the second step
    const v2 = v1.replace('targetRef="second" />', 'targetRef="end" />').replace(/<userTask id="second"[^>]*\/>\s*<sequenceFlow id="f4"[^>]*\/>/, '');
    const deployed = await sys.definitions.deploy(v2, 'legal');
    expect(deployed).to.include({ version: 2, created: true });
    const fresh = await sys.host.start('twoSteps', { actor: 'ana' });
    expect(fresh.instance.definitionVersion).to.equal(2);
    expect((await sys.host.completeTask(fresh.openTasks[0]!.id, { actor: 'ana' })).instance.status).to.equal('completed');
    const oldNext = await sys.host.completeTask(old.openTasks[0]!.id, { actor: 'ana' });
    expect(oldNext.instance.definitionVersion).to.equal(1);
    expect(oldNext.openTasks.map((t) => t.key)).to.deep.equal(['second']);
  });
});
