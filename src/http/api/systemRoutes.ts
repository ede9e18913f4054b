import type { Router } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors.js';
import { appendAudit, verifyAudit } from '../../persistence/audit.js';
import { listIncidents, retryIncident } from '../../engine/jobWorker.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const ClockBody = z.object({ now: z.iso.datetime({ offset: true, message: 'an ISO 8601 instant with offset, e.g. 2026-03-02T10:15:00+01:00' }) });
const Incident = z.object({ id: z.string(), kind: z.string(), instanceId: z.string().nullable(), elementId: z.string().nullable(), attempts: z.number(), lastError: z.string().nullable(), dueAt: z.string() });
const Verification = z.object({ ok: z.boolean(), events: z.number(), firstBrokenSeq: z.number().optional() });

export function systemRoutes({ system, config, docs, guard }: HttpContext): Router {
  const on = guardedRouter(guard);

  docs.add({ method: 'put', path: '/clock', tag: 'system', roles: [...rolesFor('clock.set')], summary: 'Set the server time (only with DSR_FAKE_CLOCK=1) and fire every timer then due', body: ClockBody, responses: { 200: { description: 'The new time and the jobs run', schema: z.object({ now: z.string(), fired: z.number(), failed: z.number(), incidents: z.number() }) }, 404: { description: 'No fake clock' }, 409: { description: 'The clock cannot go back' } } });
  // Without the fake clock the route does not exist at all (docs/api.md: "Otherwise 404"), for every role.
  if (config.fakeClock && system.fakeClock) on.put('/clock', 'clock.set', async (req, res) => {
    const { now } = parseInput(ClockBody, req.body);
    const to = new Date(now);
    const fake = system.fakeClock!;
    if (to.getTime() < fake.now().getTime()) {
      throw new ValidationError('the clock cannot go back in time', [{ path: 'now', message: `must not be before ${fake.now().toISOString()}` }]);
    }
    fake.set(to);
    await system.db.transaction((tx) => appendAudit(tx, system.db, [{ at: to, actor: actorOf(req), type: 'clock.set', data: { now } }]));
    const report = await system.worker.runDue();
    res.json({ now: fake.now().toISOString(), ...report });
  });

  docs.add({ method: 'get', path: '/incidents', tag: 'system', roles: [...rolesFor('incidents.manage')], summary: 'Jobs that failed after their last retry', responses: { 200: { description: 'Incidents', schema: z.object({ items: z.array(Incident) }) } } });
  on.get('/incidents', 'incidents.manage', async (_req, res) => {
    const jobs = await listIncidents(system.db);
    res.json({ items: jobs.map((j) => ({ id: j.id, kind: j.kind, instanceId: j.instanceId, elementId: j.elementId, attempts: j.attempts, lastError: j.lastError, dueAt: new Date(j.dueAt).toISOString() })) });
  });

  docs.add({ method: 'post', path: '/incidents/:id/retry', tag: 'system', roles: [...rolesFor('incidents.manage')], summary: 'Retry an incident now', responses: { 200: { description: 'Retried', schema: z.object({ id: z.string(), status: z.string() }) }, 404: { description: 'No such incident' } } });
  on.post('/incidents/:id/retry', 'incidents.manage', async (req, res) => {
    const job = await retryIncident(system.db, system.clock, String(req.params.id), actorOf(req));
    if (!job) throw new NotFoundError(`incident ${req.params.id} does not exist`);
    await system.worker.runDue();
    res.json({ id: job.id, status: 'retried' });
  });

  docs.add({ method: 'get', path: '/audit/verify', tag: 'audit', roles: [...rolesFor('audit.verify')], summary: 'Recompute the audit hash chain', responses: { 200: { description: 'Result', schema: Verification } } });
  on.get('/audit/verify', 'audit.verify', async (_req, res) => {
    res.json(await verifyAudit(system.db));
  });
  return on.router;
}
