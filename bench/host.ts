import { spawn } from 'node:child_process';
import path from 'node:path';
import { openSystem, type System } from '../src/system.js';
import { FakeClock } from '../src/engine/clock.js';
import { HandlerRegistry } from '../src/engine/handlers.js';
import { UserTaskEntity } from '../src/persistence/entities/index.js';
import { perSecond, perSecondConcurrent, round } from './measure.js';

export async function persisted(databaseUrl: string, seconds: number, waitXml: string) {
  const system = await openSystem({ databaseUrl, fakeClock: new FakeClock(new Date('2026-03-02T09:00:00Z')), handlers: new HandlerRegistry() });
  try {
    await system.definitions.deploy(waitXml, 'bench');
    const startOne = (i: number) => system.host.start('benchWait', { actor: 'bench', businessKey: `b-${i}`, variables: { dueAt: '2026-04-01T00:00:00Z' } });
    const start_per_s_sequential = await perSecond(seconds, startOne);
    const start_per_s = await perSecondConcurrent(seconds, 4, (i) => startOne(1_000_000 + i));
    const tasks = await system.db.read((m) => m.getRepository(UserTaskEntity).find({ where: { status: 'open' }, take: 100_000 }));
    let next = 0;
    const complete_per_s = await perSecond(seconds, async () => {
      const task = tasks[next++];
      if (task) await system.host.completeTask(task.id, { actor: 'bench' });
    }, tasks.length - 5);
    const timers_per_s = await timers(system);
    const db_commit_per_s = await commits(system, seconds);
    return { start_per_s, start_per_s_sequential, complete_per_s, timers_per_s, db_commit_per_s };
  } finally {
    await system.close();
  }
}

async function timers(system: System): Promise<number> {
  // Every completed task now waits on a timer; move the clock past them all and let the worker drain.
  system.fakeClock!.set(new Date('2026-04-02T00:00:00Z'));
  const t0 = process.hrtime.bigint();
  const { fired } = await system.worker.runDue();
  return round(fired / (Number(process.hrtime.bigint() - t0) / 1e9));
}

async function commits(system: System, seconds: number): Promise<number> {
  await system.db.dataSource.query('CREATE TABLE bench_commit (id INT PRIMARY KEY, v VARCHAR(20))');
  try {
    return await perSecond(seconds, (i) => system.db.dataSource.query('INSERT INTO bench_commit (id, v) VALUES (?, ?)', [i + 10, 'x']));
  } finally {
    await system.db.dataSource.query('DROP TABLE bench_commit');
  }
}

/** Instances started per second by N server processes at once on one database. */
export async function processes(databaseUrl: string, n: number, seconds: number, waitXml: string): Promise<number> {
  const setup = await openSystem({ databaseUrl, handlers: new HandlerRegistry() });
  await setup.definitions.deploy(waitXml, 'bench');
  await setup.close();
  const startAt = Date.now() + 4000;
  const runs = Array.from({ length: n }, () => new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'hostLoad.ts')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_SECONDS: String(seconds), BENCH_START_AT: String(startAt) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!).rate) : reject(new Error(out))));
  }));
  return round((await Promise.all(runs)).reduce((a, b) => a + b, 0));
}
