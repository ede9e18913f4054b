import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Browser sessions and sign-in throttling for the staff web application. */
export class WebSessions1764200000000 implements MigrationInterface {
  name = 'WebSessions1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'web_session',
      columns: [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'user_id', type: 'varchar', length: '36' },
        { name: 'csrf_token', type: 'varchar', length: '64' },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'last_seen_at', type: 'bigint' },
        { name: 'ip', type: 'varchar', length: '100', isNullable: true },
        { name: 'user_agent', type: 'varchar', length: '300', isNullable: true },
      ],
    }));
    await q.createIndex('web_session', new TableIndex({ name: 'ix_web_session_user', columnNames: ['user_id'] }));
    await q.createTable(new Table({
      name: 'sign_in_throttle',
      columns: [
        { name: 'username', type: 'varchar', length: '100', isPrimary: true },
        { name: 'failures', type: 'int' },
        { name: 'locked_until', type: 'bigint' },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sign_in_throttle');
    await q.dropTable('web_session');
  }
}
