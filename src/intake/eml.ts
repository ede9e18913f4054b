import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { ValidationError } from '../errors.js';
import { MAILBOXES } from '../domain/directory.js';
import { truncateCodePoints, wellFormed } from '../domain/text.js';

export interface ParsedEmail {
  mailbox: string | null;
  senderEmail: string;
  senderName: string | null;
  subject: string;
  /** The sender's `Date:` header, as claimed (the sender writes it; it is not when we got the message). */
  claimedAt: Date | null;
  messageId: string | null;
  text: string;
  attachments: { filename: string; contentType: string; size: number; sha256: string }[];
  signature: { kind: 'smime' | 'pgp'; note: string } | null;
}

const MAX_BYTES = 25 * 1024 * 1024;
const refuse = (message: string) => new ValidationError(`not a usable e-mail: ${message}`, [{ path: 'eml', message }]);
const addresses = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value);

/**
 * An e-mail as it arrived (RFC 5322), read into what a registration needs: who sent it, to which of our
 * mailboxes, what it claims as its date, its text and its files, and whether it is signed (N7.2: a signature matters for
 * identity). A message that cannot be a request — no sender, no content — is refused with the reason.
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  if (raw.length === 0) throw refuse('Datoteka je prazna.');
  if (raw.length > MAX_BYTES) throw refuse('Sporočilo je večje od 25 MB.');
  if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(raw.subarray(0, 4096).toString('latin1'))) throw refuse('Datoteka nima glave e-poštnega sporočila (npr. From:, Date:).');
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true });
  } catch (err) {
    throw refuse(`Sporočila ni mogoče prebrati: ${(err as Error).message}`);
  }
  const from = addresses(mail.from)[0];
  if (!from?.address) throw refuse('Manjka pošiljatelj (glava From).');
  const text = (mail.text ?? '').trim();
  const files = mail.attachments.filter((a) => !isSignaturePart(a.contentType));
  if (!text && files.length === 0) throw refuse('Sporočilo nima ne besedila ne prilog.');
  const recipients = [...addresses(mail.to), ...addresses(mail.cc)].map((a) => a.address?.toLowerCase() ?? '');
  const ours = MAILBOXES.find((m) => recipients.includes(m.toLowerCase())) ?? null;
  return {
    mailbox: ours,
    senderEmail: clip(from.address, 200),
    senderName: clip(from.name?.trim() ?? '', 200) || null,
    subject: clip(mail.subject ?? '', 500),
    claimedAt: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    messageId: mail.messageId ? clip(mail.messageId, 250) : null,
    text,
    attachments: files.map((a) => ({ filename: a.filename ?? 'priloga', contentType: a.contentType, size: a.size, sha256: createHash('sha256').update(a.content).digest('hex') })),
    signature: signatureOf(mail),
  };
}

/** Headers fit their columns in characters as MariaDB counts them (code points), never split within an emoji. */
const clip = (s: string, max: number): string => truncateCodePoints(wellFormed(s), max);

const isSignaturePart = (type: string) => /^application\/(x-)?pkcs7-signature$|^application\/pgp-signature$/i.test(type);

function signatureOf(mail: ParsedMail): ParsedEmail['signature'] {
  const types = mail.attachments.map((a) => a.contentType.toLowerCase());
  const header = String(mail.headers.get('content-type') instanceof Object ? (mail.headers.get('content-type') as { value?: string; params?: Record<string, string> }).params?.protocol ?? '' : '');
  if (types.some((t) => t.includes('pkcs7-signature') || t.includes('pkcs7-mime')) || header.includes('pkcs7')) {
    return { kind: 'smime', note: 'Sporočilo je podpisano s S/MIME. Ali je podpis kvalificiran, preveri referent (7. člen).' };
  }
  if (types.includes('application/pgp-signature') || header.includes('pgp')) {
    return { kind: 'pgp', note: 'Sporočilo je podpisano s PGP; to ni kvalificiran elektronski podpis.' };
  }
  return null;
}
