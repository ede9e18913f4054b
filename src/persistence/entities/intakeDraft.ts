import { EntitySchema } from 'typeorm';

/** An e-mail that arrived (an .eml dropped by a clerk, or fetched from a mailbox), waiting to be registered. */
export interface IntakeDraftRow {
  id: string;
  source: 'eml' | 'imap';
  /** Our mailbox it was addressed to, when one of ours is among the recipients. */
  mailbox: string | null;
  senderEmail: string;
  senderName: string | null;
  subject: string;
  /** When our server got it: the upload, or the mailbox's own arrival time (IMAP INTERNALDATE). */
  receivedAt: Date;
  /** The sender's `Date:` header: what the sender claims, shown as such, never a receipt time. */
  claimedAt: Date | null;
  messageId: string | null;
  text: string;
  /** JSON: [{ filename, contentType, size, sha256 }] — the files themselves stay in `raw`. */
  attachments: string;
  /** JSON: { kind: 'smime' | 'pgp', note } or null: a signature the identity rules should know of. */
  signature: string | null;
  /** The message exactly as it arrived, its bytes as latin1 characters (one each), so nothing is lost. */
  raw: string;
  status: 'draft' | 'registered' | 'discarded';
  requestId: string | null;
  createdBy: string;
  createdAt: Date;
}

export const IntakeDraftEntity = new EntitySchema<IntakeDraftRow>({
  name: 'IntakeDraft',
  tableName: 'intake_draft',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    source: { type: 'varchar', length: 10 },
    mailbox: { type: 'varchar', length: 100, nullable: true },
    senderEmail: { type: 'varchar', length: 200, name: 'sender_email' },
    senderName: { type: 'varchar', length: 200, name: 'sender_name', nullable: true },
    subject: { type: 'varchar', length: 500 },
    receivedAt: { type: 'datetime', name: 'received_at', precision: 3 },
    claimedAt: { type: 'datetime', name: 'claimed_at', precision: 3, nullable: true },
    messageId: { type: 'varchar', length: 250, name: 'message_id', nullable: true, unique: true },
    text: { type: 'text' },
    attachments: { type: 'text' },
    signature: { type: 'text', nullable: true },
    raw: { type: 'text' },
    status: { type: 'varchar', length: 20 },
    requestId: { type: 'varchar', length: 36, name: 'request_id', nullable: true },
    createdBy: { type: 'varchar', length: 100, name: 'created_by' },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
  },
  indices: [{ name: 'ix_intake_draft_status', columns: ['status'] }],
});
