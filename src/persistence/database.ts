import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';

export type Dialect = 'sqlite' | 'mysql';

type Call = 'transaction' | 'read' | 'readSnapshot';

/**
 * Thrown at once when a database call is made inside the work of another on the same Database (issue
 * 11 #5). On SQLite the inner call would queue behind the outer one, which awaits it: a deadlock with
 * no error, for ever. The work must use the EntityManager it was given instead.
 */
export class NestedDatabaseCallError extends Error {
  constructor(readonly call: Call, readonly inside: Call) {
    super(`db.${call}() was called inside the work of db.${inside}(); use the EntityManager that ${inside}() passed to it `
      + `(a nested call would wait for itself for ever on SQLite and see other data than its caller on MariaDB)`);
    this.name = 'NestedDatabaseCallError';
  }
}

/** Which call's work the current async context runs in; `active` turns false when it ends, so detached work is free. */
interface WorkMark {
  db: Database;
  call: Call;
  active: boolean;
}
const runningWork = new AsyncLocalStorage<WorkMark | undefined>();

/**
 * The system's handle on its database. Every write goes through `transaction`, so that a step's
 * instance, wait states, domain rows and audit events commit together or not at all.
 *
 * SQLite has one connection per process: two interleaved transactions on it would see each other's
 * writes, so this class runs them one after another (a promise queue). Between processes, SQLite's
 * own file lock and busy timeout serialise writers. On MariaDB transactions run concurrently and
 * optimistic version columns plus row locks decide conflicts.
 */
