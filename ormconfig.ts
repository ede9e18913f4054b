import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { allEntities } from './src/persistence/entities/index.js';
import { allMigrations } from './src/persistence/migrations/index.js';

/**
 * The one TypeORM DataSource of the system, chosen by DATABASE_URL (docs/api.md, "Running"):
 * `sqlite:<file>` (default `sqlite:./data/dsr.sqlite`, or `sqlite::memory:`) is embedded SQLite;
 * `mysql://user:pass@host:port/db` is MySQL 8 / MariaDB 10.11+ through mysql2.
 * The schema comes only from the committed migrations; synchronize is never on.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  const common = { entities: allEntities, migrations: allMigrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length) || './data/dsr.sqlite';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        // WAL lets readers go on while one process writes; the busy timeout makes a second writer wait
        // instead of failing; synchronous=FULL because a committed step must survive a power loss.
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 10000');
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  if (/^(mysql|mariadb):\/\//.test(databaseUrl)) {
    return {
      ...common,
      type: 'mysql',
      url: databaseUrl.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      extra: { connectionLimit: 20 },
    };
  }
  throw new Error('DATABASE_URL must start with sqlite: or mysql://');
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}

/** For the TypeORM CLI (`npx typeorm migration:show -d dist/ormconfig.js`). */
export default createDataSource(process.env.DATABASE_URL || 'sqlite:./data/dsr.sqlite');
