import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Issued API tokens by jti, so that a single token can be revoked (issue 10 #10). */
export class ApiTokens1764820000000 implements MigrationInterface {
  name = 'ApiTokens1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'api_token',
      columns: [
        { name: 'jti', type: 'varchar', length: '36', isPrimary: true },
        { name: 'user_id', type: 'varchar', length: '36' },
        { name: 'issued_at', type: 'datetime', precision: 3 },
        { name: 'expires_at', type: 'bigint' },
        { name: 'revoked_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'revoked_by', type: 'varchar', length: '100', isNullable: true },
        { name: 'ip', type: 'varchar', length: '100', isNullable: true },
      ],
    }));
    await q.createIndex('api_token', new TableIndex({ name: 'ix_api_token_user', columnNames: ['user_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('api_token');
  }
}
