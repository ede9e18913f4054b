import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Issue 10 #4: the per-case index of list reads. An audit event that records a list (or an export) names
 * the cases it showed; a row here per case lets each case's page find that event without reading them all.
 */
export class AccessIndex1764800000000 implements MigrationInterface {
  name = 'AccessIndex1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'audit_access',
      columns: [
        { name: 'request_id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'seq', type: 'int', isPrimary: true },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_access');
  }
}
