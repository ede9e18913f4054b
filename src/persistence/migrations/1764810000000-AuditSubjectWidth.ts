import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit_event.subject_id as wide as a business key (100, process_instance.business_key): the host
 * records an instance's business key as the subject of its events, and MariaDB in strict mode refused
 * a key of 37 to 100 characters there, failing the whole step. SQLite does not enforce the length.
 */
export class AuditSubjectWidth1764810000000 implements MigrationInterface {
  name = 'AuditSubjectWidth1764810000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb') return;
    await q.query('ALTER TABLE audit_event MODIFY subject_id varchar(100) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb') return;
    await q.query('ALTER TABLE audit_event MODIFY subject_id varchar(36) NULL');
  }
}
