import type { Router } from 'express';
import { z } from 'zod';
import { migrate, planMigration } from '../../engine/migrate.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const MigrationRequest = z.object({
  fromVersion: z.number().int().min(1).describe('The version the instances run on now'),
  toVersion: z.number().int().min(1).describe('The version to move them to: any other deployed version of the key (an older one is allowed and the answer warns)'),
  dryRun: z.boolean().describe('true: only list what would move and what cannot; false: move'),
  instanceIds: z.array(z.string().min(1).max(36)).min(1).max(1000).optional().describe('Only these instances (default: every running instance on fromVersion)'),
});

const WaitingAt = z.object({
  elementId: z.string(),
  kind: z.enum(['userTask', 'timer', 'message', 'other']),
  type: z.string(),
  name: z.string(),
  taskId: z.string().optional(),
  jobId: z.string().optional(),
  dueAt: z.string().optional().describe('Timer: when it fires; a migration keeps it'),
  messageName: z.string().optional(),
});
const TaskChange = z.object({ taskId: z.string(), key: z.string(), changes: z.record(z.string(), z.object({ from: z.string().nullable(), to: z.string().nullable() })) });
const Movable = z.object({ instanceId: z.string(), businessKey: z.string().nullable(), waitingAt: z.array(WaitingAt), notes: z.array(z.string()), tasks: z.array(TaskChange) });
const Blocked = z.object({ instanceId: z.string(), businessKey: z.string().nullable(), waitingAt: z.array(WaitingAt), missing: z.array(z.object({ elementId: z.string().nullable(), reason: z.string() })) });
const Conflicted = z.object({ instanceId: z.string(), businessKey: z.string().nullable(), reason: z.string() });
const Header = { key: z.string(), fromVersion: z.number(), toVersion: z.number(), warnings: z.array(z.string()), blocked: z.array(Blocked), conflicts: z.array(Conflicted) };
const Plan = z.object({ dryRun: z.literal(true), ...Header, movable: z.array(Movable) });
const Result = z.object({ dryRun: z.literal(false), ...Header, moved: z.array(Movable) });

/** Issue 7, item 2: move running instances of a process to another of its versions (legal staff; admin). */
export function migrationRoutes({ system, docs, guard }: HttpContext): Router {
  const on = guardedRouter(guard);
  const deps = { db: system.db, clock: system.clock, definitions: system.definitions, handlers: system.handlers };
  docs.add({
    method: 'post', path: '/definitions/:key/migrations', tag: 'definitions', roles: [...rolesFor('definitions.migrate')],
    summary: 'Move running instances that wait in user tasks, timers or message catches from one version to another (dry run: what would move, what cannot and why); each move is audited as instance.migrated',
    body: MigrationRequest,
    responses: {
      200: { description: 'The plan (dryRun: true) or what was moved, what is blocked, and what changed meanwhile (conflicts)', schema: z.union([Plan, Result]) },
      404: { description: 'No such process or version' },
    },
  });
  on.post('/definitions/:key/migrations', 'definitions.migrate', async (req, res) => {
    const input = parseInput(MigrationRequest, req.body);
    const key = String(req.params.key);
    if (input.dryRun) {
      res.json({ dryRun: true, ...(await planMigration(deps, key, input.fromVersion, input.toVersion, input.instanceIds)) });
    } else {
      res.json({ dryRun: false, ...(await migrate(deps, key, input.fromVersion, input.toVersion, { actor: actorOf(req), instanceIds: input.instanceIds })) });
    }
  });
  return on.router;
}
