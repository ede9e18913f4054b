import { type MigrationInterface, type QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';

/**
 * The foundation schema: definitions, instances and their wait states (tasks, jobs, subscriptions),
 * the audit chain, users and settings. Written with TypeORM's Table API so that the same migration
 * produces the right DDL on SQLite and on MariaDB/MySQL.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    // Engine states and diagrams can outgrow MySQL's 64 KB TEXT.
    const bigText = mysql ? 'longtext' : 'text';
    const instant = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const int = (name: string): TableColumnOptions => ({ name, type: 'int' });

    await q.createTable(new Table({
      name: 'process_definition',
      columns: [
        { ...str('id', 36), isPrimary: true },
        str('def_key', 100), int('version'), str('hash', 64),
        { name: 'xml', type: bigText },
        str('name', 200, true), str('deployed_by', 100), instant('deployed_at'), str('note', 1000, true),
      ],
      uniques: [{ name: 'uq_definition_key_version', columnNames: ['def_key', 'version'] }],
    }));

    await q.createTable(new Table({
      name: 'process_instance',
      columns: [
        { ...str('id', 36), isPrimary: true },
        str('definition_id', 36), str('definition_key', 100), int('definition_version'),
        str('business_key', 100, true), str('status', 20),
        { name: 'engine_state', type: bigText },
        int('version'), instant('started_at'), instant('updated_at'), instant('ended_at', true),
      ],
    }));
    await q.createIndex('process_instance', new TableIndex({ name: 'ix_instance_business_key', columnNames: ['business_key'] }));
    await q.createIndex('process_instance', new TableIndex({ name: 'ix_instance_definition', columnNames: ['definition_id', 'status'] }));

    await q.createTable(new Table({
      name: 'user_task',
      columns: [
        { ...str('id', 36), isPrimary: true },
        str('instance_id', 36), str('execution_id', 200), str('task_key', 100), str('name', 300),
        str('candidate_roles', 300), str('form_key', 100, true), str('due', 10, true), str('assignee', 100, true),
        str('status', 20), instant('created_at'), instant('completed_at', true), str('completed_by', 100, true),
        int('version'),
      ],
    }));
    await q.createIndex('user_task', new TableIndex({ name: 'ix_task_instance', columnNames: ['instance_id', 'status'] }));
    await q.createIndex('user_task', new TableIndex({ name: 'ix_task_status_key', columnNames: ['status', 'task_key'] }));

    await q.createTable(new Table({
      name: 'job',
      columns: [
        { ...str('id', 36), isPrimary: true },
        str('kind', 20), str('instance_id', 36, true), str('element_id', 100, true), str('execution_id', 200, true),
        str('handler', 100, true), { name: 'payload', type: bigText, isNullable: true }, str('idempotency_key', 200, true),
        { name: 'due_at', type: 'bigint' }, str('status', 20), int('attempts'), str('lock_owner', 100, true),
        { name: 'lock_expires_at', type: 'bigint', isNullable: true }, { name: 'last_error', type: 'text', isNullable: true },
        instant('created_at'), int('version'),
      ],
      uniques: [{ name: 'uq_job_idempotency', columnNames: ['idempotency_key'] }],
    }));
    await q.createIndex('job', new TableIndex({ name: 'ix_job_due', columnNames: ['status', 'due_at'] }));
    await q.createIndex('job', new TableIndex({ name: 'ix_job_instance', columnNames: ['instance_id'] }));

    await q.createTable(new Table({
      name: 'message_subscription',
      columns: [
        { ...str('id', 36), isPrimary: true },
        str('instance_id', 36), str('execution_id', 200), str('element_id', 100), str('message_name', 100),
        str('correlation_key', 100, true), instant('created_at'),
      ],
    }));
    await q.createIndex('message_subscription', new TableIndex({ name: 'ix_subscription_instance', columnNames: ['instance_id'] }));
    await q.createIndex('message_subscription', new TableIndex({ name: 'ix_subscription_message', columnNames: ['message_name', 'correlation_key'] }));

    await q.createTable(new Table({
      name: 'audit_event',
      columns: [
        { name: 'seq', type: 'int', isPrimary: true },
        instant('at'), str('actor', 100), str('type', 100), str('instance_id', 36, true), str('subject_id', 36, true),
        str('element_id', 100, true), { name: 'data', type: bigText }, str('prev_hash', 64), str('hash', 64),
      ],
    }));
    await q.createIndex('audit_event', new TableIndex({ name: 'ix_audit_instance', columnNames: ['instance_id'] }));
    await q.createIndex('audit_event', new TableIndex({ name: 'ix_audit_subject', columnNames: ['subject_id'] }));

    await q.createTable(new Table({
      name: 'audit_head',
      columns: [{ name: 'id', type: 'int', isPrimary: true }, int('last_seq'), str('last_hash', 64)],
    }));
    // The chain starts from a fixed genesis hash so that verify() needs no special case for event 1.
    await q.query(`INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '${'0'.repeat(64)}')`);

    await q.createTable(new Table({
      name: 'app_user',
      columns: [
        { ...str('id', 36), isPrimary: true },
        { ...str('username', 100), isUnique: true }, str('password_hash', 200), str('roles', 200),
        str('display_name', 200, true), { name: 'disabled', type: 'boolean', default: false },
        { name: 'token_generation', type: 'int', default: 0 }, instant('created_at'), int('version'),
      ],
    }));

    await q.createTable(new Table({
      name: 'app_setting',
      columns: [{ ...str('setting_key', 100), isPrimary: true }, { name: 'value', type: 'text' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['app_setting', 'app_user', 'audit_head', 'audit_event', 'message_subscription', 'job', 'user_task', 'process_instance', 'process_definition']) {
      await q.dropTable(t);
    }
  }
}
