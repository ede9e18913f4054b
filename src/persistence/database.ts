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

/** Initialise the DataSource and bring the schema up to date with the committed migrations. */
export async function openDatabase(dataSource: DataSource): Promise<Database> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return new Database(dataSource);
}
