import type { EntityManager } from 'typeorm';
import type { Database } from '../../persistence/database.js';
import { SignInThrottleEntity, UserEntity, type UserRow } from '../../persistence/entities/index.js';
import { appendAudit } from '../../persistence/audit.js';
import { TooManyRequestsError } from '../../errors.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { VerificationGate } from './verificationGate.js';

/** Failures allowed before the first lockout; each further failure doubles the wait, up to an hour. */
export const FREE_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

export const lockFor = (failures: number): number =>
  failures < FREE_FAILURES ? 0 : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES));

/** Where a password was typed: the sign-in form, the token call, or a password change (current password). */
export type SignInVia = 'web' | 'api' | 'password_change';

export type SignInResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'wrong' | 'locked' | 'busy'; retryAfterSeconds?: number };

/** Usernames are lower-case; MariaDB compares without case, SQLite with: one key for both. Cut by code points. */
export const throttleKey = (username: string): string => Array.from(username.trim().toLowerCase()).slice(0, 100).join('');

/**
 * Every password check of the system (issue 10 #5): web sign-in, API token, password change share one
 * lockout per username, counted in the database so that every server process sees the same count.
 *
 * - A locked username is not checked at all: guessing during the lock costs nothing and gains nothing.
 * - Verification passes the gate (a bounded semaphore), so a flood cannot starve real users.
 * - The lock is looked at again once the gate lets the attempt in: of a burst sent in parallel, those
 *   still waiting when the lock falls are refused unchecked, and counted as failures all the same.
 * - A failure is counted by one atomic upsert (`failures = failures + 1`), so 12 parallel guesses,
 *   on one process or several, count 12.
 */
export class SignInGuard {
  constructor(private readonly db: Database, readonly gate: VerificationGate = new VerificationGate()) {}

  async check(attempt: { username: string; password: string; via: SignInVia; ip?: string; now: Date }): Promise<SignInResult> {
    const { db } = this;
    const { password, via, ip, now } = attempt;
    const name = throttleKey(attempt.username);
    const actor = name || '?';
    const lockedUntil = await this.lockedUntil(name);
    if (lockedUntil > now.getTime()) {
      await db.transaction((tx) => appendAudit(tx, db, [{ at: now, actor, type: 'security.sign_in_locked', data: { via, ip } }]));
      return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil((lockedUntil - now.getTime()) / 1000) };
    }
    let verdict: { user: UserRow | null; ok: boolean; lockedMeanwhile: boolean };
    try {
      verdict = await this.gate.run(ip ?? '?', async () => {
        if ((await this.lockedUntil(name)) > now.getTime()) return { user: null, ok: false, lockedMeanwhile: true };
        const found = await db.read((m) => m.getRepository(UserEntity).findOneBy({ username: name }));
        // MariaDB's collation would match "Ána.Novak" to ana.novak: only the exact name is that user.
        const user = found && found.username === name ? found : null;
        const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash, password), false);
        return { user, ok, lockedMeanwhile: false };
      });
    } catch (err) {
      if (!(err instanceof TooManyRequestsError)) throw err;
      await db.transaction((tx) => appendAudit(tx, db, [{ at: now, actor, type: 'security.sign_in_busy', data: { via, ip } }]));
      return { ok: false, reason: 'busy', retryAfterSeconds: err.retryAfterSeconds };
    }
    const { user, ok, lockedMeanwhile } = verdict;
    if (!user || !ok || user.disabled) {
      const failures = await db.transaction(async (tx) => {
        const n = await countFailure(tx, db, name, now.getTime());
        await appendAudit(tx, db, [{ at: now, actor, type: 'security.sign_in_failed', data: { via, ip, failures: n, ...(lockedMeanwhile && { checked: false }) } }]);
        return n;
      });
      if (lockedMeanwhile) return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil(lockFor(failures) / 1000) };
      return { ok: false, reason: 'wrong' };
    }
    await db.transaction(async (tx) => {
      await tx.getRepository(SignInThrottleEntity).delete({ username: name });
      await appendAudit(tx, db, [{ at: now, actor: user.username, type: 'security.signed_in', subjectId: user.id, data: { via, ip } }]);
    });
    return { ok: true, user };
  }

  /** When the lock of this username ends (epoch ms; 0 when there is none). */
  async lockedUntil(name: string): Promise<number> {
    const row = await this.db.read((m) => m.getRepository(SignInThrottleEntity).findOneBy({ username: name }));
    return row?.lockedUntil ?? 0;
  }
}

/**
 * One more failure for this username, in one statement that both databases run atomically (an upsert
 * adding 1 to what is stored, never a value computed from an earlier read); then the lock grows to what
 * the new count asks for, never shrinking a longer one. Returns the new count.
 */
export async function countFailure(tx: EntityManager, db: Database, name: string, nowMs: number): Promise<number> {
  if (db.dialect === 'mysql') {
    await tx.query('INSERT INTO sign_in_throttle (username, failures, locked_until) VALUES (?, 1, 0) ON DUPLICATE KEY UPDATE failures = failures + 1', [name]);
  } else {
    await tx.query('INSERT INTO sign_in_throttle (username, failures, locked_until) VALUES (?, 1, 0) ON CONFLICT(username) DO UPDATE SET failures = failures + 1', [name]);
  }
  const [row] = (await tx.query('SELECT failures FROM sign_in_throttle WHERE username = ?', [name])) as { failures: number | string }[];
  const failures = Number(row?.failures ?? 1);
  const lock = lockFor(failures);
  if (lock > 0) await tx.query('UPDATE sign_in_throttle SET locked_until = ? WHERE username = ? AND locked_until < ?', [nowMs + lock, name, nowMs + lock]);
  return failures;
}
