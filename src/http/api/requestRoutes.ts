import type { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { LetterEntity } from '../../persistence/entities/index.js';
import type { RequestService } from '../../requests/service.js';
import { registerEntries, traceOf } from '../../requests/queries.js';
import { AppealSchema, AppealClosedSchema, ClarificationSchema, DeliverySchema, ExtensionSchema, FeePaymentSchema, RemedySchema, ReopenSchema, RequestInputSchema } from '../../requests/schemas.js';
import { recordFeePayment } from '../../requests/feePayment.js';
import type { Role } from '../../roles.js';
import { renderPdf } from '../../letters/pdf.js';
import { actorOf, guardedRouter, type Principal } from '../auth/middleware.js';
import { rolesFor, type Action } from '../../permissions.js';
import { caseKeys, caseLog, isAccessEvent, logAccess } from '../../requests/accessLog.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';
import { LETTER_CSP } from '../../letters/sanitize.js';

const STATUSES = ['registered', 'awaiting_remedy', 'in_review', 'decided', 'clarification', 'closed', 'dismissed'] as const;
const ListQuery = z.object({
  status: z.enum(STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const TraceQuery = z.object({
  log: z.enum(['steps', 'reads', 'all']).default('all').describe('steps (the process and procedure), reads (the access log) or all'),
  limit: z.coerce.number().int().min(1).max(5000).optional().describe('At most this many events (default: every one)'),
  offset: z.coerce.number().int().min(0).default(0),
});
const RegisterQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional(), format: z.enum(['json', 'csv']).optional() });
const RequestView = z.object({ id: z.string(), caseNumber: z.string(), status: z.enum(STATUSES), channel: z.string(), receivedAt: z.string(), filedOn: z.string(), rights: z.array(z.string()), deadlines: z.record(z.string(), z.string()), overdue: z.boolean() }).loose();

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  // Quote always; double inner quotes; neutralise spreadsheet formulas (CSV injection).
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export function requestRoutes({ system, docs, guard }: HttpContext, requests: RequestService): Router {
  const on = guardedRouter(guard);
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  const reader = (req: { principal?: Principal }) => req.principal!;
  const roles = (action: Action) => [...rolesFor(action)];
  const now = () => system.clock.now();

  docs.add({ method: 'post', path: '/requests', tag: 'requests', roles: roles('requests.register'), summary: 'Register an incoming request and start its process', body: RequestInputSchema, responses: { 201: { description: 'The request view', schema: RequestView } } });
  on.post('/requests', 'requests.register', async (req, res) => {
    const input = parseInput(RequestInputSchema, req.body);
    res.status(201).json(await requests.register(input, actorOf(req)));
  });

  docs.add({ method: 'get', path: '/requests', tag: 'requests', roles: roles('requests.list'), summary: 'Requests, newest first (the cases listed are logged as read)', query: ListQuery, responses: { 200: { description: 'Requests', schema: z.object({ items: z.array(RequestView), total: z.number() }) } } });
  on.get('/requests', 'requests.list', async (req, res) => {
    const q = parseInput(ListQuery, req.query, 'query');
    res.json(await requests.listLogged({ status: q.status, overdue: q.overdue === undefined ? undefined : q.overdue === 'true', limit: q.limit, offset: q.offset }, actorOf(req), { via: 'api' }));
  });

  docs.add({ method: 'get', path: '/requests/:id', tag: 'requests', roles: roles('requests.read'), summary: 'One request (the read is logged); a records owner reads only the cases of its open tasks', responses: { 200: { description: 'The request view', schema: RequestView }, 404: { description: 'No such request' } } });
  on.get('/requests/:id', 'requests.read', async (req, res) => {
    res.json(await requests.readCase(id(req), reader(req), req.originalUrl, { via: 'api' }));
  });

  /** `precheck`: state checks that come before the body is read (a 409 that no body could change). */
  const event = <T extends z.ZodType>(name: string, action: Action, schema: T, summary: string, run: (rid: string, body: z.infer<T>, actor: string, roles: readonly Role[]) => Promise<void>, precheck?: (rid: string) => Promise<void>) => {
    docs.add({ method: 'post', path: `/requests/:id/${name}`, tag: 'requests', roles: roles(action), summary, body: schema, responses: { 200: { description: 'The request view', schema: RequestView }, 409: { description: 'The state of the request does not allow it' } } });
    on.post(`/requests/:id/${name}`, action, async (req, res) => {
      await requests.view(id(req));
      await precheck?.(id(req));
      const body = parseInput(schema, req.body);
      await run(id(req), body, actorOf(req), req.principal?.roles ?? []);
      // The answer carries the case: it is a read like any other (issue 10 #4).
      res.json(await requests.viewLogged(id(req), actorOf(req), { via: 'api', after: name }));
    });
  };
  event('remedy', 'requests.remedy', RemedySchema, 'N6.3: the remedy arrived; the request counts as filed that day', (rid, b, a) => requests.events.remedy(rid, b, a));
  event('extension', 'requests.extension', ExtensionSchema, 'N8.2: extend the decision deadline by 1 or 2 months (the DPO; the notice must leave within the first month)', (rid, b, a, rs) => requests.events.extend(rid, b, a, rs), (rid) => requests.events.assertExtendable(rid));
  event('delivery', 'requests.delivery', DeliverySchema, 'The person received a letter with a time limit (the decision by default; or letterId: a remedy request, dismissal, clarification answer): its clocks start', (rid, b, a) => requests.events.delivery(rid, b, a));
  event('clarification', 'requests.clarification', ClarificationSchema, 'N12.1: a request for clarification arrived', (rid, b, a) => requests.events.clarification(rid, b, a));
  event('appeal', 'requests.appeal', AppealSchema, 'N13.1: an appeal was filed (against a decision or dismissal, or for silence after decisionDue)', (rid, b, a) => requests.events.appeal(rid, b, a));
  event('fee-payment', 'requests.feePayment', FeePaymentSchema, 'N16.1: the person paid (part of) the fee the decision announced (audited; 409 without a fee or when paid in full)', (rid, b, a) => recordFeePayment(requests.deps, rid, b, a));
  event('appeal-closed', 'requests.appealClosed', AppealClosedSchema, "N14.1: the appeal's outcome (the DPO); an overturned decision opens a task to comply, the legal hold stays until it is carried out", (rid, b, a, rs) => requests.events.appealClosed(rid, b, a, rs));
  event('reopen', 'requests.reopen', ReopenSchema, 'Reopen a dismissed case, with reasons (the DPO): the dismissal is set aside, the legal hold returns, the case starts again at the completeness check', (rid, b, a, rs) => requests.events.reopen(rid, b, a, rs));

  docs.add({ method: 'get', path: '/requests/:id/letters/:letterId', tag: 'letters', roles: roles('requests.read'), summary: 'A letter as HTML (Accept: text/html) or PDF (Accept: application/pdf); the read is logged', responses: { 200: { description: 'The letter', mediaType: 'text/html', schema: z.string() }, 404: { description: 'No such letter' } } });
  on.get('/requests/:id/letters/:letterId', 'requests.read', async (req, res) => {
    await requests.assertMayRead(id(req), reader(req), req.originalUrl);
    const letter = await system.db.read((m) => m.getRepository(LetterEntity).findOneBy({ id: String(req.params.letterId), requestId: id(req) }));
    if (!letter) throw new NotFoundError(`letter ${req.params.letterId} of request ${req.params.id} does not exist`);
    const pdf = req.accepts(['text/html', 'application/pdf']) === 'application/pdf';
    const body = pdf ? await renderPdf(letter.html) : null;
    await logAccess(system.db, now(), {
      actor: actorOf(req), type: 'letter.viewed', requestIds: [letter.requestId],
      data: { letterId: letter.id, kind: letter.kind, documentNumber: letter.documentNumber, download: false, format: pdf ? 'pdf' : 'html', via: 'api' },
    });
    res.set('X-Content-SHA256', letter.sha256);
    if (body) {
      res.type('application/pdf').set('Content-Disposition', `inline; filename="${letter.documentNumber.replace(/[^0-9A-Za-z-]/g, '_')}.pdf"`).send(body);
      return;
    }
    // The letter is a finished document: it runs no script and loads nothing from elsewhere (issue 10 #7).
    res.set('Content-Security-Policy', LETTER_CSP);
    res.type('text/html; charset=utf-8').send(letter.html);
  });

  docs.add({ method: 'get', path: '/requests/:id/trace', tag: 'audit', roles: roles('requests.trace'), query: TraceQuery, summary: 'Every event of the case (steps and reads; ?log=steps|reads, paged with limit and offset) and the elements visited', responses: { 200: { description: 'Trace', schema: z.object({ events: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), type: z.string(), elementId: z.string().optional(), data: z.unknown() })), visited: z.array(z.string()), total: z.number().describe('Events of the filter, all pages') }) } } });
  on.get('/requests/:id/trace', 'requests.trace', async (req, res) => {
    const q = parseInput(TraceQuery, req.query, 'query');
    const trace = await traceOf(system.db, system.definitions, id(req));
    const page = await system.db.read(async (m) => caseLog(m, await caseKeys(m, id(req), trace.process?.instanceId ?? null), { filter: q.log, order: 'asc', limit: q.limit, offset: q.offset }));
    // Reading a trace reads the case: it goes into the access log like any other view (ZVOP-2).
    await requests.viewLogged(id(req), actorOf(req), { via: 'api', page: 'trace' });
    res.json({
      ...trace,
      events: page.events.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actor: e.actor, type: e.type, ...(e.elementId ? { elementId: e.elementId } : {}), data: JSON.parse(e.data) as unknown, ...(isAccessEvent(e.type) ? { read: true } : {}) })),
      total: page.total,
    });
  });

  docs.add({ method: 'get', path: '/register', tag: 'register', roles: roles('register.read'), summary: 'N17.1: the register of requests (JSON, or ?format=csv); the cases listed are logged as read', query: RegisterQuery, responses: { 200: { description: 'Register', schema: z.object({ items: z.array(z.object({ seq: z.number(), receivedOn: z.string(), person: z.string().describe('who filed: the representative where one filed'), dataSubject: z.string().optional().describe('the data subject, where a representative filed'), types: z.array(z.string()), outcome: z.string().nullable(), decidedOn: z.string().nullable() }).loose()) }) } } });
  on.get('/register', 'register.read', async (req, res) => {
    const q = parseInput(RegisterQuery, req.query, 'query');
    const items = await registerEntries(system.db, q.from, q.to);
    const csv = q.format === 'csv';
    await logAccess(system.db, now(), {
      actor: actorOf(req), type: csv ? 'register.exported' : 'register.viewed', requestIds: items.map((i) => i.id),
      data: { via: 'api', filter: { from: q.from, to: q.to }, format: csv ? 'csv' : 'json', lines: items.length },
    });
    if (csv) {
      res.type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="register.csv"');
      // A BOM so that spreadsheet programs read č, š, ž right.
      res.write('\uFEFFseq,caseNumber,receivedOn,person,types,outcome,decidedOn,dataSubject,missedDeadlines\r\n');
      for (const i of items) res.write([i.seq, i.caseNumber, i.receivedOn, i.person, i.types, i.outcome, i.decidedOn, i.dataSubject, i.missedDeadlines.map((m) => `${m.deadline}:${m.due}`)].map(csvCell).join(',') + '\r\n');
      res.end();
      return;
    }
    res.json({ items });
  });
  return on.router;
}
