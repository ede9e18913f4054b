import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Rule sets as versioned data (issue 7 item 3): every deployed version of every rule set, immutable. */
export class RuleSetVersions1764500000000 implements MigrationInterface {
  name = 'RuleSetVersions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.createTable(new Table({
      name: 'rule_set_version',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'name', type: 'varchar', length: '100' },
        { name: 'seq', type: 'int' },
        { name: 'version', type: 'varchar', length: '16' },
        { name: 'hash', type: 'varchar', length: '64' },
        // A rule set with many saved test cases can outgrow MySQL's 64 KB TEXT.
        { name: 'content', type: mysql ? 'mediumtext' : 'text' },
        { name: 'author', type: 'varchar', length: '100' },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'note', type: 'varchar', length: '1000', isNullable: true },
        { name: 'rollback_of', type: 'int', isNullable: true },
      ],
      uniques: [{ name: 'uq_rule_set_version_name_seq', columnNames: ['name', 'seq'] }],
    }));
    await q.createIndex('rule_set_version', new TableIndex({ name: 'ix_rule_set_version_name_hash', columnNames: ['name', 'hash'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rule_set_version');
  }
}
