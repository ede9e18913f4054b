import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { openDesk, type Desk } from '../../support/requests.js';
import { toDecide, LONG_REASONING } from '../requests/support.js';
import { JobWorker, type OutboundEffect } from '../../../src/engine/jobWorker.js';
import { assignTask } from '../../../src/engine/taskAssignment.js';
import { JobEntity, UserTaskEntity, type JobRow } from '../../../src/persistence/entities/index.js';
import { loadRequest, saveRequest } from '../../../src/requests/store.js';
import { ConflictError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import type { Database } from '../../../src/persistence/database.js';

/** Wait for a condition, never for a fixed time. */
async function until(what: string, check: () => Promise<boolean> | boolean, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function effectJob(handler: string, dueAt: number, instanceId: string | null = null): JobRow {
  return {
    id: randomUUID(), kind: 'effect', instanceId, elementId: null, executionId: null, handler, payload: null,
    idempotencyKey: null, dueAt, status: 'pending', attempts: 0, lockOwner: null, lockExpiresAt: null, lastError: null,
    createdAt: new Date(dueAt), version: 1,
  };
}

describe('Issue 11: two writers at once lose nothing (SQLite and MariaDB)', () => {
  let desk: Desk;
  beforeEach(async () => {
    desk = await openDesk();
  });
  afterEach(async () => desk?.close());

  it('#1 a stale copy of the request row is never written over a newer one: the second writer gets a conflict', async () => {
    const view = await toDecide(desk);
    const { db } = desk.system;
    // The reminder job reads the request...
    const stale = await db.read((m) => loadRequest(m, view.id));
    // ...the DPO decides meanwhile (committed)...
    const decided = await desk.complete(view.id, 'decide', { outcome: 'granted', reasoning: LONG_REASONING });
    expect(decided.status).to.equal('decided');
    // ...and the job's write of its stale copy is refused instead of undoing the decision.
    let caught: unknown;
    await db.transaction((tx) => saveRequest(tx, stale, desk.system.clock.now())).catch((e: unknown) => {
      caught = e;
    });
    expect(caught).to.be.instanceOf(ConflictError);
    expect((caught as ConflictError).code).to.equal('stale_version');
    const after = await db.read((m) => loadRequest(m, view.id));
    expect(after.row.status).to.equal('decided');
    expect(after.decision?.outcome).to.equal('granted');
  });

  it('#2 a task claimed by someone else after the caller looked cannot be completed by the caller (checked inside the step)', async () => {
    const view = await toDecide(desk);
    const task = (await desk.system.db.read((m) => m.getRepository(UserTaskEntity).findOneByOrFail({ key: 'decide', instanceId: view.process.instanceId })));
    expect(task.assignee).to.equal(null);
    // Another DPO claims it after our read of the (unclaimed) task.
    await assignTask(desk.system.db, desk.system.clock, task.id, { username: 'dpo.marko', roles: ['dpo'] }, 'claim', 'api');
    let caught: unknown;
    await desk.system.host.completeTask(task.id, { actor: 'dpo.ana', variables: { outcome: 'granted' } }).catch((e: unknown) => {
      caught = e;
    });
    expect(caught).to.be.instanceOf(ConflictError);
    expect((caught as ConflictError).code).to.equal('task_claimed');
    const fresh = await desk.system.db.read((m) => m.getRepository(UserTaskEntity).findOneByOrFail({ id: task.id }));
    expect(fresh.status).to.equal('open');
    expect(fresh.assignee).to.equal('dpo.marko');
  });
});

describe('Issue 11 #3: the job worker keeps a lock per job, runs one job per instance, and logs failures', () => {
  let desk: Desk;
  beforeEach(async () => {
    desk = await openDesk();
  });
  afterEach(async () => desk?.close());

  const worker = (id: string, extra: Partial<ConstructorParameters<typeof JobWorker>[0]> = {}) => new JobWorker({
    db: desk.system.db, clock: desk.system.clock, host: desk.system.host, effects: desk.system.effects, workerId: id, ...extra,
  });
  const insert = (jobs: JobRow[]) => desk.system.db.transaction((tx) => tx.getRepository(JobEntity).insert(jobs));
  const jobRow = (id: string) => desk.system.db.read((m) => m.getRepository(JobEntity).findOneBy({ id }));

  it('a slow first job of a claimed batch does not let the later jobs run twice', async () => {
    const clock = desk.system.fakeClock!;
    const ran: string[] = [];
    const w1 = worker('w1', { lockMs: 1000, heartbeatMs: 5 });
    const w2 = worker('w2', { lockMs: 1000, heartbeatMs: 5 });
    const now = clock.now().getTime();
    const slow = effectJob('slowMail', now - 2);
    const quick = effectJob('countRuns', now - 1);
    let w2Report: Awaited<ReturnType<JobWorker['runDue']>> | null = null;
    const slowMail: OutboundEffect<object, void> = {
      outbound: true,
      prepare: async () => ({}),
      perform: async () => {
        // The e-mail takes long: time passes far beyond the batch's first lock expiry...
        for (let i = 0; i < 5; i++) {
          clock.advance(900);
          const target = clock.now().getTime();
          await until('the running job\'s lock to be renewed', async () => ((await jobRow(slow.id))?.lockExpiresAt ?? 0) > target);
        }
        // ...and another worker polls meanwhile.
        w2Report = await w2.runDue();
      },
      record: async () => undefined,
      release: async () => undefined,
    };
    desk.system.effects.set('slowMail', slowMail);
    desk.system.effects.set('countRuns', async (job) => {
      ran.push(job.id);
    });
    await insert([slow, quick]);
    const report = await w1.runDue();
    expect(ran, 'the second job ran exactly once').to.deep.equal([quick.id]);
    // The other worker took the second job whose lock had run out; the slow one stayed with w1.
    expect(w2Report).to.deep.include({ fired: 1, incidents: 0 });
    expect(report.incidents).to.equal(0);
    expect(await desk.system.db.read((m) => m.getRepository(JobEntity).count())).to.equal(0);
  });

  it('two jobs of one process instance never run at once, even on two workers', async () => {
    const view = await toDecide(desk);
    const instanceId = view.process.instanceId as string;
    const clock = desk.system.fakeClock!;
    const now = clock.now().getTime();
    const first = effectJob('holdInstance', now - 2, instanceId);
    const second = effectJob('holdInstance', now - 1, instanceId);
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const w1 = worker('w1', { batchSize: 1 });
    const w2 = worker('w2', { batchSize: 1 });
    let inner: Awaited<ReturnType<JobWorker['runDue']>> | null = null;
    desk.system.effects.set('holdInstance', {
      outbound: true,
      prepare: async (job: JobRow) => job,
      perform: async (job: JobRow) => {
        running += 1;
        most = Math.max(most, running);
        order.push(job.id);
        // While the first job of the instance runs, the other worker polls: it must leave the second alone.
        if (job.id === first.id) inner = await w2.runDue();
        running -= 1;
      },
      record: async () => undefined,
      release: async () => undefined,
    } satisfies OutboundEffect<JobRow, void>);
    await insert([first, second]);
    await w1.runDue();
    expect(inner, 'the other worker claimed nothing of that instance').to.deep.equal({ fired: 0, failed: 0, incidents: 0 });
    expect(most).to.equal(1);
    expect(order).to.deep.equal([first.id, second.id]);
  });

  it('a failed poll is logged with its reason, not swallowed', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const broken = { dialect: 'sqlite', transaction: () => Promise.reject(new Error('database is away')), read: () => Promise.reject(new Error('database is away')) } as unknown as Database;
    const w = new JobWorker({ db: broken, clock: desk.system.clock, host: desk.system.host, workerId: 'w-log', logger: createLogger({ format: 'json', destination: sink }) });
    w.start(5);
    await until('a log line', () => lines.length > 0);
    await w.stop();
    const entry = JSON.parse(lines[0]!) as { level: number; msg: string; err: { message: string }; workerId: string };
    expect(entry.msg).to.match(/job poll failed/);
    expect(entry.err.message).to.equal('database is away');
    expect(entry.workerId).to.equal('w-log');
    expect(entry.level).to.equal(50);
  });
});
