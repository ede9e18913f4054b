import type { DataSource, EntityManager, SelectQueryBuilder, ObjectLiteral } from 'typeorm';

export type Dialect = 'sqlite' | 'mysql';

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

  constructor(readonly dataSource: DataSource) {
    const type = dataSource.options.type;
    this.dialect = type === 'mysql' || type === 'mariadb' ? 'mysql' : 'sqlite';
  }

  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'mysql') {
      return this.dataSource.transaction('READ COMMITTED', work);
    }
    return this.serialised(() => this.dataSource.transaction(async (tx) => {
      // Take SQLite's write lock first, as BEGIN IMMEDIATE would: a transaction that reads first and
      // writes later fails at once (SQLITE_BUSY) if another process wrote meanwhile, busy timeout or not.
      await tx.query('UPDATE audit_head SET last_seq = last_seq WHERE id = 1');
      return work(tx);
    }));
  }

  /** A consistent read; on SQLite it waits for the running transaction so it never sees uncommitted rows. */
  async read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'mysql') return work(this.dataSource.manager);
    return this.serialised(() => work(this.dataSource.manager));
  }

  /** `SELECT … FOR UPDATE` where the database has row locks; SQLite's writer lock makes it moot there. */
  forUpdate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, skipLocked = false): SelectQueryBuilder<T> {
    if (this.dialect !== 'mysql') return qb;
    return skipLocked ? qb.setLock('pessimistic_write').setOnLocked('skip_locked') : qb.setLock('pessimistic_write');
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
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
