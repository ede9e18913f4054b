import path from 'node:path';
import { createDataSource } from '../ormconfig.js';
import { openDatabase, type Database } from './persistence/database.js';
import { FakeClock, SystemClock, type Clock } from './engine/clock.js';
import { DefinitionStore } from './engine/definitions.js';
import { HandlerRegistry } from './engine/handlers.js';
import { ProcessHost } from './engine/host.js';
import { JobWorker, type EffectHandler } from './engine/jobWorker.js';
import { ROLES } from './roles.js';

export interface SystemOptions {
  databaseUrl: string;
  fakeClock?: boolean | FakeClock;
  handlers?: HandlerRegistry;
  effects?: Map<string, EffectHandler>;
  processesDir?: string | null;
  workerId?: string;
  jobLockMs?: number;
  jobMaxAttempts?: number;
}

/** Everything below HTTP, wired once: the database, the clock, deployed definitions, the host and its job worker. */
export interface System {
  db: Database;
  clock: Clock;
  fakeClock: FakeClock | null;
  handlers: HandlerRegistry;
  definitions: DefinitionStore;
  host: ProcessHost;
  worker: JobWorker;
  close(): Promise<void>;
}

export async function openSystem(o: SystemOptions): Promise<System> {
  const db = await openDatabase(createDataSource(o.databaseUrl));
  const fakeClock = o.fakeClock instanceof FakeClock ? o.fakeClock : o.fakeClock ? new FakeClock() : null;
  const clock: Clock = fakeClock ?? new SystemClock();
  const handlers = o.handlers ?? new HandlerRegistry();
  const definitions = new DefinitionStore(db, { handlers, roles: new Set(ROLES) });
  const host = new ProcessHost({ db, clock, definitions, handlers });
  const worker = new JobWorker({ db, clock, host, effects: o.effects, workerId: o.workerId, lockMs: o.jobLockMs, maxAttempts: o.jobMaxAttempts });
  if (o.processesDir) await definitions.deployFolder(path.resolve(o.processesDir));
  return {
    db, clock, fakeClock, handlers, definitions, host, worker,
    async close() {
      await worker.stop();
      await db.close();
    },
  };
}
