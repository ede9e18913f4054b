import { expect } from 'chai';
import { freshSystem, resource } from '../../support/system.js';
import type { System } from '../../../src/system.js';
import { JobEntity, MessageSubscriptionEntity, UserTaskEntity } from '../../../src/persistence/entities/index.js';

async function tasks(sys: System, instanceId: string) {
  return sys.db.read((m) => m.getRepository(UserTaskEntity).find({ where: { instanceId }, order: { createdAt: 'ASC' } }));
}
async function timerJobs(sys: System, instanceId: string) {
  return sys.db.read((m) => m.getRepository(JobEntity).find({ where: { instanceId, kind: 'timer' } }));
}
async function subscriptions(sys: System, instanceId: string) {
  return sys.db.read((m) => m.getRepository(MessageSubscriptionEntity).find({ where: { instanceId } }));
}

describe('Issue 11 #4: waits inside a sub-process are wait states like any other', () => {
  let sys: System;
  afterEach(async () => sys?.close());

  it('Scenario: a user task, a timer and a message inside a sub-process each get their row, and a decision taken inside is seen outside', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('sub-process.bpmn'), 'legal');
    // Given a case that enters the sub-process
    const started = await sys.host.start('nested', { actor: 'ana', businessKey: 'N-1', variables: { reviewDue: '2026-03-09' } });
    const id = started.instance.id;
    expect(started.visited).to.deep.equal(['start', 'inner', 'innerStart', 'innerReview']);
    // Then the user task inside has its row, with its role and due date
    expect(started.openTasks.map((t) => [t.key, t.candidateRoles, t.due])).to.deep.equal([['innerReview', 'dpo', '2026-03-09']]);

    // When it is completed, the timer inside becomes a job row
    const completed = await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana', variables: { decision: 'approve' } });
    expect(completed.visited).to.deep.equal(['innerWait']);
    expect(completed.variables).to.include({ decision: 'approve' });
    const jobs = await timerJobs(sys, id);
    expect(jobs.map((j) => [j.elementId, new Date(j.dueAt).toISOString()])).to.deep.equal([['innerWait', '2026-03-03T08:00:00.000Z']]);
    expect((await tasks(sys, id)).map((t) => [t.key, t.status])).to.deep.equal([['innerReview', 'completed']]);

    // When the day has passed, the timer inside fires once, the handler inside runs, and the receive task inside subscribes
    sys.fakeClock!.advance(24 * 60 * 60_000 + 1000);
    expect(await sys.worker.runDue()).to.deep.equal({ fired: 1, failed: 0, incidents: 0 });
    expect((await sys.worker.runDue()).fired).to.equal(0);
    expect(await timerJobs(sys, id)).to.deep.equal([]);
    expect(await sys.host.variables(id)).to.include({ approved: true, computedBy: 'innerCompute' });
    expect((await subscriptions(sys, id)).map((s) => [s.elementId, s.messageName, s.correlationKey])).to.deep.equal([['innerReply', 'odgovor', 'N-1']]);

    // When the message arrives, the sub-process ends and the gateway outside sees "approved" set inside
    const replied = await sys.host.correlateMessage('odgovor', { businessKey: 'N-1' }, { actor: 'system', variables: { reply: 'prejeto' } });
    expect(replied.visited).to.deep.equal(['innerEnd', 'decision', 'approvedTask']);
    expect(replied.openTasks.map((t) => t.key)).to.deep.equal(['approvedTask']);
    expect(await subscriptions(sys, id)).to.deep.equal([]);

    const ended = await sys.host.completeTask(replied.openTasks[0]!.id, { actor: 'clerk' });
    expect(ended.instance.status).to.equal('completed');
    expect(ended.variables).to.include({ approved: true, reply: 'prejeto' });
  });

  it('Scenario: a variable changed from outside while the case waits inside is what the handler inside and the gateway after it read', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('sub-process.bpmn'), 'legal');
    const started = await sys.host.start('nested', { actor: 'ana', businessKey: 'N-2' });
    // Rejected in the task inside; while the timer inside waits, the decision is changed from outside
    await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana', variables: { decision: 'reject' } });
    await sys.host.setVariables(started.instance.id, { decision: 'approve' }, { actor: 'dpo', type: 'variables.set' });
    sys.fakeClock!.advance(2 * 24 * 60 * 60_000);
    expect((await sys.worker.runDue()).fired).to.equal(1);
    // The handler inside read the new decision; the gateway outside reads what it set
    expect(await sys.host.variables(started.instance.id)).to.include({ decision: 'approve', approved: true });
    const replied = await sys.host.correlateMessage('odgovor', { instanceId: started.instance.id }, { actor: 'system' });
    expect(replied.visited).to.deep.equal(['innerEnd', 'decision', 'approvedTask']);
  });

  it('Scenario: rejected inside, the gateway after the sub-process takes the default flow and the case ends', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('sub-process.bpmn'), 'legal');
    const started = await sys.host.start('nested', { actor: 'ana', businessKey: 'N-3' });
    await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana', variables: { decision: 'reject' } });
    sys.fakeClock!.advance(2 * 24 * 60 * 60_000);
    expect((await sys.worker.runDue()).fired).to.equal(1);
    const replied = await sys.host.correlateMessage('odgovor', { businessKey: 'N-3' }, { actor: 'system', variables: { reply: 'prejeto' } });
    expect(replied.visited).to.deep.equal(['innerEnd', 'decision', 'rejected']);
    expect(replied.instance.status).to.equal('completed');
    expect(replied.variables).to.include({ approved: false, reply: 'prejeto' });
  });

  it('Scenario: a user task two sub-processes deep is a task row; completing it ends the case', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('sub-process-boundary.bpmn'), 'legal');
    const started = await sys.host.start('nestedDeadline', { actor: 'ana' });
    expect(started.openTasks.map((t) => t.key)).to.deep.equal(['deepTask']);
    expect((await timerJobs(sys, started.instance.id)).map((j) => j.elementId)).to.deep.equal(['outerDeadline']);
    const done = await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana' });
    expect(done.visited).to.deep.equal(['innerEnd', 'outerEnd', 'done']);
    expect(done.instance.status).to.equal('completed');
    expect(await timerJobs(sys, started.instance.id)).to.deep.equal([]);
  });

  it('Scenario: the deadline on the sub-process passes: the task inside is cancelled and the escalation opens', async () => {
    sys = await freshSystem();
    await sys.definitions.deploy(resource('sub-process-boundary.bpmn'), 'legal');
    const started = await sys.host.start('nestedDeadline', { actor: 'ana' });
    sys.fakeClock!.advance(15 * 24 * 60 * 60_000);
    expect(await sys.worker.runDue()).to.deep.equal({ fired: 1, failed: 0, incidents: 0 });
    expect((await tasks(sys, started.instance.id)).map((t) => [t.key, t.status])).to.deep.equal([['deepTask', 'cancelled'], ['escalate', 'open']]);
    // The cancelled task can no longer be completed
    const late = await sys.host.completeTask(started.openTasks[0]!.id, { actor: 'ana' }).then(() => null, (e: { code: string }) => e.code);
    expect(late).to.equal('task_not_open');
  });
});