export class Database {
  readonly dialect: Dialect;
  private queue: Promise<unknown> = Promise.resolve();
  /** SQLite: a second, query-only connection for long snapshot reads, with its own queue. */
  private snapshotReader: Promise<DataSource> | null = null;
  private snapshotQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {
    const type = dataSource.options.type;
    this.dialect = type === 'mysql' || type === 'mariadb' ? 'mysql' : 'sqlite';
  }

  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    this.refuseNested('transaction');
    if (this.dialect === 'mysql') {
      return this.dataSource.transaction('READ COMMITTED', (tx) => this.marked('transaction', () => work(tx)));
    }
    return this.serialised(() => this.dataSource.transaction(async (tx) => {
      // Take SQLite's write lock first, as BEGIN IMMEDIATE would: a transaction that reads first and
      // writes later fails at once (SQLITE_BUSY) if another process wrote meanwhile, busy timeout or not.
      await tx.query('UPDATE audit_head SET last_seq = last_seq WHERE id = 1');
      return this.marked('transaction', () => work(tx));
    }));
  }

  /** A consistent read; on SQLite it waits for the running transaction so it never sees uncommitted rows. */
  async read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    this.refuseNested('read');
    if (this.dialect === 'mysql') return this.marked('read', () => work(this.dataSource.manager));
    return this.serialised(() => this.marked('read', () => work(this.dataSource.manager)));
  }

  /**
   * A long read of one consistent snapshot that does not hold up writers (issue 10 #3): every query of
   * `work` sees the database as it was at the first one, whatever commits meanwhile. MariaDB: a
   * read-only REPEATABLE READ transaction WITH CONSISTENT SNAPSHOT (the server's default is READ
   * COMMITTED, where each statement sees newer commits). SQLite: a read transaction on a second,
   * query-only connection; under WAL the writers of this and other processes commit meanwhile. The
   * work should yield between its queries (better-sqlite3 runs each one synchronously). An in-memory
   * SQLite database has no second connection: there it waits for, and holds up, the write queue.
   */
  async readSnapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    this.refuseNested('readSnapshot');
    if (this.dialect === 'mysql') {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        // Without SESSION or GLOBAL this sets only the next transaction; the pooled connection keeps its default.
        await runner.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        await runner.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
        try {
          return await this.marked('readSnapshot', () => work(runner.manager));
        } finally {
          await runner.query('ROLLBACK');
        }
      } finally {
        await runner.release();
      }
    }
    // Marked as a plain read there: it holds the one queue, so a call from inside it would wait for itself.
    if (this.isInMemory()) return this.serialised(() => this.marked('read', () => work(this.dataSource.manager)));
    const run = this.snapshotQueue.then(async () => {
      const reader = await this.openSnapshotReader();
      // BEGIN is deferred: the snapshot is taken at the first SELECT and kept until the end.
      return reader.transaction((m) => this.marked('readSnapshot', () => work(m)));
    });
    this.snapshotQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Start background work that is not part of the caller's transaction or read, though started from
   * inside one (a cache refresh nobody awaits): its database calls are not refused as nested. On SQLite
   * they wait in the queue until the caller's work has ended; so it must never be awaited from there.
   */
  detached<T>(work: () => Promise<T>): Promise<T> {
    return runningWork.run(undefined, work);
  }

  /** `SELECT … FOR UPDATE` where the database has row locks; SQLite's writer lock makes it moot there. */
  forUpdate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, skipLocked = false): SelectQueryBuilder<T> {
    if (this.dialect !== 'mysql') return qb;
    return skipLocked ? qb.setLock('pessimistic_write').setOnLocked('skip_locked') : qb.setLock('pessimistic_write');
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.snapshotQueue.catch(() => undefined);
    const reader = await this.snapshotReader?.catch(() => null);
    if (reader?.isInitialized) await reader.destroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Run `work` marked as the work of `call`, so that a database call made inside it is refused. */
  private async marked<T>(call: Call, work: () => Promise<T>): Promise<T> {
    const mark: WorkMark = { db: this, call, active: true };
    try {
      return await runningWork.run(mark, work);
    } finally {
      mark.active = false;
    }
  }

  private refuseNested(call: Call): void {
    const mark = runningWork.getStore();
    if (!mark?.active || mark.db !== this) return;
    // A snapshot read has its own connection (SQLite) or its own transaction (MariaDB): a write or a
    // plain read from inside it waits for nothing it holds. Only a second snapshot would.
    if (mark.call === 'readSnapshot' && call !== 'readSnapshot') return;
    throw new NestedDatabaseCallError(call, mark.call);
  }

  private isInMemory(): boolean {
    const file = (this.dataSource.options as { database?: unknown }).database;
    return typeof file !== 'string' || file === ':memory:' || file === '';
  }

  private openSnapshotReader(): Promise<DataSource> {
    this.snapshotReader ??= (async () => {
      const options = this.dataSource.options as typeof this.dataSource.options & { prepareDatabase?: (db: { pragma: (s: string) => unknown }) => void };
      const reader = new DataSource({
        ...options,
        prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
          options.prepareDatabase?.(db);
          // This connection only ever reads: a write through it would be a bug, not a second writer.
          db.pragma('query_only = ON');
        },
      } as typeof options);
      await reader.initialize();
      return reader;
    })();
    this.snapshotReader.catch(() => {
      this.snapshotReader = null;
    });
    return this.snapshotReader;
  }
}

/**
 * Initialise the DataSource and bring the schema up to date with the committed migrations. Several
 * server processes may start at once on a new database: on MySQL a named lock lets one migrate while the
 * others wait; on SQLite (one writer at a time anyway) a process that lost the race reads the recorded
 * migrations again and finds nothing left to do.
 */
export async function openDatabase(dataSource: DataSource): Promise<Database> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const mysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
  if (mysql) {
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [got] = (await lock.query("SELECT GET_LOCK('dsr_migrations', 120) AS ok")) as { ok: number | string }[];
      if (Number(got?.ok) !== 1) throw new Error('another process has been migrating the database for 2 minutes; try again');
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query("SELECT RELEASE_LOCK('dsr_migrations')").catch(() => undefined);
      await lock.release();
    }
  } else {
    for (let attempt = 1; ; attempt++) {
      try {
        await dataSource.runMigrations({ transaction: 'each' });
        break;
      } catch (err) {
        if (attempt >= 3 || !/already exists|duplicate column/i.test((err as Error).message)) throw err;
      }
    }
  }
  return new Database(dataSource);
}
