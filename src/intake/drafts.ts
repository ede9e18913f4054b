import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RequestInput } from '../requests/schemas.js';
import type { RequestService } from '../requests/service.js';
import type { RequestView } from '../requests/view.js';
import type { Database } from '../persistence/database.js';
import type { Clock } from '../engine/clock.js';
import { appendAudit } from '../persistence/audit.js';
import { IntakeDraftEntity, type IntakeDraftRow } from '../persistence/entities/index.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { parseEmail, type ParsedEmail } from './eml.js';

export interface DraftView {
  id: string;
  source: 'eml' | 'imap';
  status: IntakeDraftRow['status'];
  mailbox: string | null;
  sender: { email: string; name: string | null };
  subject: string;
  /** When our server got the message (upload, or the mailbox's arrival time): the request's receipt. */
  receivedAt: string;
  /** The sender's `Date:` header, as the sender claims it; shown, never used as the receipt. */
  claimedAt: string | null;
  messageId: string | null;
  text: string;
  attachments: ParsedEmail['attachments'];
  signature: ParsedEmail['signature'];
  requestId: string | null;
  /** What a registration from this e-mail would start with; the clerk completes and confirms it. */
  proposal: Record<string, unknown>;
}

/** A draft in a list: what a list shows, without the message's text, its proposal or its raw bytes. */
export type DraftSummary = Omit<DraftView, 'text' | 'proposal'>;

/**
 * The columns a list reads (issue 10 #8): never `raw` (the whole message with its attachments, up to
 * 25 MB each) nor `text`; a list of a few hundred drafts reads kilobytes, not the mailbox.
 */
export const DRAFT_LIST_COLUMNS = {
  id: true, source: true, status: true, mailbox: true, senderEmail: true, senderName: true, subject: true,
  receivedAt: true, claimedAt: true, messageId: true, attachments: true, signature: true, requestId: true,
} as const satisfies Partial<Record<keyof IntakeDraftRow, true>>;

type ListedRow = Pick<IntakeDraftRow, keyof typeof DRAFT_LIST_COLUMNS>;

export function draftSummary(d: ListedRow): DraftSummary {
  return {
    id: d.id, source: d.source, status: d.status, mailbox: d.mailbox, sender: { email: d.senderEmail, name: d.senderName },
    subject: d.subject, receivedAt: d.receivedAt.toISOString(), claimedAt: d.claimedAt?.toISOString() ?? null, messageId: d.messageId,
    attachments: JSON.parse(d.attachments) as ParsedEmail['attachments'],
    signature: d.signature ? (JSON.parse(d.signature) as ParsedEmail['signature']) : null, requestId: d.requestId,
  };
}

/** A claimed date the database can hold (DATETIME: years 1000–9999); a sender may write any year. */
const validInstant = (d: Date | null): Date | null => (d && d.getUTCFullYear() >= 1000 && d.getUTCFullYear() <= 9999 ? d : null);

export function draftView(d: IntakeDraftRow): DraftView {
  const [firstName, ...rest] = (d.senderName ?? '').split(/\s+/).filter(Boolean);
  const signature = d.signature ? (JSON.parse(d.signature) as ParsedEmail['signature']) : null;
  return {
    id: d.id, source: d.source, status: d.status, mailbox: d.mailbox, sender: { email: d.senderEmail, name: d.senderName },
    subject: d.subject, receivedAt: d.receivedAt.toISOString(), claimedAt: d.claimedAt?.toISOString() ?? null, messageId: d.messageId, text: d.text,
    attachments: JSON.parse(d.attachments) as ParsedEmail['attachments'], signature, requestId: d.requestId,
    proposal: {
      channel: 'email', receivedAt: d.receivedAt.toISOString(), mailbox: d.mailbox ?? undefined,
      subject: { firstName: firstName ?? '', lastName: rest.join(' '), email: d.senderEmail },
      measures: d.text.slice(0, 10_000), rights: [],
      // A signature is only noted: whether it is qualified the clerk checks before saying so (N7.2).
      identityEvidence: { qualifiedSignature: false, idDocumentSeen: false },
    },
  };
}

