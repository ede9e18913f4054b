import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** E-mail intake (messages waiting to be confirmed as registrations by a clerk) and the print queue of paper letters. */
export class IntakeDrafts1764400000000 implements MigrationInterface {
  name = 'IntakeDrafts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    const big = mysql ? 'longtext' : 'text';
    await q.createTable(new Table({
      name: 'intake_draft',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'source', type: 'varchar', length: '10' },
        { name: 'mailbox', type: 'varchar', length: '100', isNullable: true },
        { name: 'sender_email', type: 'varchar', length: '200' },
        { name: 'sender_name', type: 'varchar', length: '200', isNullable: true },
        { name: 'subject', type: 'varchar', length: '500' },
        { name: 'received_at', type: 'datetime', precision: 3 },
        { name: 'message_id', type: 'varchar', length: '250', isNullable: true, isUnique: true },
        { name: 'text', type: big },
        { name: 'attachments', type: 'text' },
        { name: 'signature', type: 'text', isNullable: true },
        { name: 'raw', type: big },
        { name: 'status', type: 'varchar', length: '20' },
        { name: 'request_id', type: 'varchar', length: '36', isNullable: true },
        { name: 'created_by', type: 'varchar', length: '100' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
    }));
    await q.createIndex('intake_draft', new TableIndex({ name: 'ix_intake_draft_status', columnNames: ['status'] }));
    await q.addColumns('letter', [
      new TableColumn({ name: 'printed_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'posted_on', type: 'varchar', length: '10', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('letter', 'posted_on');
    await q.dropColumn('letter', 'printed_at');
    await q.dropTable('intake_draft');
  }
}
