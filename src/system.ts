import path from 'node:path';
import { createDataSource } from '../ormconfig.js';
import { openDatabase, type Database } from './persistence/database.js';
import { FakeClock, SystemClock, type Clock } from './engine/clock.js';
import { DefinitionStore } from './engine/definitions.js';
import { HandlerRegistry } from './engine/handlers.js';
import { ProcessHost } from './engine/host.js';
import { JobWorker, type Effect } from './engine/jobWorker.js';
import { ROLES } from './roles.js';
import { loadRuleSets } from './rules/load.js';
import { RuleService } from './rules/service.js';
import { findProjectRoot } from './config.js';
import { silentLogger, type Logger } from './logger.js';

export interface SystemOptions {
  databaseUrl: string;
  fakeClock?: boolean | FakeClock;
  handlers?: HandlerRegistry;
  effects?: Map<string, Effect>;
  processesDir?: string | null;
  /** Rule sets to load; defaults to the project's rules/. */
  rulesDir?: string;
  workerId?: string;
  jobLockMs?: number;
  jobMaxAttempts?: number;
  /** Where the system reports what goes wrong in the background (failed polls, failed jobs). */
  logger?: Logger;
  /** Register handlers and effects that need the system itself, before processes/ is deployed. */
  install?: (system: System) => void | Promise<void>;
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
  /** Effect handlers of the job worker, by name (filled by `install`). */
  effects: Map<string, Effect>;
  rules: RuleService;
  projectRoot: string;
  logger: Logger;
  close(): Promise<void>;
}

export async function openSystem(o: SystemOptions): Promise<System> {
  const projectRoot = findProjectRoot();
  // Rule sets first: an invalid one stops the start before the database is touched.
  const rules = new RuleService(await loadRuleSets(o.rulesDir ?? path.join(projectRoot, 'rules')));
  const db = await openDatabase(createDataSource(o.databaseUrl));
  const fakeClock = o.fakeClock instanceof FakeClock ? o.fakeClock : o.fakeClock ? new FakeClock() : null;
  const clock: Clock = fakeClock ?? new SystemClock();
  // Rule sets are versioned in the database from here on (the files are the seed of the first version).
  await rules.connect(db, () => clock.now());
  const handlers = o.handlers ?? new HandlerRegistry();
  const definitions = new DefinitionStore(db, { handlers, roles: new Set(ROLES) });
  const host = new ProcessHost({ db, clock, definitions, handlers });
  const effects = o.effects ?? new Map<string, Effect>();
  const logger = o.logger ?? silentLogger;
  const worker = new JobWorker({ db, clock, host, effects, workerId: o.workerId, lockMs: o.jobLockMs, maxAttempts: o.jobMaxAttempts, logger: logger.child({ component: 'jobs' }) });
  const system: System = {
    db, clock, fakeClock, handlers, definitions, host, worker, effects, rules, projectRoot, logger,
    async close() {
      await worker.stop();
      await db.close();
    },
  };
  await o.install?.(system);
  if (o.processesDir) await definitions.deployFolder(path.resolve(o.processesDir));
  return system;
}
