import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { toLocalDate } from '../domain/localDate.js';
import { appendAudit } from '../persistence/audit.js';
import { DsrRequestEntity, LetterEntity, type LetterRow } from '../persistence/entities/index.js';
import type { RequestDeps } from './context.js';
import { byIssue } from './letterOrder.js';

export type Queue = 'print' | 'outbox';

export interface QueuedLetter {
  id: string; requestId: string; caseNumber: string; person: string; kind: string; channel: string; documentNumber: string;
  recipient: string; createdAt: string; printedAt: string | null; postedOn: string | null; mailStatus: string; mailError: string | null;
}

/**
 * The two queues of letters waiting for a person: paper letters to print and post (post and in-person
 * requests), and e-mail letters waiting in the outbox (no SMTP configured, or a send that failed).
 */
export async function listQueue(deps: RequestDeps, queue: Queue): Promise<QueuedLetter[]> {
  return deps.db.read(async (m) => {
    const qb = m.getRepository(LetterEntity).createQueryBuilder('l')
      .select(['l.id', 'l.requestId', 'l.kind', 'l.channel', 'l.documentNumber', 'l.recipient', 'l.createdAt', 'l.printedAt', 'l.postedOn', 'l.mailStatus', 'l.mailError']);
    if (queue === 'print') qb.where('l.channel = :post AND l.postedOn IS NULL', { post: 'post' });
    else qb.where('l.mailStatus IN (:...waiting)', { waiting: ['outbox', 'queued'] });
    const letters = (await qb.orderBy('l.createdAt', 'ASC').take(1000).getMany()).sort(byIssue);
    const ids = [...new Set(letters.map((l) => l.requestId))];
    const requests = ids.length ? await m.getRepository(DsrRequestEntity).createQueryBuilder('r').select(['r.id', 'r.caseNumber', 'r.subjectName']).where('r.id IN (:...ids)', { ids }).getMany() : [];
    const byId = new Map(requests.map((r) => [r.id, r]));
    return letters.map((l) => ({
      id: l.id, requestId: l.requestId, caseNumber: byId.get(l.requestId)?.caseNumber ?? '', person: byId.get(l.requestId)?.subjectName ?? '',
      kind: l.kind, channel: l.channel, documentNumber: l.documentNumber, recipient: l.recipient, createdAt: l.createdAt.toISOString(),
      printedAt: l.printedAt?.toISOString() ?? null, postedOn: l.postedOn, mailStatus: l.mailStatus, mailError: l.mailError,
    }));
  });
}

/** A paper letter was printed (it may be printed again; the first time counts). */
export async function markPrinted(deps: RequestDeps, letterId: string, actor: string): Promise<LetterRow> {
  return changePaperLetter(deps, letterId, actor, (l) => (l.printedAt ? {} : { printedAt: deps.clock.now() }), 'letter.printed', {});
}

/** A paper letter was handed to the post on this day (the person's time limits count from its delivery). */
export async function markPosted(deps: RequestDeps, letterId: string, postedOn: string, actor: string): Promise<LetterRow> {
  return changePaperLetter(deps, letterId, actor, (l) => {
    if (l.postedOn) throw new ConflictError(`letter ${l.documentNumber} was posted on ${l.postedOn}`, 'already_posted');
    if (postedOn > toLocalDate(deps.clock.now())) throw new ValidationError('posted in the future', [{ path: 'postedOn', message: 'datum oddaje je v prihodnosti' }]);
    if (postedOn < toLocalDate(l.createdAt)) throw new ValidationError('posted before it was written', [{ path: 'postedOn', message: `pismo je bilo pripravljeno ${toLocalDate(l.createdAt)}` }]);
    return { postedOn, sentAt: l.sentAt ?? deps.clock.now(), printedAt: l.printedAt ?? deps.clock.now() };
  }, 'letter.posted', { postedOn });
}

async function changePaperLetter(
  deps: RequestDeps, letterId: string, actor: string, change: (l: LetterRow) => Partial<LetterRow>, type: string, data: Record<string, unknown>,
): Promise<LetterRow> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const repo = tx.getRepository(LetterEntity);
    const letter = await repo.findOneBy({ id: letterId });
    if (!letter) throw new NotFoundError(`letter ${letterId} does not exist`);
    if (letter.channel !== 'post') throw new ConflictError(`letter ${letter.documentNumber} goes by e-mail, not on paper`, 'not_paper');
    const patch = change(letter);
    if (Object.keys(patch).length) {
      await repo.update({ id: letterId }, patch);
      await appendAudit(tx, deps.db, [{ at: now, actor, type, subjectId: letter.requestId, data: { letterId, documentNumber: letter.documentNumber, kind: letter.kind, ...data } }]);
    }
    return { ...letter, ...patch };
  });
}
