import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth/middleware.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';
import { instanceView, InstanceViewSchema } from './instanceView.js';

const StartInstance = z.object({
  key: z.string().min(1).max(100),
  businessKey: z.string().max(100).optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
});

/** Generic process instances: for processes that are not data-subject requests, and for operations. */
export function instanceRoutes({ system, docs }: HttpContext): Router {
  const r = Router();
  docs.add({ method: 'post', path: '/process-instances', tag: 'processes', roles: ['admin', 'dpo'], summary: 'Start an instance of the newest version of a process', body: StartInstance, responses: { 201: { description: 'Started', schema: InstanceViewSchema }, 404: { description: 'No such process' } } });
  r.post('/process-instances', requireRole('admin', 'dpo'), async (req, res) => {
    const input = parseInput(StartInstance, req.body);
    const step = await system.host.start(input.key, { actor: actorOf(req), businessKey: input.businessKey ?? null, variables: input.variables });
    res.status(201).json(await instanceView(system, step.instance.id));
  });
  docs.add({ method: 'get', path: '/process-instances/:id', tag: 'processes', summary: 'A process instance and its open tasks', responses: { 200: { description: 'Instance', schema: InstanceViewSchema }, 404: { description: 'No such instance' } } });
  r.get('/process-instances/:id', requireRole('admin', 'dpo', 'auditor', 'legal'), async (req, res) => {
    res.json(await instanceView(system, String(req.params.id)));
  });
  return r;
}
