import { randomUUID } from 'node:crypto';
import { SUBJECT_LINES } from '../letters/subjectLines.js';
import type { EntityManager } from 'typeorm';
import { formatSlovenian, toLocalDate } from '../domain/localDate.js';
import { LetterEntity, type LetterKind, type LetterRow } from '../persistence/entities/index.js';
import { caseUpnReference, documentNumber } from './caseNumbers.js';
import { GROUND_LABELS, OUTCOME_LABELS, RIGHT_LABELS, type Request } from './model.js';
import type { RequestDeps } from './context.js';
import { queueLetterMail } from './letterMail.js';


const CHANNEL_TEXT: Record<string, string> = { post: 'poslano po pošti', in_person: 'vloženo osebno', email: 'poslano po elektronski pošti' };
const fmt = (d: string | undefined) => (d ? formatSlovenian(d) : '');

/**
 * Render a letter of a request and store it immutably (X4), in the step's transaction. A letter is
 * answered the way the request came (N10.1, N11.1): see answerChannel. The idempotency key makes a retried step write the letter once.
 */
export async function issueLetter(
  tx: EntityManager, deps: RequestDeps, r: Request, kind: LetterKind, extra: Record<string, unknown>, actor: string, now: Date, idempotencyKey: string,
): Promise<LetterRow> {
  const repo = tx.getRepository(LetterEntity);
  const existing = await repo.findOneBy({ idempotencyKey });
  if (existing) return existing;
  const today = toLocalDate(now);
  const count = await repo.count({ where: { requestId: r.row.id } });
  const number = documentNumber(r.row.caseNumber, count + 2);
  const channel = answerChannel(r);
  const name = `${r.subject.firstName} ${r.subject.lastName}`;
  const d = r.deadlines;
  const model = {
    kind, caseNumber: r.row.caseNumber, documentNumber: number, dateText: formatSlovenian(today), subjectLine: `${SUBJECT_LINES[kind]} — zadeva ${r.row.caseNumber}`,
    recipient: { name, address: r.subject.address ?? '', email: channel === 'email' ? r.subject.email : '' },
    subjectName: name,
    rightsText: r.rights.length ? r.rights.map((x) => RIGHT_LABELS[x]).join('; ') : 'pravica ni navedena',
    receivedText: formatSlovenian(r.row.receivedOn), filedText: formatSlovenian(r.row.filedOn), channelText: CHANNEL_TEXT[r.row.channel],
    decisionDueText: fmt(d.decisionDue), remedyDueText: fmt(d.remedyDue), remedyRequestSentText: fmt(d.remedyRequestSentOn),
    // N6.2: the remedy time limit ran from the person's receipt of the request for remedy.
    remedyRequestDeliveredText: fmt(d.remedyRequestDeliveredOn),
    originalDueText: fmt(d.originalDecisionDue), missing: r.flags.missing ?? [],
    outcomeText: r.decision ? OUTCOME_LABELS[r.decision.outcome] : '', refused: r.decision?.outcome === 'refused' || r.decision?.outcome === 'partially_granted',
    reasoning: r.decision?.reasoning ?? '', groundsText: (r.decision?.grounds ?? []).map((g) => GROUND_LABELS[g] ?? g),
    feeText: r.decision && r.decision.fee > 0 ? `Za posredovanje zaračunavamo pristojbino ${r.decision.fee.toFixed(2).replace('.', ',')} EUR (16. člen Navodila). Pri plačilu navedite referenco ${caseUpnReference(r.row.year, r.row.seq)}.` : '',
    extension: r.extension ? { ...r.extension, monthsText: r.extension.months === 1 ? 'en mesec' : 'dva meseca' } : null,
    clarificationReceivedText: fmt(r.flags.clarificationReceivedOn), answer: r.flags.clarificationAnswer ?? '',
    signatory: 'Pooblaščena oseba za varstvo osebnih podatkov',
    ...extra,
  };
  const rendered = deps.letters.render(kind, model);
  const row: LetterRow = {
    id: randomUUID(), requestId: r.row.id, kind, channel, documentNumber: number, recipient: channel === 'email' ? r.subject.email! : `${name}, ${r.subject.address ?? ''}`,
    subjectLine: model.subjectLine, html: rendered.html, sha256: rendered.sha256, templateVersion: rendered.templateVersion,
    idempotencyKey, createdAt: now, createdBy: actor, sentAt: null,
    mailStatus: channel === 'post' ? 'print' : deps.mailEnabled ? 'queued' : 'outbox', messageId: null, mailError: null, printedAt: null, postedOn: null,
  };
  await repo.insert(row);
  if (row.mailStatus === 'queued') await queueLetterMail(tx, row.id, now);
  return row;
}

/**
 * N10.1/N11.1: paper is answered on paper, e-mail by e-mail, unless the person gave another contact
 * address (answerBy); an e-mail request without an address to answer to can only be answered on paper.
 */
export function answerChannel(r: Request): 'email' | 'post' {
  const wanted = r.flags.answerBy ?? (r.row.channel === 'email' ? 'email' : 'post');
  return wanted === 'email' && r.subject.email ? 'email' : 'post';
}
