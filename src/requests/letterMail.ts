import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NeedsPersonError, type OutboundEffect } from '../engine/jobWorker.js';
import { appendAudit } from '../persistence/audit.js';
import { JobEntity, LetterEntity, type JobRow, type LetterRow } from '../persistence/entities/index.js';
import { renderPdf } from '../letters/pdf.js';
import { sanitizeLetterHtml } from '../letters/sanitize.js';
import { htmlToText } from '../mail/text.js';
import type { Mailer } from '../mail/transport.js';
import type { RequestDeps } from './context.js';
import { queueEmailDelivery } from './emailDelivery.js';

export const SEND_LETTER_EFFECT = 'sendLetterMail';

/** Queue the sending of an e-mail letter, in the transaction that issued it: a job, at most one per letter. */
export async function queueLetterMail(tx: EntityManager, letterId: string, now: Date): Promise<void> {
  const job: JobRow = {
    id: randomUUID(), kind: 'effect', instanceId: null, elementId: null, executionId: null, handler: SEND_LETTER_EFFECT,
    payload: JSON.stringify({ letterId }), idempotencyKey: `mail:${letterId}`, dueAt: now.getTime(),
    status: 'pending', attempts: 0, lockOwner: null, lockExpiresAt: null, lastError: null, createdAt: now, version: 1,
  };
  await tx.createQueryBuilder().insert().into(JobEntity).values(job).orIgnore().execute();
}

/** At start with SMTP configured: what waited in the outbox is queued now. */
export async function queueOutbox(deps: RequestDeps): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const waiting = await tx.getRepository(LetterEntity).find({ where: { mailStatus: 'outbox' }, select: { id: true } });
    for (const l of waiting) {
      await tx.getRepository(LetterEntity).update({ id: l.id, mailStatus: 'outbox' }, { mailStatus: 'queued' });
      await queueLetterMail(tx, l.id, now);
    }
    return waiting.length;
  });
}

interface Prepared { letter: LetterRow }

/** A stable Message-ID per letter: a resent copy would be recognisable as the same message. */
const messageIdOf = (letter: LetterRow, from: string) => `<${letter.id}@${from.split('@')[1] ?? 'zzzs.si'}>`;

/**
 * Sends one letter by e-mail (X4, N11.1): HTML body, plain-text part, the PDF attached, from MAIL_FROM.
 * At most once: a letter found "sending" on a later attempt was perhaps sent already, so it is not
 * sent again; after the retries it is an incident for a person to check against the mail server's log.
 */
export function letterMailEffect(deps: RequestDeps, mailer: Mailer, from: string): OutboundEffect<Prepared, { messageId: string; response: string }> {
  return {
    outbound: true,
    async prepare(job, tx) {
      const { letterId } = JSON.parse(job.payload ?? '{}') as { letterId: string };
      const letter = await tx.getRepository(LetterEntity).findOneBy({ id: letterId });
      if (!letter || letter.mailStatus === 'sent') return null;
      if (letter.mailStatus === 'sending') {
        throw new NeedsPersonError(`letter ${letter.documentNumber} may already have been sent (an earlier attempt stopped midway); check the mail server's log for ${messageIdOf(letter, from)} before sending it again`);
      }
      await tx.getRepository(LetterEntity).update({ id: letter.id }, { mailStatus: 'sending' });
      return { letter };
    },
    async perform({ letter }) {
      const pdf = await renderPdf(letter.html);
      // Stored letters are sanitized when rendered; once more here, so that a letter stored before that
      // (or written into the table by hand) still reaches no mail reader with outside references (issue 10 #7).
      const html = sanitizeLetterHtml(letter.html);
      return mailer.send({
        from, to: letter.recipient, subject: letter.subjectLine, html, text: htmlToText(html), messageId: messageIdOf(letter, from),
        attachments: [{ filename: `${letter.documentNumber.replace(/[^0-9A-Za-z-]/g, '_')}.pdf`, content: pdf, contentType: 'application/pdf' }],
      });
    },
    async record(_job, { letter }, result, tx) {
      const now = deps.clock.now();
      await tx.getRepository(LetterEntity).update({ id: letter.id }, { mailStatus: 'sent', sentAt: now, messageId: result.messageId, mailError: null });
      await appendAudit(tx, deps.db, [{ at: now, actor: 'system', type: 'letter.sent', subjectId: letter.requestId, data: { letterId: letter.id, kind: letter.kind, documentNumber: letter.documentNumber, channel: 'email', messageId: result.messageId, smtp: result.response.slice(0, 200) } }]);
      // An e-mail counts as received when it is sent: the clocks that run from receipt start (N6.2, N12.1, N13.1).
      await queueEmailDelivery(tx, letter, now);
    },
    async release(_job, { letter }, error, tx) {
      const message = error instanceof Error ? error.message : String(error);
      await tx.getRepository(LetterEntity).update({ id: letter.id }, { mailStatus: 'queued', mailError: message.slice(0, 2000) });
    },
  };
}
