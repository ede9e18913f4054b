import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { IsNull, LessThan } from 'typeorm';
import type { Database } from '../../persistence/database.js';
import { ApiTokenEntity, UserEntity, type ApiTokenRow, type UserRow } from '../../persistence/entities/index.js';
import { appendAudit } from '../../persistence/audit.js';
import { UnauthenticatedError } from '../../errors.js';

export interface VerifiedToken {
  user: UserRow;
  jti: string;
}

/** What an admin sees of a token: never the token itself. */
export interface TokenView {
  jti: string;
  userId: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export const tokenView = (t: ApiTokenRow): TokenView => ({
  jti: t.jti, userId: t.userId, issuedAt: t.issuedAt.toISOString(), expiresAt: new Date(t.expiresAt).toISOString(),
  revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null, revokedBy: t.revokedBy,
});

/**
 * Bearer tokens: HS256 JWTs naming the user, its token generation and the token's own row (jti).
 * Verification also reads the user and the row, so a disabled user, a user whose generation moved on
 * (password changed or reset) and a revoked token are refused even before the token expires.
 * Expiry runs on real time, never on the fake clock: moving the simulated date by months must not sign
 * out the tester who moved it.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number, private readonly db: Database) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(user: UserRow, meta: { ip?: string } = {}): Promise<{ token: string; expiresAt: string }> {
    const nowMs = Date.now();
    const nowSec = Math.floor(nowMs / 1000);
    const exp = nowSec + this.ttlSeconds;
    const jti = randomUUID();
    await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(ApiTokenEntity);
      // Rows of tokens that expired a day ago tell nobody anything any more.
      await repo.delete({ expiresAt: LessThan(nowMs - 86_400_000) });
      await repo.insert({ jti, userId: user.id, issuedAt: new Date(nowMs), expiresAt: exp * 1000, revokedAt: null, revokedBy: null, ip: meta.ip?.slice(0, 100) ?? null });
    });
    const token = await new SignJWT({ gen: user.tokenGeneration })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setJti(jti)
      .setIssuedAt(nowSec)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<VerifiedToken> {
    let sub: string | undefined;
    let gen: unknown;
    let jti: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      sub = payload.sub;
      gen = payload.gen;
      jti = payload.jti;
    } catch {
      throw new UnauthenticatedError('the token is invalid or has expired');
    }
    // A token without a jti predates revocation and cannot be revoked: it is refused (sign in again).
    if (!sub || !jti) throw new UnauthenticatedError('the token is no longer valid; sign in again');
    const found = await this.db.read(async (m) => {
      const row = await m.getRepository(ApiTokenEntity).findOneBy({ jti });
      const user = row ? await m.getRepository(UserEntity).findOneBy({ id: sub }) : null;
      return { row, user };
    });
    const { row, user } = found;
    if (!row || row.revokedAt || row.userId !== sub) throw new UnauthenticatedError('the token has been revoked');
    if (!user || user.disabled || user.tokenGeneration !== gen) throw new UnauthenticatedError('the token is no longer valid');
    return { user, jti };
  }

  /** Revoke one token, audited as `token.revoked`; null when there is no such token or it was revoked already. */
  revoke(jti: string, by: string, now: Date): Promise<ApiTokenRow | null> {
    return revokeToken(this.db, jti, by, now);
  }

  listOf(userId: string): Promise<TokenView[]> {
    return tokensOf(this.db, userId);
  }
}

/** The user's tokens that have not expired (revoked ones included, marked). */
export async function tokensOf(db: Database, userId: string): Promise<TokenView[]> {
  const rows = await db.read((m) => m.getRepository(ApiTokenEntity).find({ where: { userId }, order: { issuedAt: 'DESC' } }));
  const nowMs = Date.now();
  return rows.filter((r) => r.expiresAt > nowMs).map(tokenView);
}

/** Revoke one token, audited as `token.revoked` under `by`; null when there is no such token or it was revoked already. */
export async function revokeToken(db: Database, jti: string, by: string, now: Date): Promise<ApiTokenRow | null> {
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(ApiTokenEntity);
    const row = await repo.findOneBy({ jti });
    if (!row || row.revokedAt) return null;
    const result = await repo.update({ jti, revokedAt: IsNull() }, { revokedAt: now, revokedBy: by });
    if (!result.affected) return null;
    await appendAudit(tx, db, [{ at: now, actor: by, type: 'token.revoked', subjectId: row.userId, data: { jti } }]);
    return { ...row, revokedAt: now, revokedBy: by };
  });
}
