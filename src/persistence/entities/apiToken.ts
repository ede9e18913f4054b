import { EntitySchema } from 'typeorm';

/**
 * An issued API token (issue 10 #10): the JWT names its row by `jti`, so one token can be revoked
 * (by its owner, or by an admin) without ending the user's other tokens.
 */
export interface ApiTokenRow {
  jti: string;
  userId: string;
  issuedAt: Date;
  /** Epoch ms on real time, as the JWT's exp: expiry never follows the fake clock. */
  expiresAt: number;
  revokedAt: Date | null;
  revokedBy: string | null;
  ip: string | null;
}

export const ApiTokenEntity = new EntitySchema<ApiTokenRow>({
  name: 'ApiToken',
  tableName: 'api_token',
  columns: {
    jti: { type: 'varchar', length: 36, primary: true },
    userId: { type: 'varchar', length: 36, name: 'user_id' },
    issuedAt: { type: 'datetime', name: 'issued_at', precision: 3 },
    expiresAt: { type: 'bigint', name: 'expires_at', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } },
    revokedAt: { type: 'datetime', name: 'revoked_at', precision: 3, nullable: true },
    revokedBy: { type: 'varchar', length: 100, name: 'revoked_by', nullable: true },
    ip: { type: 'varchar', length: 100, nullable: true },
  },
  indices: [{ name: 'ix_api_token_user', columns: ['userId'] }],
});
