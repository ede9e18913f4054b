import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import { passwordProblem } from './http/auth/passwordPolicy.js';

/** The configuration of a running system, read from the environment once (see README, "Configuration"). */
export interface Config {
  /** The interface the server listens on: loopback unless HOST says otherwise (0.0.0.0 for all). */
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly nodeEnv: string;
  readonly fakeClock: boolean;
  readonly bootstrapAdminPassword: string | undefined;
  /** Signs API tokens; when unset, a secret generated once is kept in the database (see http/auth). */
  readonly tokenSecret: string | undefined;
  readonly tokenTtlSeconds: number;
  /** A web session ends this long after sign-in, however busy (issue 10 #10). */
  readonly sessionMaxHours: number;
  /** Password verifications (argon2) running at once in one process; more wait, bounded (issue 10 #5). */
  readonly signInConcurrency: number;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** imap://user:pass@host:port/MAILBOX: e-mails fetched from there become intake drafts. */
  readonly imapUrl: string | undefined;
  readonly imapPollSeconds: number;
  readonly jobPollMs: number;
  readonly jobLockMs: number;
  readonly jobMaxAttempts: number;
  readonly caseClassification: string;
  /** DSR_FEE_IBAN: the account fees (N16.1) are paid to, printed in the decision letter. */
  readonly feeIban: string | undefined;
  /** DSR_DEMO=1: seed demo cases (and users) into a database without requests (src/demo). */
  readonly demo: boolean;
  readonly demoPassword: string;
  readonly projectRoot: string;
}

export class ConfigError extends Error {}

/** The folder holding package.json: processes/, rules/ and views/ are found from here, built or not. */
export function findProjectRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'processes'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new ConfigError(`cannot find the project root above ${from}`);
    dir = parent;
  }
}

function intFrom(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${key} must be a non-negative whole number, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const fakeClock = env.DSR_FAKE_CLOCK === '1';
  // A settable clock in production would let an admin move every legal deadline: refuse to start.
  if (fakeClock && nodeEnv === 'production') {
    throw new ConfigError('DSR_FAKE_CLOCK=1 is refused when NODE_ENV=production');
  }
  const demo = env.DSR_DEMO === '1';
  if (demo && nodeEnv === 'production') throw new ConfigError('DSR_DEMO=1 is refused when NODE_ENV=production');
  const demoPassword = env.DSR_DEMO_PASSWORD || 'demo-geslo-2026';
  if (demo && demoPassword.length < 12) throw new ConfigError('DSR_DEMO_PASSWORD must have at least 12 characters');
  const tokenSecret = env.DSR_TOKEN_SECRET ?? '';
  if (nodeEnv === 'production' && tokenSecret.length < 32) {
    throw new ConfigError('DSR_TOKEN_SECRET must be set to at least 32 characters when NODE_ENV=production');
  }
  const bootstrapAdminPassword = env.DSR_BOOTSTRAP_ADMIN_PASSWORD || undefined;
  // In production the first admin's password passes the same policy as every other (issue 10 #10).
  const weak = bootstrapAdminPassword === undefined ? null : passwordProblem(bootstrapAdminPassword, 'admin');
  if (weak && nodeEnv === 'production') throw new ConfigError(`DSR_BOOTSTRAP_ADMIN_PASSWORD is refused: ${weak.message}`);
  const sessionMaxHours = intFrom(env, 'DSR_SESSION_MAX_HOURS', 10);
  if (sessionMaxHours < 1) throw new ConfigError('DSR_SESSION_MAX_HOURS must be at least 1');
  const signInConcurrency = intFrom(env, 'DSR_SIGNIN_CONCURRENCY', 2);
  if (signInConcurrency < 1) throw new ConfigError('DSR_SIGNIN_CONCURRENCY must be at least 1');
  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/dsr.sqlite';
  if (!/^(sqlite:|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite: or mysql://');
  }
  return {
    host: hostFrom(env.HOST),
    port: intFrom(env, 'PORT', 3000),
    databaseUrl,
    nodeEnv,
    fakeClock,
    bootstrapAdminPassword,
    tokenSecret: tokenSecret || undefined,
    tokenTtlSeconds: intFrom(env, 'DSR_TOKEN_TTL_SECONDS', 8 * 3600),
    sessionMaxHours,
    signInConcurrency,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'dpo@zzzs.si',
    imapUrl: imapUrlFrom(env.IMAP_URL),
    imapPollSeconds: intFrom(env, 'IMAP_POLL_SECONDS', 60),
    jobPollMs: intFrom(env, 'DSR_JOB_POLL_MS', 1000),
    jobLockMs: intFrom(env, 'DSR_JOB_LOCK_MS', 60_000),
    jobMaxAttempts: intFrom(env, 'DSR_JOB_MAX_ATTEMPTS', 5),
    caseClassification: env.DSR_CASE_CLASSIFICATION || '0072',
    feeIban: ibanFrom(env.DSR_FEE_IBAN),
    demo,
    demoPassword,
    projectRoot: findProjectRoot(),
  };
}

/**
 * HOST: an IP address or a host name to listen on. The default is 127.0.0.1, so that a server started
 * without a reverse proxy in front of it is not reachable from the network by accident.
 */
function hostFrom(raw: string | undefined): string {
  const host = raw?.trim() ?? '';
  if (host === '') return '127.0.0.1';
  if (!/^[0-9A-Za-z.:_-]+$/.test(host)) throw new ConfigError(`HOST must be an IP address or a host name (e.g. 127.0.0.1, 0.0.0.0, ::), got "${raw}"`);
  return host;
}

function imapUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^imaps?:\/\/[^/]+/.test(raw)) throw new ConfigError('IMAP_URL must look like imap://user:password@host:port/INBOX (or imaps://)');
  return raw;
}

/** An IBAN as printed (groups of four), checked by its mod-97 check digits (ISO 13616). */
export function ibanFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const iban = raw.replace(/\s/g, '').toUpperCase();
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban) || BigInt(digits) % 97n !== 1n) throw new ConfigError('DSR_FEE_IBAN must be a valid IBAN (e.g. SI56 …)');
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
