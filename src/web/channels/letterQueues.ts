import { IsNull, Not } from 'typeorm';
import { toLocalDate } from '../../domain/localDate.js';
import { DsrRequestEntity, LetterEntity } from '../../persistence/entities/index.js';
import { listQueue, type QueuedLetter } from '../../requests/letterQueue.js';
import { readRequest } from '../../requests/model.js';
import type { RequestDeps } from '../../requests/context.js';
import { LETTER_LABELS } from '../cases/labels.js';
import { MAIL_STATUS_LABELS, mailErrorText } from './labels.js';

/** A posted decision whose return receipt has not come back yet (the delivery starts the person's time limits). */
export interface AwaitingDelivery {
  id: string; requestId: string; caseNumber: string; person: string; documentNumber: string; postedOn: string; createdAt: string;
}

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
 * Decision letters on paper that were posted and whose case has no delivery date yet: the clerk enters
 * the day on the return receipt (vročilnica). Never the outcome: the print queue shows documents, not decisions.
 */
export async function awaitingDelivery(deps: RequestDeps): Promise<AwaitingDelivery[]> {
  return deps.db.read(async (m) => {
    const letters = await m.getRepository(LetterEntity).find({
      where: { kind: 'decision', channel: 'post', postedOn: Not(IsNull()) },
      select: { id: true, requestId: true, documentNumber: true, postedOn: true, createdAt: true },
      order: { createdAt: 'ASC' }, take: 1000,
    });
    const ids = [...new Set(letters.map((l) => l.requestId))];
    if (!ids.length) return [];
    const requests = await m.getRepository(DsrRequestEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).getMany();
    const waiting = new Map(requests.map(readRequest)
      .filter((r) => r.row.status === 'decided' && r.decision !== null && !r.deadlines.deliveredOn)
      .map((r) => [r.row.id, r] as const));
    // Only the newest posted decision of a case waits for its receipt.
    const newest = new Map<string, (typeof letters)[number]>();
    for (const l of letters) if (waiting.has(l.requestId)) newest.set(l.requestId, l);
    return [...newest.values()].map((l) => {
      const r = waiting.get(l.requestId)!;
      return {
        id: l.id, requestId: l.requestId, caseNumber: r.row.caseNumber, person: `${r.subject.firstName} ${r.subject.lastName}`,
        documentNumber: l.documentNumber, postedOn: l.postedOn!, createdAt: l.createdAt.toISOString(),
      };
    });
  });
}

/** The earliest day a letter may have been posted (the day it was written), for the date field's min. */
export const writtenOn = (iso: string) => toLocalDate(new Date(iso));
