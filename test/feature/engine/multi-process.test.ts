import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freshSystem, resource, testDatabaseUrl, resetDatabase } from '../../support/system.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { openSystem } from '../../../src/system.js';
import { FakeClock } from '../../../src/engine/clock.js';
import { testHandlers } from '../../support/system.js';
import { AuditEventEntity, ProcessInstanceEntity, JobEntity } from '../../../src/persistence/entities/index.js';
import { verifyAudit } from '../../../src/persistence/audit.js';

function runWorker(databaseUrl: string, now: string, workerId: string): Promise<{ fired: number; failed: number; incidents: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/support/workerChild.ts')], {
      cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, DSR_TEST_NOW: now, DSR_WORKER_ID: workerId }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`worker ${workerId} exited ${code}: ${out}`))));
  });
}

describe('Feature: several server processes on one database fire each timer exactly once', function () {
  this.timeout(180_000);

  it('Scenario: two worker processes and 200 due timers: every timer fires once, none twice', async () => {
    const url = testDatabaseUrl();
    await resetDatabase(url);
    const sys = await openSystem({ databaseUrl: url, fakeClock: new FakeClock(new Date('2026-03-02T08:00:00Z')), handlers: testHandlers() });
    await sys.definitions.deploy(resource('timer-only.bpmn'), 'legal');
    for (let i = 0; i < 200; i++) {
      await sys.host.start('timerOnly', { actor: 'clerk', businessKey: `t-${i}`, variables: { dueAt: `2026-03-0${2 + (i % 3)}T23:00:00Z` } });
    }
    expect(await sys.db.read((m) => m.getRepository(JobEntity).count())).to.equal(200);
    await sys.close();

    const [a, b] = await Promise.all([
      runWorker(url, '2026-03-05T00:00:00Z', 'worker-a'),
      runWorker(url, '2026-03-05T00:00:00Z', 'worker-b'),
    ]);
    expect(a.fired + b.fired).to.equal(200);
    expect(a.failed + b.failed + a.incidents + b.incidents).to.equal(0);

    const check = await openSystem({ databaseUrl: url, fakeClock: new FakeClock(new Date('2026-03-05T00:00:00Z')), handlers: testHandlers() });
    try {
      const fired = await check.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type: 'timer.fired' } }));
      expect(fired).to.have.length(200);
      expect(new Set(fired.map((e) => e.instanceId)).size).to.equal(200);
      const running = await check.db.read((m) => m.getRepository(ProcessInstanceEntity).count({ where: { status: 'running' } }));
      expect(running).to.equal(0);
      expect(await check.db.read((m) => m.getRepository(JobEntity).count())).to.equal(0);
      expect((await verifyAudit(check.db)).ok).to.equal(true);
    } finally {
      await check.close();
    }
  });

  it('Scenario: a worker that died holding a lock: its job is claimed again after the lock expires', async () => {
    const sys = await freshSystem({ jobLockMs: 60_000 });
    await sys.definitions.deploy(resource('timer-only.bpmn'), 'legal');
    await sys.host.start('timerOnly', { actor: 'clerk', variables: { dueAt: '2026-03-02T09:30:00Z' } });
    sys.fakeClock!.set(new Date('2026-03-02T10:00:00Z'));
    // A worker claims the job and dies before firing it
    await sys.db.transaction((tx) => tx.getRepository(JobEntity).createQueryBuilder().update().set({ lockOwner: 'dead-worker', lockExpiresAt: sys.clock.now().getTime() + 60_000 }).execute());
    expect((await sys.worker.runDue()).fired).to.equal(0);
    sys.fakeClock!.advance(61_000);
    expect((await sys.worker.runDue()).fired).to.equal(1);
    await sys.close();
  });
});
