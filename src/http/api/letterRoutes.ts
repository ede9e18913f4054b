import type { Router } from 'express';
import { z } from 'zod';
import { listQueue, markPosted, markPrinted } from '../../requests/letterQueue.js';
import { localDate } from '../../requests/schemas.js';
import type { RequestService } from '../../requests/service.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import { logAccess } from '../../requests/accessLog.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const QueueQuery = z.object({ queue: z.enum(['print', 'outbox']) });
const PostedBody = z.object({ postedOn: localDate });
const LetterState = z.object({ id: z.string(), documentNumber: z.string(), printedAt: z.string().nullable(), postedOn: z.string().nullable() }).loose();

/** The print queue of paper letters and the e-mail outbox (X4). */
export function letterRoutes({ docs, guard }: HttpContext, requests: RequestService): Router {
  const on = guardedRouter(guard);
  const roles = [...rolesFor('letters.queue')];
  const state = (l: { id: string; documentNumber: string; printedAt: Date | null; postedOn: string | null; sentAt: Date | null }) => ({
    id: l.id, documentNumber: l.documentNumber, printedAt: l.printedAt?.toISOString() ?? null, postedOn: l.postedOn, sentAt: l.sentAt?.toISOString() ?? null,
  });

  docs.add({ method: 'get', path: '/letters', tag: 'letters', roles, query: QueueQuery, summary: 'Letters waiting for a person: `print` (paper letters not yet posted) or `outbox` (e-mail letters not yet sent)', responses: { 200: { description: 'Letters', schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) } } });
  on.get('/letters', 'letters.queue', async (req, res) => {
    const q = parseInput(QueueQuery, req.query, 'query');
    const items = await listQueue(requests.deps, q.queue);
    // Each letter names its person: the cases of the queue are read (issue 10 #4).
    await logAccess(requests.deps.db, requests.deps.clock.now(), { actor: actorOf(req), type: 'letters.listed', requestIds: items.map((l) => l.requestId), data: { via: 'api', queue: q.queue, letters: items.length } });
    res.json({ items });
  });

  docs.add({ method: 'post', path: '/letters/:letterId/printed', tag: 'letters', roles, summary: 'A paper letter was printed', responses: { 200: { description: 'The letter', schema: LetterState }, 409: { description: 'Not a paper letter' } } });
  on.post('/letters/:letterId/printed', 'letters.queue', async (req, res) => {
    res.json(state(await markPrinted(requests.deps, String(req.params.letterId), actorOf(req))));
  });

  docs.add({ method: 'post', path: '/letters/:letterId/posted', tag: 'letters', roles, body: PostedBody, summary: 'A paper letter was handed to the post on this day', responses: { 200: { description: 'The letter', schema: LetterState }, 409: { description: 'Not a paper letter, or posted already' } } });
  on.post('/letters/:letterId/posted', 'letters.queue', async (req, res) => {
    const body = parseInput(PostedBody, req.body);
    res.json(state(await markPosted(requests.deps, String(req.params.letterId), body.postedOn, actorOf(req))));
  });
  return on.router;
}
