import type { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { IntakeDrafts } from '../../intake/drafts.js';
import type { RequestService } from '../../requests/service.js';
import { RequestInputSchema } from '../../requests/schemas.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import { logAccess } from '../../requests/accessLog.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const DraftSchema = z.object({
  id: z.string(), status: z.enum(['draft', 'registered', 'discarded']), mailbox: z.string().nullable(),
  sender: z.object({ email: z.string(), name: z.string().nullable() }), subject: z.string(), receivedAt: z.string(), text: z.string(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() })),
  signature: z.object({ kind: z.enum(['smime', 'pgp']), note: z.string() }).nullable(), requestId: z.string().nullable(), proposal: z.record(z.string(), z.unknown()),
}).loose();
/** A draft in the list: without its text and proposal (GET /intake/drafts/:id has them). */
const DraftSummarySchema = DraftSchema.omit({ text: true, proposal: true });
const StatusQuery = z.object({ status: z.enum(['draft', 'registered', 'discarded']).default('draft') });

/** E-mail intake (issue 6): a message as it arrived becomes a draft that a clerk confirms as a registration. */
export function intakeRoutes({ system, docs, guard }: HttpContext, drafts: IntakeDrafts, requests: RequestService): Router {
  const on = guardedRouter(guard);
  const roles = [...rolesFor('intake.email')];
  /** An e-mail names its sender: reading it is logged under its case, or the draft until it is one (issue 10 #4). */
  const logRead = (actor: string, type: string, list: { id: string; requestId: string | null }[], data: Record<string, unknown>) =>
    logAccess(system.db, system.clock.now(), { actor, type, requestIds: list.map((d) => d.requestId ?? d.id), data: { via: 'api', ...data } });
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);

  docs.add({ method: 'post', path: '/intake/emails', tag: 'intake', roles, summary: 'An e-mail as it arrived (Content-Type: message/rfc822, the .eml file) becomes a draft registration', responses: { 201: { description: 'The new draft', schema: DraftSchema }, 200: { description: 'This message (same Message-ID) was received before: its draft' }, 422: { description: 'Not a usable e-mail; the reason is in details[0].message' } } });
  on.post('/intake/emails', 'intake.email', async (req, res) => {
    if (!Buffer.isBuffer(req.body)) throw new ValidationError('send the .eml file as the body with Content-Type: message/rfc822', [{ path: 'eml', message: 'Pošljite datoteko .eml z vrsto vsebine message/rfc822.' }]);
    const { draft, created } = await drafts.receive(req.body, 'eml', actorOf(req));
    res.status(created ? 201 : 200).json(draft);
  });

  docs.add({ method: 'get', path: '/intake/drafts', tag: 'intake', roles, summary: 'E-mails waiting to be registered (or, by status, those registered or discarded)', query: StatusQuery, responses: { 200: { description: 'Drafts (without their text and proposal: GET /intake/drafts/{id} has them)', schema: z.object({ items: z.array(DraftSummarySchema) }) } } });
  on.get('/intake/drafts', 'intake.email', async (req, res) => {
    const q = parseInput(StatusQuery, req.query, 'query');
    const items = await drafts.list(q.status);
    await logRead(actorOf(req), 'intake.drafts_listed', items, { status: q.status, draftIds: items.map((d) => d.id) });
    res.json({ items });
  });

  docs.add({ method: 'get', path: '/intake/drafts/:id', tag: 'intake', roles, summary: 'One draft with its proposal for the registration', responses: { 200: { description: 'Draft', schema: DraftSchema }, 404: { description: 'No such draft' } } });
  on.get('/intake/drafts/:id', 'intake.email', async (req, res) => {
    const draft = await drafts.get(id(req));
    await logRead(actorOf(req), 'intake.draft_viewed', [draft], { draftId: draft.id });
    res.json(draft);
  });

  docs.add({ method: 'get', path: '/intake/drafts/:id/raw', tag: 'intake', roles, summary: 'The message exactly as it arrived, with its attachments', responses: { 200: { description: 'message/rfc822', mediaType: 'message/rfc822', schema: z.string() } } });
  on.get('/intake/drafts/:id/raw', 'intake.email', async (req, res) => {
    const draft = await drafts.get(id(req));
    const raw = await drafts.raw(id(req));
    await logRead(actorOf(req), 'intake.email_downloaded', [draft], { draftId: draft.id });
    res.type('message/rfc822').set('Content-Disposition', `attachment; filename="${id(req)}.eml"`).send(raw);
  });

  docs.add({ method: 'post', path: '/intake/drafts/:id/register', tag: 'intake', roles, summary: 'Register the request of a draft (the body is a full registration, usually the proposal completed by the clerk)', body: RequestInputSchema, responses: { 201: { description: 'The request view' }, 409: { description: 'The draft was registered or discarded already' } } });
  on.post('/intake/drafts/:id/register', 'intake.email', async (req, res) => {
    const input = parseInput(RequestInputSchema, req.body);
    res.status(201).json(await drafts.register(id(req), input, requests, actorOf(req)));
  });

  docs.add({ method: 'post', path: '/intake/drafts/:id/discard', tag: 'intake', roles, summary: 'Not a request (spam, misdirected): the draft is closed and kept', responses: { 200: { description: 'Discarded' }, 409: { description: 'Already closed' } } });
  on.post('/intake/drafts/:id/discard', 'intake.email', async (req, res) => {
    await drafts.discard(id(req), actorOf(req));
    res.json(await drafts.get(id(req)));
  });
  return on.router;
}
