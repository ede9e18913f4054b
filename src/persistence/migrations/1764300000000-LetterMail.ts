import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** Sending letters by e-mail: the state of each letter's mail, its Message-ID, the last error. */
export class LetterMail1764300000000 implements MigrationInterface {
  name = 'LetterMail1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('letter', [
      new TableColumn({ name: 'mail_status', type: 'varchar', length: '20', default: "'print'" }),
      new TableColumn({ name: 'message_id', type: 'varchar', length: '250', isNullable: true }),
      new TableColumn({ name: 'mail_error', type: 'text', isNullable: true }),
    ]);
    // Letters that existed before e-mail sending wait in the outbox; paper ones in the print queue.
    await q.query(`UPDATE letter SET mail_status = CASE WHEN channel = 'email' THEN 'outbox' ELSE 'print' END`);
    await q.createIndex('letter', new TableIndex({ name: 'ix_letter_mail_status', columnNames: ['mail_status'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('letter', 'ix_letter_mail_status');
    for (const c of ['mail_error', 'message_id', 'mail_status']) await q.dropColumn('letter', c);
  }
}
