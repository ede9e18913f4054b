import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Issue 10 #9. (1) An e-mail's receipt is when our server got it; the sender's own `Date:` header is kept
 * beside it as claimed (`intake_draft.claimed_at`). Drafts from before: their `received_at` was that header,
 * so it moves to `claimed_at`, and the upload/fetch time (`created_at`) becomes the receipt.
 * (2) On MySQL/MariaDB a TEXT column holds 64 KB; the JSON columns of a case (its flags gather the answers of
 * several tasks), the audit data (a task's variables) and an e-mail's attachment list can outgrow that with
 * input the schemas allow. MEDIUMTEXT (16 MB) holds any 1 MB request body many times over.
 */
const WIDE: Record<string, { name: string; nullable: boolean }[]> = {
  dsr_request: [
    { name: 'subject', nullable: false }, { name: 'representative', nullable: true }, { name: 'measures', nullable: true },
    { name: 'identity_evidence', nullable: false }, { name: 'deadlines', nullable: false }, { name: 'extension', nullable: true },
    { name: 'decision', nullable: true }, { name: 'flags', nullable: false },
  ],
  audit_event: [{ name: 'data', nullable: false }],
  intake_draft: [{ name: 'attachments', nullable: false }, { name: 'signature', nullable: true }],
};

export class InputLimits1765200000000 implements MigrationInterface {
  name = 'InputLimits1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('intake_draft', new TableColumn({ name: 'claimed_at', type: 'datetime', precision: 3, isNullable: true }));
    await q.query('UPDATE intake_draft SET claimed_at = received_at, received_at = created_at');
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    if (!mysql) return;
    for (const [table, columns] of Object.entries(WIDE)) {
      await q.query(`ALTER TABLE \`${table}\` ${columns.map((c) => `MODIFY \`${c.name}\` MEDIUMTEXT ${c.nullable ? 'NULL' : 'NOT NULL'}`).join(', ')}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    if (mysql) {
      for (const [table, columns] of Object.entries(WIDE)) {
        await q.query(`ALTER TABLE \`${table}\` ${columns.map((c) => `MODIFY \`${c.name}\` TEXT ${c.nullable ? 'NULL' : 'NOT NULL'}`).join(', ')}`);
      }
    }
    await q.query('UPDATE intake_draft SET received_at = claimed_at WHERE claimed_at IS NOT NULL');
    await q.dropColumn('intake_draft', 'claimed_at');
  }
}
