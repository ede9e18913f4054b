import { EntitySchema } from 'typeorm';

/** A signed-in browser session (issue 5): kept in the database so it survives restarts and several processes. */
export interface WebSessionRow {
  /** sha256 of the cookie value: a stolen database does not yield usable cookies. */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  /** Epoch ms of the last request; the idle timeout counts from here. */
  lastSeenAt: number;
  ip: string | null;
  userAgent: string | null;
}

export const WebSessionEntity = new EntitySchema<WebSessionRow>({
  name: 'WebSession',
  tableName: 'web_session',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    userId: { type: 'varchar', length: 36, name: 'user_id' },
    csrfToken: { type: 'varchar', length: 64, name: 'csrf_token' },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    lastSeenAt: { type: 'bigint', name: 'last_seen_at', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } },
    ip: { type: 'varchar', length: 100, nullable: true },
    userAgent: { type: 'varchar', length: 300, name: 'user_agent', nullable: true },
  },
  indices: [{ name: 'ix_web_session_user', columns: ['userId'] }],
});

/** Failed sign-ins per username, for the lockout with back-off. */
export interface SignInThrottleRow {
  username: string;
  failures: number;
  lockedUntil: number;
}

export const SignInThrottleEntity = new EntitySchema<SignInThrottleRow>({
  name: 'SignInThrottle',
  tableName: 'sign_in_throttle',
  columns: {
    username: { type: 'varchar', length: 100, primary: true },
    failures: { type: 'int' },
    lockedUntil: { type: 'bigint', name: 'locked_until', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } },
  },
});
