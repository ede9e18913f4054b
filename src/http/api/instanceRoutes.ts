import type { Router } from 'express';
import { z } from 'zod';
import { ConflictError } from '../../errors.js';
import { ProcessInstanceEntity } from '../../persistence/entities/index.js';
import { rolesFor } from '../../permissions.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';
import { instanceView, InstanceViewSchema } from './instanceView.js';

const StartInstance = z.object({
  key: z.string().min(1).max(100),
  businessKey: z.string().max(100).optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
});

/** The process of a data-subject request: started only by registering the request (POST /requests). */
const REQUEST_PROCESS = 'dsrRequest';

/** The unique index on running instances' business keys refused a second one (a start at the same moment). */
function isRunningKeyClash(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string; driverError?: { code?: string; errno?: number; message?: string } } | null;
  const code = e?.code ?? e?.driverError?.code;
  const message = `${e?.message ?? ''} ${e?.driverError?.message ?? ''}`;
  return (code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.driverError?.errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE') && /running_key/.test(message);
}

/** Generic process instances: for processes that are not data-subject requests, and for operations. */
export function instanceRoutes({ system, docs, guard }: HttpContext): Router {
  const on = guardedRouter(guard);
  docs.add({
    method: 'post', path: '/process-instances', tag: 'processes', roles: [...rolesFor('instances.start')],
    summary: 'Start an instance of the newest version of a process (not the request process: POST /requests starts that)', body: StartInstance,
    responses: { 201: { description: 'Started', schema: InstanceViewSchema }, 404: { description: 'No such process' }, 409: { description: 'An instance with this business key is running already (one per case), or the process is the request process' } },
  });
  on.post('/process-instances', 'instances.start', async (req, res) => {
    const input = parseInput(StartInstance, req.body);
    const businessKey = input.businessKey ?? null;
    // Issue 10 #6: a second request process on a case would issue its letters again.
    if (input.key === REQUEST_PROCESS) throw new ConflictError(`the process "${REQUEST_PROCESS}" is started by registering a request (POST /api/v1/requests)`, 'request_process');
    try {
      const step = await system.host.start(input.key, {
        actor: actorOf(req), businessKey, variables: input.variables,
        beforeStep: async (tx) => {
          if (businessKey === null) return;
          const running = await tx.getRepository(ProcessInstanceEntity).findOneBy({ businessKey, status: 'running' });
          if (running) throw new ConflictError(`process instance ${running.id} (${running.definitionKey}) is running for the business key "${businessKey}" already`, 'instance_running');
        },
      });
      res.status(201).json(await instanceView(system, step.instance.id));
    } catch (err) {
      if (isRunningKeyClash(err)) throw new ConflictError(`a process instance is running for the business key "${businessKey}" already`, 'instance_running', { cause: err });
      throw err;
    }
  });
  docs.add({ method: 'get', path: '/process-instances/:id', tag: 'processes', roles: [...rolesFor('instances.read')], summary: 'A process instance and its open tasks', responses: { 200: { description: 'Instance', schema: InstanceViewSchema }, 404: { description: 'No such instance' } } });
  on.get('/process-instances/:id', 'instances.read', async (req, res) => {
    res.json(await instanceView(system, String(req.params.id)));
  });
  return on.router;
}
