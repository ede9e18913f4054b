import { SignJWT, jwtVerify } from 'jose';
import type { Database } from '../../persistence/database.js';
import { UserEntity, type UserRow } from '../../persistence/entities/index.js';
import { UnauthenticatedError } from '../../errors.js';

/**
 * Bearer tokens: HS256 JWTs naming the user and its token generation. Verification also reads the user,
 * so a disabled user (or one whose generation moved on) is refused even with an unexpired token.
 * Expiry runs on real time, never on the fake clock: moving the simulated date by months must not sign
 * out the tester who moved it.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number, private readonly db: Database) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(user: UserRow): Promise<{ token: string; expiresAt: string }> {
    const nowSec = Math.floor(Date.now() / 1000);
    const exp = nowSec + this.ttlSeconds;
    const token = await new SignJWT({ gen: user.tokenGeneration })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuedAt(nowSec)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<UserRow> {
    let sub: string | undefined;
    let gen: unknown;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      sub = payload.sub;
      gen = payload.gen;
    } catch {
      throw new UnauthenticatedError('the token is invalid or has expired');
    }
    const user = sub ? await this.db.read((m) => m.getRepository(UserEntity).findOneBy({ id: sub })) : null;
    if (!user || user.disabled || user.tokenGeneration !== gen) throw new UnauthenticatedError('the token is no longer valid');
    return user;
  }
}
