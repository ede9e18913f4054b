import { EntitySchema } from 'typeorm';

export type LetterKind = 'acknowledgement' | 'remedy_request' | 'dismissal' | 'extension_notice' | 'decision' | 'clarification_answer' | 'recipient_notification';

/** A rendered letter, stored immutably with the hash of its HTML and the template version used (X4). */
export interface LetterRow {
  id: string;
  requestId: string;
  kind: LetterKind;
  channel: 'email' | 'post';
  documentNumber: string;
  recipient: string;
  subjectLine: string;
  html: string;
  sha256: string;
  templateVersion: string;
  idempotencyKey: string;
  createdAt: Date;
  createdBy: string;
  sentAt: Date | null;
  /** E-mail letters: outbox (no SMTP configured), queued, sending, sent; post letters: print. */
  mailStatus: MailStatus;
  messageId: string | null;
  mailError: string | null;
  /** Paper letters: when it was printed, and the day it was handed to the post. */
  printedAt: Date | null;
  postedOn: string | null;
}

export type MailStatus = 'print' | 'outbox' | 'queued' | 'sending' | 'sent';

export const LetterEntity = new EntitySchema<LetterRow>({
  name: 'Letter',
  tableName: 'letter',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    requestId: { type: 'varchar', length: 36, name: 'request_id' },
    kind: { type: 'varchar', length: 40 },
    channel: { type: 'varchar', length: 20 },
    documentNumber: { type: 'varchar', length: 60, name: 'document_number' },
    recipient: { type: 'varchar', length: 300 },
    subjectLine: { type: 'varchar', length: 300, name: 'subject_line' },
    html: { type: 'text' },
    sha256: { type: 'varchar', length: 64 },
    templateVersion: { type: 'varchar', length: 64, name: 'template_version' },
    idempotencyKey: { type: 'varchar', length: 250, name: 'idempotency_key', unique: true },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    createdBy: { type: 'varchar', length: 100, name: 'created_by' },
    sentAt: { type: 'datetime', name: 'sent_at', precision: 3, nullable: true },
    mailStatus: { type: 'varchar', length: 20, name: 'mail_status' },
    messageId: { type: 'varchar', length: 250, name: 'message_id', nullable: true },
    mailError: { type: 'text', name: 'mail_error', nullable: true },
    printedAt: { type: 'datetime', name: 'printed_at', precision: 3, nullable: true },
    postedOn: { type: 'varchar', length: 10, name: 'posted_on', nullable: true },
  },
  indices: [{ name: 'ix_letter_request', columns: ['requestId'] }],
});
