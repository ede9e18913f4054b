import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { LetterEntity } from '../../persistence/entities/index.js';
import type { RequestService } from '../../requests/service.js';
import { registerEntries, traceOf } from '../../requests/queries.js';
import { AppealSchema, AppealClosedSchema, ClarificationSchema, DeliverySchema, ExtensionSchema, FeePaymentSchema, RemedySchema, ReopenSchema, RequestInputSchema } from '../../requests/schemas.js';
import { recordFeePayment } from '../../requests/feePayment.js';
import type { Role } from '../../roles.js';
import { renderPdf } from '../../letters/pdf.js';
import { actorOf, requireRole } from '../auth/middleware.js';
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
const RegisterQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional(), format: z.enum(['json', 'csv']).optional() });
const RequestView = z.object({ id: z.string(), caseNumber: z.string(), status: z.enum(STATUSES), channel: z.string(), receivedAt: z.string(), filedOn: z.string(), rights: z.array(z.string()), deadlines: z.record(z.string(), z.string()), overdue: z.boolean() }).loose();

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  // Quote always; double inner quotes; neutralise spreadsheet formulas (CSV injection).
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export function requestRoutes({ system, docs }: HttpContext, requests: RequestService): Router {
  const r = Router();
  const intake = requireRole('clerk', 'dpo');
  const readers = requireRole('clerk', 'dpo', 'records_owner', 'auditor', 'admin');
  const dpo = requireRole('dpo');
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);

  docs.add({ method: 'post', path: '/requests', tag: 'requests', roles: ['clerk', 'dpo'], summary: 'Register an incoming request and start its process', body: RequestInputSchema, responses: { 201: { description: 'The request view', schema: RequestView } } });
  r.post('/requests', intake, async (req, res) => {
    const input = parseInput(RequestInputSchema, req.body);
    res.status(201).json(await requests.register(input, actorOf(req)));
  });

  docs.add({ method: 'get', path: '/requests', tag: 'requests', summary: 'Requests, newest first', query: ListQuery, responses: { 200: { description: 'Requests', schema: z.object({ items: z.array(RequestView), total: z.number() }) } } });
  r.get('/requests', readers, async (req, res) => {
    const q = parseInput(ListQuery, req.query, 'query');
    res.json(await requests.list({ status: q.status, overdue: q.overdue === undefined ? undefined : q.overdue === 'true', limit: q.limit, offset: q.offset }));
  });

  docs.add({ method: 'get', path: '/requests/:id', tag: 'requests', summary: 'One request (the read is logged)', responses: { 200: { description: 'The request view', schema: RequestView }, 404: { description: 'No such request' } } });
  r.get('/requests/:id', readers, async (req, res) => {
    res.json(await requests.viewLogged(id(req), actorOf(req)));
  });

  /** `precheck`: state checks that come before the body is read (a 409 that no body could change). */
  const event = <T extends z.ZodType>(name: string, schema: T, summary: string, run: (rid: string, body: z.infer<T>, actor: string, roles: readonly Role[]) => Promise<void>, roles: Role[] = ['clerk', 'dpo'], precheck?: (rid: string) => Promise<void>) => {
    docs.add({ method: 'post', path: `/requests/:id/${name}`, tag: 'requests', roles, summary, body: schema, responses: { 200: { description: 'The request view', schema: RequestView }, 409: { description: 'The state of the request does not allow it' } } });
    r.post(`/requests/:id/${name}`, requireRole(...roles), async (req, res) => {
      await requests.view(id(req));
      await precheck?.(id(req));
      const body = parseInput(schema, req.body);
      await run(id(req), body, actorOf(req), req.principal?.roles ?? []);
      res.json(await requests.view(id(req)));
    });
  };
  event('remedy', RemedySchema, 'N6.3: the remedy arrived; the request counts as filed that day', (rid, b, a) => requests.events.remedy(rid, b, a));
  event('extension', ExtensionSchema, 'N8.2: extend the decision deadline by 1 or 2 months (the DPO; the notice must leave within the first month)', (rid, b, a, roles) => requests.events.extend(rid, b, a, roles), ['dpo'], (rid) => requests.events.assertExtendable(rid));
  event('delivery', DeliverySchema, 'The person received a letter with a time limit (the decision by default; or letterId: a remedy request, dismissal, clarification answer): its clocks start', (rid, b, a) => requests.events.delivery(rid, b, a));
  event('clarification', ClarificationSchema, 'N12.1: a request for clarification arrived', (rid, b, a) => requests.events.clarification(rid, b, a));
  event('appeal', AppealSchema, 'N13.1: an appeal was filed', (rid, b, a) => requests.events.appeal(rid, b, a));
  event('fee-payment', FeePaymentSchema, 'N16.1: the person paid (part of) the fee the decision announced (audited; 409 without a fee or when paid in full)', (rid, b, a) => recordFeePayment(requests.deps, rid, b, a));
  event('appeal-closed', AppealClosedSchema, "N14.1: the appeal's outcome (the DPO); an overturned decision opens a task to comply, the legal hold stays until it is carried out", (rid, b, a, roles) => requests.events.appealClosed(rid, b, a, roles), ['dpo']);
  event('reopen', ReopenSchema, 'Reopen a dismissed case, with reasons (the DPO): the dismissal is set aside, the legal hold returns, the case starts again at the completeness check', (rid, b, a, roles) => requests.events.reopen(rid, b, a, roles), ['dpo']);

  docs.add({ method: 'get', path: '/requests/:id/letters/:letterId', tag: 'letters', summary: 'A letter as HTML (Accept: text/html) or PDF (Accept: application/pdf)', responses: { 200: { description: 'The letter', mediaType: 'text/html', schema: z.string() }, 404: { description: 'No such letter' } } });
  r.get('/requests/:id/letters/:letterId', readers, async (req, res) => {
    const letter = await system.db.read((m) => m.getRepository(LetterEntity).findOneBy({ id: String(req.params.letterId), requestId: id(req) }));
    if (!letter) throw new NotFoundError(`letter ${req.params.letterId} of request ${req.params.id} does not exist`);
    res.set('X-Content-SHA256', letter.sha256);
    if (req.accepts(['text/html', 'application/pdf']) === 'application/pdf') {
      const pdf = await renderPdf(letter.html);
      res.type('application/pdf').set('Content-Disposition', `inline; filename="${letter.documentNumber.replace(/[^0-9A-Za-z-]/g, '_')}.pdf"`).send(pdf);
      return;
    }
    // The letter is a finished document: it runs no script and loads nothing from elsewhere (issue 10 #7).
    res.set('Content-Security-Policy', LETTER_CSP);
    res.type('text/html; charset=utf-8').send(letter.html);
  });

  docs.add({ method: 'get', path: '/requests/:id/trace', tag: 'audit', roles: ['auditor', 'dpo', 'admin'], summary: 'Every event of the case and the elements visited', responses: { 200: { description: 'Trace', schema: z.object({ events: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), type: z.string(), elementId: z.string().optional(), data: z.unknown() })), visited: z.array(z.string()) }) } } });
  r.get('/requests/:id/trace', requireRole('auditor', 'dpo', 'admin'), async (req, res) => {
    const trace = await traceOf(system.db, system.definitions, id(req));
    // Reading a trace reads the case: it goes into the access log like any other view (ZVOP-2).
    await requests.viewLogged(id(req), actorOf(req));
    res.json(trace);
  });

  docs.add({ method: 'get', path: '/register', tag: 'register', summary: 'N17.1: the register of requests (JSON, or ?format=csv)', query: RegisterQuery, responses: { 200: { description: 'Register', schema: z.object({ items: z.array(z.object({ seq: z.number(), receivedOn: z.string(), person: z.string().describe('who filed: the representative where one filed'), dataSubject: z.string().optional().describe('the data subject, where a representative filed'), types: z.array(z.string()), outcome: z.string().nullable(), decidedOn: z.string().nullable() }).loose()) }) } } });
  r.get('/register', requireRole('dpo', 'auditor', 'admin'), async (req, res) => {
    const q = parseInput(RegisterQuery, req.query, 'query');
    const items = await registerEntries(system.db, q.from, q.to);
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="register.csv"');
      // A BOM so that spreadsheet programs read č, š, ž right.
      res.write('\uFEFFseq,caseNumber,receivedOn,person,types,outcome,decidedOn,dataSubject,missedDeadlines\r\n');
      for (const i of items) res.write([i.seq, i.caseNumber, i.receivedOn, i.person, i.types, i.outcome, i.decidedOn, i.dataSubject, i.missedDeadlines.map((m) => `${m.deadline}:${m.due}`)].map(csvCell).join(',') + '\r\n');
      res.end();
      return;
    }
    res.json({ items });
  });
  return r;
}