/** E-mail intake (issue 6): an arrived message becomes a draft registration that a clerk confirms. */
export class IntakeDrafts {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /**
   * Parse and keep a message; the same Message-ID twice gives the draft made the first time. Its receipt
   * is when our server got it: now (an upload), or `arrivedAt` (the mailbox's INTERNALDATE, when the IMAP
   * server gives one and it is not in the future). The sender's `Date:` is kept as claimed only: the
   * sender writes it and could date a request back or forward at will.
   */
  async receive(raw: Buffer, source: 'eml' | 'imap', actor: string, arrivedAt?: Date): Promise<{ draft: DraftView; created: boolean }> {
    const parsed = await parseEmail(raw);
    const now = this.clock.now();
    const receivedAt = arrivedAt && !Number.isNaN(arrivedAt.getTime()) && arrivedAt <= now ? arrivedAt : now;
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(IntakeDraftEntity);
      if (parsed.messageId) {
        const seen = await repo.findOneBy({ messageId: parsed.messageId });
        if (seen) return { draft: draftView(seen), created: false };
      }
      // raw as latin1: byte for byte, so 8-bit messages in any charset come back exactly.
      const row: IntakeDraftRow = {
        id: randomUUID(), source, mailbox: parsed.mailbox, senderEmail: parsed.senderEmail, senderName: parsed.senderName,
        subject: parsed.subject, receivedAt, claimedAt: validInstant(parsed.claimedAt), messageId: parsed.messageId, text: parsed.text,
        attachments: JSON.stringify(parsed.attachments), signature: parsed.signature ? JSON.stringify(parsed.signature) : null,
        raw: raw.toString('latin1'), status: 'draft', requestId: null, createdBy: actor, createdAt: now,
      };
      await repo.insert(row);
      await appendAudit(tx, this.db, [{ at: now, actor, type: 'intake.email_received', data: { draftId: row.id, source, mailbox: row.mailbox, attachments: parsed.attachments.length, signed: parsed.signature?.kind ?? null } }]);
      return { draft: draftView(row), created: true };
    });
  }

  /** The drafts of a status, oldest first; each one's text and proposal come with get(). */
  async list(status: IntakeDraftRow['status'] = 'draft'): Promise<DraftSummary[]> {
    const rows = await this.db.read((m) => m.getRepository(IntakeDraftEntity).find({ select: DRAFT_LIST_COLUMNS, where: { status }, order: { receivedAt: 'ASC' } }));
    return rows.map(draftSummary);
  }

  async get(id: string): Promise<DraftView> {
    return draftView(await this.row(id));
  }

  /** The message as it arrived, for download (its attachments are in it). */
  async raw(id: string): Promise<Buffer> {
    return Buffer.from((await this.row(id)).raw, 'latin1');
  }

  /** Register the request an e-mail draft holds, in one transaction with closing the draft. */
  async register(id: string, input: RequestInput, requests: RequestService, actor: string): Promise<RequestView> {
    await this.open(id);
    return requests.register(input, actor, (tx, requestId) => this.closeIn(tx, id, 'registered', requestId, actor));
  }

  async discard(id: string, actor: string): Promise<void> {
    await this.db.transaction((tx) => this.closeIn(tx, id, 'discarded', null, actor));
  }

  /** Checks that a draft can still be registered (before the registration starts). */
  async open(id: string): Promise<DraftView> {
    const d = await this.row(id);
    if (d.status !== 'draft') throw new ConflictError(`intake draft ${id} is already ${d.status}`, 'draft_closed');
    return draftView(d);
  }

  private async closeIn(tx: EntityManager, id: string, status: 'registered' | 'discarded', requestId: string | null, actor: string): Promise<void> {
    const res = await tx.getRepository(IntakeDraftEntity).update({ id, status: 'draft' }, { status, requestId });
    if (res.affected !== 1) throw new ConflictError(`intake draft ${id} is no longer a draft`, 'draft_closed');
    await appendAudit(tx, this.db, [{ at: this.clock.now(), actor, type: `intake.draft_${status}`, subjectId: requestId, data: { draftId: id } }]);
  }

  private async row(id: string): Promise<IntakeDraftRow> {
    const d = await this.db.read((m) => m.getRepository(IntakeDraftEntity).findOneBy({ id }));
    if (!d) throw new NotFoundError(`intake draft ${id} does not exist`);
    return d;
  }
}
