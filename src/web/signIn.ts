import type { Database } from '../persistence/database.js';
import { SignInThrottleEntity, UserEntity, type UserRow } from '../persistence/entities/index.js';
import { appendAudit } from '../persistence/audit.js';
import { dummyHash, verifyPassword } from '../http/auth/passwords.js';
import { truncateCodePoints } from '../domain/text.js';

/** Failures allowed before the first lockout; each further failure doubles the wait, up to an hour. */
export const FREE_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

export type SignInResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'wrong' | 'locked'; retryAfterSeconds?: number };

export const lockFor = (failures: number): number =>
  failures < FREE_FAILURES ? 0 : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES));

/**
 * Check a password with a lockout that backs off per username (issue 5). A locked account is not even
 * checked, so guessing during the lock costs nothing but gains nothing. Every outcome is audited.
 */
export async function signIn(db: Database, username: string, password: string, now: Date, ip: string | undefined): Promise<SignInResult> {
  const name = truncateCodePoints(username.trim(), 100);
  const throttle = await db.read((m) => m.getRepository(SignInThrottleEntity).findOneBy({ username: name }));
  if (throttle && throttle.lockedUntil > now.getTime()) {
    await db.transaction((tx) => appendAudit(tx, db, [{ at: now, actor: name || '?', type: 'security.sign_in_locked', data: { via: 'web', ip } }]));
    return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil((throttle.lockedUntil - now.getTime()) / 1000) };
  }
  const user = await db.read((m) => m.getRepository(UserEntity).findOneBy({ username: name }));
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash, password), false);
  if (!user || !ok || user.disabled) {
    const failures = (throttle?.failures ?? 0) + 1;
    await db.transaction(async (tx) => {
      await tx.getRepository(SignInThrottleEntity).save({ username: name, failures, lockedUntil: now.getTime() + lockFor(failures) });
      await appendAudit(tx, db, [{ at: now, actor: name || '?', type: 'security.sign_in_failed', data: { via: 'web', ip, failures } }]);
    });
    return { ok: false, reason: 'wrong' };
  }
  await db.transaction(async (tx) => {
    if (throttle) await tx.getRepository(SignInThrottleEntity).delete({ username: name });
    await appendAudit(tx, db, [{ at: now, actor: user.username, type: 'security.signed_in', subjectId: user.id, data: { via: 'web', ip } }]);
  });
  return { ok: true, user };
}
