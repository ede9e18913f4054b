import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Letter templates as versioned data (issue 7 item 4) and the template versions behind each letter's templateVersion. */
export class LetterTemplates1764700000000 implements MigrationInterface {
  name = 'LetterTemplates1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.createTable(new Table({
      name: 'letter_template',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'name', type: 'varchar', length: '40' },
        { name: 'version', type: 'int' },
        { name: 'hash', type: 'varchar', length: '64' },
        { name: 'source', type: mysql ? 'mediumtext' : 'text' },
        { name: 'author', type: 'varchar', length: '100' },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'note', type: 'varchar', length: '1000', isNullable: true },
        { name: 'restored_from', type: 'int', isNullable: true },
      ],
    }));
    await q.createIndex('letter_template', new TableIndex({ name: 'ux_letter_template_version', columnNames: ['name', 'version'], isUnique: true }));
    await q.createTable(new Table({
      name: 'letter_template_set',
      columns: [
        { name: 'id', type: 'varchar', length: '120', isPrimary: true },
        { name: 'kind', type: 'varchar', length: '40' },
        { name: 'template_version', type: 'varchar', length: '64' },
        { name: 'kind_version', type: 'int' },
        { name: 'layout_version', type: 'int' },
        { name: 'letterhead_version', type: 'int' },
        { name: 'signature_version', type: 'int' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
    }));
    await q.createIndex('letter_template_set', new TableIndex({ name: 'ix_letter_template_set_version', columnNames: ['template_version'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('letter_template_set');
    await q.dropTable('letter_template');
  }
}
