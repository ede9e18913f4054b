import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../src/engine/clock.js';
import { HandlerRegistry } from '../../src/engine/handlers.js';
import { openSystem, type System, type SystemOptions } from '../../src/system.js';
import { createDataSource } from '../../ormconfig.js';

export const RESOURCES = path.resolve(import.meta.dirname, '../resources');
export const resource = (name: string) => fs.readFileSync(path.join(RESOURCES, name), 'utf8');

/** The database the suite runs on: SQLite in a temp file by default, MariaDB when DATABASE_URL says mysql://. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url && /^(mysql|mariadb):\/\//.test(url)) return url;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsr-test-'));
  return `sqlite:${path.join(dir, 'test.sqlite')}`;
}

export const onMysql = () => /^(mysql|mariadb):\/\//.test(process.env.DATABASE_URL ?? '');

/** Empty every table so that each test starts from a blank database (MariaDB is shared by the suite). */
export async function resetDatabase(url: string): Promise<void> {
  if (!/^(mysql|mariadb):\/\//.test(url)) return;
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const tables = (await ds.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()`)) as { t: string }[];
    await ds.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const { t } of tables) await ds.query(`DROP TABLE \`${t}\``);
    await ds.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await ds.destroy();
  }
}

export function testHandlers(): HandlerRegistry {
  return new HandlerRegistry()
    .register('markApproved', async (ctx) => ({ approved: ctx.variables.decision === 'approve', computedBy: ctx.elementId }));
}

export async function freshSystem(overrides: Partial<SystemOptions> = {}): Promise<System> {
  const databaseUrl = overrides.databaseUrl ?? testDatabaseUrl();
  if (!overrides.databaseUrl) await resetDatabase(databaseUrl);
  return openSystem({
    databaseUrl,
    fakeClock: new FakeClock(new Date('2026-03-02T09:00:00+01:00')),
    handlers: testHandlers(),
    processesDir: null,
    ...overrides,
  });
}
