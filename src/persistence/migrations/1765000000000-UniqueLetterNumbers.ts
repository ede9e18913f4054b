import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * A letter's document number is counted from the letters of its case; two steps racing on one case
 * could count the same number. The unique index makes the second one fail and roll back (a 409 for a
 * person, a retry for a job) instead of issuing two documents with one number (issue 11).
 */
export class UniqueLetterNumbers1765000000000 implements MigrationInterface {
  name = 'UniqueLetterNumbers1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('letter', new TableIndex({ name: 'ux_letter_document_number', columnNames: ['document_number'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('letter', 'ux_letter_document_number');
  }
}
