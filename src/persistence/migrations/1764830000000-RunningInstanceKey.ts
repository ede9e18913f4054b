import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10 #6: one running instance of a process per business key (per case): a second `dsrRequest` of a
 * case is refused, while the case's appeal (its own process, same key) may run beside it. A generated
 * column holds process key and business key while the instance runs and NULL otherwise; its unique index
 * lets finished instances share a key but never two running ones, also when two servers start them at once.
 */
export class RunningInstanceKey1764830000000 implements MigrationInterface {
  name = 'RunningInstanceKey1764830000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    const twice = (await q.query(
      "SELECT business_key AS k FROM process_instance WHERE status = 'running' AND business_key IS NOT NULL GROUP BY definition_key, business_key HAVING COUNT(*) > 1",
    )) as { k: string }[];
    if (twice.length) {
      throw new Error(`more than one running process instance for the business keys ${twice.map((r) => r.k).join(', ')}: end the extra instances, then start again`);
    }
    await q.query(mysql
      ? "ALTER TABLE process_instance ADD COLUMN running_key varchar(201) AS (CASE WHEN status = 'running' AND business_key IS NOT NULL THEN CONCAT(definition_key, ':', business_key) END) VIRTUAL"
      : "ALTER TABLE process_instance ADD COLUMN running_key varchar(201) GENERATED ALWAYS AS (CASE WHEN status = 'running' AND business_key IS NOT NULL THEN definition_key || ':' || business_key END) VIRTUAL");
    await q.query('CREATE UNIQUE INDEX ux_instance_running_key ON process_instance (running_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'better-sqlite3'
      ? 'DROP INDEX ux_instance_running_key'
      : 'DROP INDEX ux_instance_running_key ON process_instance');
    await q.query('ALTER TABLE process_instance DROP COLUMN running_key');
  }
}
