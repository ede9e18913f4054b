import { type MigrationInterface, type QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';

/** Requests (cases), their letters and the case-number counters. */
export class Requests1764100000000 implements MigrationInterface {
  name = 'Requests1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    const bigText = mysql ? 'longtext' : 'text';
    const instant = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

    await q.createTable(new Table({
      name: 'dsr_request',
      columns: [
        { ...str('id', 36), isPrimary: true },
        { ...str('case_number', 50), isUnique: true }, str('classification', 20), { name: 'year', type: 'int' }, { name: 'seq', type: 'int' },
        str('channel', 20), str('mailbox', 100, true), instant('received_at'), str('received_on', 10), str('filed_on', 10),
        text('subject'), str('subject_name', 300), text('representative', true), str('rights', 200), text('measures', true),
        { name: 'acknowledgement_requested', type: 'boolean' }, text('identity_evidence'), str('status', 20),
        text('deadlines'), text('extension', true), text('decision', true), str('decision_due', 10, true), str('decided_on', 10, true),
        instant('legal_hold_since'), instant('legal_hold_released_at', true), str('instance_id', 36, true), text('flags'),
        str('created_by', 100), instant('created_at'), instant('updated_at'), { name: 'version', type: 'int' },
      ],
    }));
    await q.createIndex('dsr_request', new TableIndex({ name: 'ix_request_status', columnNames: ['status'] }));
    await q.createIndex('dsr_request', new TableIndex({ name: 'ix_request_received', columnNames: ['received_on'] }));
    await q.createIndex('dsr_request', new TableIndex({ name: 'ix_request_year_seq', columnNames: ['classification', 'year', 'seq'], isUnique: true }));
    // Dashboards and statistics ask "due before", "decided in": plain indexed columns, kept by writeRequest.
    await q.createIndex('dsr_request', new TableIndex({ name: 'ix_request_decision_due', columnNames: ['decision_due'] }));
    await q.createIndex('dsr_request', new TableIndex({ name: 'ix_request_decided_on', columnNames: ['decided_on'] }));

    await q.createTable(new Table({
      name: 'case_counter',
      columns: [{ ...str('classification', 20), isPrimary: true }, { name: 'year', type: 'int', isPrimary: true }, { name: 'last', type: 'int' }],
    }));

    await q.createTable(new Table({
      name: 'letter',
      columns: [
        { ...str('id', 36), isPrimary: true },
        str('request_id', 36), str('kind', 40), str('channel', 20), str('document_number', 60), str('recipient', 300),
        str('subject_line', 300), { name: 'html', type: bigText }, str('sha256', 64), str('template_version', 64),
        { ...str('idempotency_key', 250), isUnique: true }, instant('created_at'), str('created_by', 100), instant('sent_at', true),
      ],
    }));
    await q.createIndex('letter', new TableIndex({ name: 'ix_letter_request', columnNames: ['request_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['letter', 'case_counter', 'dsr_request']) await q.dropTable(t);
  }
}
