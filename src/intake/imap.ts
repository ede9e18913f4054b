import { ImapFlow } from 'imapflow';
import { ValidationError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import type { Clock } from '../engine/clock.js';
import { appendAudit } from '../persistence/audit.js';
import type { IntakeDrafts } from './drafts.js';

/** A message we could not read stays in the mailbox, marked so that it is not tried again. */
export const REFUSED_KEYWORD = '$DsrRefused';

export interface ImapReport { drafts: number; duplicates: number; refused: number }

/** imap://user:password@host:port/MAILBOX (imaps:// for TLS); the mailbox defaults to INBOX. */
export function parseImapUrl(url: string) {
  const u = new URL(url);
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:') throw new Error('IMAP_URL must start with imap:// or imaps://');
  return {
    host: u.hostname, port: Number(u.port || (u.protocol === 'imaps:' ? 993 : 143)), secure: u.protocol === 'imaps:',
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    mailbox: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/**
 * Fetch unread messages of the intake mailbox into drafts (issue 6). A message becomes a draft and is
 * marked seen; one that is not a usable e-mail keeps its place in the mailbox with a keyword and the
 * reason in the audit log, so nothing is lost and nothing is tried twice.
 */
export async function fetchImap(url: string, drafts: IntakeDrafts, db: Database, clock: Clock): Promise<ImapReport> {
  const o = parseImapUrl(url);
  const client = new ImapFlow({ host: o.host, port: o.port, secure: o.secure, auth: o.auth, logger: false });
  const report: ImapReport = { drafts: 0, duplicates: 0, refused: 0 };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(o.mailbox);
    try {
      const unseen = await client.search({ seen: false, unKeyword: REFUSED_KEYWORD }, { uid: true });
      for (const uid of unseen || []) {
        const msg = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
        if (!msg || !msg.source) continue;
        try {
          // The mailbox's own arrival time (INTERNALDATE), not the sender's Date: header.
          const arrived = msg.internalDate ? new Date(msg.internalDate) : undefined;
          const { created } = await drafts.receive(msg.source, 'imap', 'system', arrived);
          report[created ? 'drafts' : 'duplicates'] += 1;
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          report.refused += 1;
          await client.messageFlagsAdd(String(uid), [REFUSED_KEYWORD], { uid: true });
          const now = clock.now();
          await db.transaction((tx) => appendAudit(tx, db, [{ at: now, actor: 'system', type: 'intake.imap_refused', data: { mailbox: o.mailbox, uid, reason: err.details[0]?.message ?? err.message } }]));
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
  return report;
}
