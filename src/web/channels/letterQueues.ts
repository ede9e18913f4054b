import { In, IsNull, Not } from 'typeorm';
import { toLocalDate } from '../../domain/localDate.js';
import { DsrRequestEntity, LetterEntity, type LetterKind } from '../../persistence/entities/index.js';
import { listQueue, type QueuedLetter } from '../../requests/letterQueue.js';
import { readRequest } from '../../requests/model.js';
import type { RequestDeps } from '../../requests/context.js';
import { LETTER_LABELS } from '../cases/labels.js';
import { MAIL_STATUS_LABELS, mailErrorText } from './labels.js';

/** A posted letter with a time limit whose return receipt has not come back yet (the delivery starts the person's time limits). */
export interface AwaitingDelivery {
  id: string; requestId: string; caseNumber: string; person: string; documentNumber: string; postedOn: string; createdAt: string; kind: string; kindLabel: string;
}

/** Letters whose time limits run from the person's receipt (issue 16 #8). */
const TIMED_KINDS: LetterKind[] = ['remedy_request', 'decision', 'dismissal', 'clarification_answer'];

const row = (l: QueuedLetter) => ({
  id: l.id, requestId: l.requestId, caseNumber: l.caseNumber, person: l.person, kind: l.kind, kindLabel: LETTER_LABELS[l.kind] ?? l.kind,
  documentNumber: l.documentNumber, recipient: l.recipient, createdAt: l.createdAt, printedAt: l.printedAt, postedOn: l.postedOn,
});

export async function printQueue(deps: RequestDeps) {
  return (await listQueue(deps, 'print')).map(row);
}

export async function outboxQueue(deps: RequestDeps) {
  return (await listQueue(deps, 'outbox')).map((l) => ({
    ...row(l), mailStatus: l.mailStatus, mailStatusLabel: MAIL_STATUS_LABELS[l.mailStatus] ?? l.mailStatus,
    mailError: l.mailError, mailErrorText: mailErrorText(l.mailError),
  }));
}

/**
 * Letters with a time limit (remedy request, decision, sklep, clarification answer) on paper that were posted
 * and whose receipt is not recorded yet: the clerk enters the day on the return receipt (vročilnica). Never
 * the outcome: the print queue shows documents, not decisions.
 */
export async function awaitingDelivery(deps: RequestDeps): Promise<AwaitingDelivery[]> {
  return deps.db.read(async (m) => {
    const letters = await m.getRepository(LetterEntity).find({
      where: { kind: In(TIMED_KINDS), channel: 'post', postedOn: Not(IsNull()) },
      select: { id: true, requestId: true, kind: true, documentNumber: true, postedOn: true, createdAt: true },
      order: { createdAt: 'ASC' }, take: 1000,
    });
    const ids = [...new Set(letters.map((l) => l.requestId))];
    if (!ids.length) return [];
    const requests = new Map((await m.getRepository(DsrRequestEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).getMany()).map(readRequest).map((r) => [r.row.id, r] as const));
    // Only the newest posted letter of each kind in a case runs a clock; one whose receipt is recorded waits no more.
    const newest = new Map<string, (typeof letters)[number]>();
    for (const l of letters) newest.set(`${l.requestId}:${l.kind}`, l);
    const waiting = (l: (typeof letters)[number]) => {
      const r = requests.get(l.requestId);
      return r !== undefined && !r.deadlines.deliveries?.[l.id] && !(l.kind === 'decision' && r.deadlines.deliveredOn);
    };
    return [...newest.values()].filter(waiting).map((l) => {
      const r = requests.get(l.requestId)!;
      return {
        id: l.id, requestId: l.requestId, caseNumber: r.row.caseNumber, person: `${r.subject.firstName} ${r.subject.lastName}`,
        documentNumber: l.documentNumber, postedOn: l.postedOn!, createdAt: l.createdAt.toISOString(), kind: l.kind, kindLabel: LETTER_LABELS[l.kind] ?? l.kind,
      };
    });
  });
}

/** The earliest day a letter may have been posted (the day it was written), for the date field's min. */
export const writtenOn = (iso: string) => toLocalDate(new Date(iso));
