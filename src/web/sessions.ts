import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../persistence/database.js';
import { UserEntity, WebSessionEntity, type UserRow, type WebSessionRow } from '../persistence/entities/index.js';
import { truncateCodePoints } from '../domain/text.js';

export const SESSION_COOKIE = 'dsr_sid';
/** Issue 5: a session idle for 30 minutes ends. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
/** Issue 10 #10: a session ends this long after sign-in however busy it is (DSR_SESSION_MAX_HOURS). */
export const DEFAULT_SESSION_MAX_MS = 10 * 3_600_000;

const digest = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('hex');

export interface ActiveSession {
  session: WebSessionRow;
  user: UserRow;
}

/** Sessions in the database: they survive a restart and are shared by several server processes. */
export class SessionStore {
  constructor(private readonly db: Database, private readonly now: () => Date, readonly maxAgeMs = DEFAULT_SESSION_MAX_MS) {}

  /** A new session (always a new id: no fixation); returns the cookie value, which is stored only hashed. */
  async create(user: UserRow, meta: { ip?: string; userAgent?: string }): Promise<{ cookie: string; session: WebSessionRow }> {
    const cookie = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: WebSessionRow = {
      id: digest(cookie), userId: user.id, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, lastSeenAt: now.getTime(),
      ip: meta.ip === undefined ? null : truncateCodePoints(meta.ip, 100), userAgent: meta.userAgent === undefined ? null : truncateCodePoints(meta.userAgent, 300),
    };
    await this.db.transaction((tx) => tx.getRepository(WebSessionEntity).insert(session));
    return { cookie, session };
  }

  /** The live session of a cookie, touched; null when unknown, idle too long, too old, or its user is disabled. */
  async resume(cookie: string | undefined): Promise<ActiveSession | null> {
    if (!cookie || cookie.length > 100) return null;
    const id = digest(cookie);
    const found = await this.db.read(async (m) => {
      const session = await m.getRepository(WebSessionEntity).findOneBy({ id });
      const user = session ? await m.getRepository(UserEntity).findOneBy({ id: session.userId }) : null;
      return session && user ? { session, user } : null;
    });
    if (!found) return null;
    const now = this.now().getTime();
    const tooOld = now - found.session.createdAt.getTime() > this.maxAgeMs;
    if (found.user.disabled || tooOld || now - found.session.lastSeenAt > IDLE_TIMEOUT_MS) {
      await this.destroy(cookie);
      return null;
    }
    // Touch at most once a minute: a page with several requests should not write several times.
    if (now - found.session.lastSeenAt > 60_000) {
      await this.db.transaction((tx) => tx.getRepository(WebSessionEntity).update({ id }, { lastSeenAt: now }));
      found.session.lastSeenAt = now;
    }
    return found;
  }

  async destroy(cookie: string): Promise<void> {
    await this.db.transaction((tx) => tx.getRepository(WebSessionEntity).delete({ id: digest(cookie) }));
  }
}
