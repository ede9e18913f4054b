import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { In } from 'typeorm';
import { NotFoundError, ValidationError } from '../../errors.js';
import { migrate, planMigration, type MigrationPlan, type MigrationResult, type WaitingAt } from '../../engine/migrate.js';
import { DsrRequestEntity } from '../../persistence/entities/index.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';

interface VersionOption {
  version: number;
  running: number;
  newest: boolean;
}

type Errors = Partial<Record<'fromVersion' | 'toVersion', string>>;

/** Results of "Premakni" kept for the page after the 303 (per user, the last few only). */
const RESULT_KEEP = 50;

const KIND_LABELS: Record<WaitingAt['kind'], string> = { userTask: 'opravilo', timer: 'časovnik', message: 'sporočilo', other: 'čakanje' };

/**
 * Issue 7 item 2 on the web: `/modeler/migrate?key=…` lets legal staff move running instances of a process
 * from one version to another. "Preveri" shows the plan (what can move, what cannot and why), "Premakni"
 * moves them through the engine's migration (each move audited there) and shows what moved, what is
 * blocked and what changed meanwhile.
 */
export function migrationPages(ctx: WebContext): Router {
  const r = Router();
  const legal = allowPage(ctx, 'definitions.migrate');
  const { system } = ctx;
  const deps = { db: system.db, clock: system.clock, definitions: system.definitions, handlers: system.handlers };
  const results = new Map<string, { owner: string; result: MigrationResult }>();

  async function versionsOf(key: string): Promise<VersionOption[]> {
    const [rows, running] = await Promise.all([system.definitions.list(), system.definitions.runningCounts()]);
    const own = rows.filter((d) => d.key === key).sort((a, b) => b.version - a.version);
    if (!own.length) throw new NotFoundError(`no process definition with key "${key}" is deployed`);
    return own.map((d, i) => ({ version: d.version, running: running.get(d.id) ?? 0, newest: i === 0 }));
  }

  const keyOf = (v: unknown): string => {
    if (typeof v !== 'string' || !v.trim()) throw new NotFoundError('no process key given');
    return v.trim();
  };

  /** Request ids among the business keys: those become links to the request. */
  async function requestIds(keys: (string | null)[]): Promise<Set<string>> {
    const ids = [...new Set(keys.filter((k): k is string => !!k && k.length <= 36))];
    if (!ids.length) return new Set();
    const rows = await system.db.read((m) => m.getRepository(DsrRequestEntity).find({ where: { id: In(ids) }, select: { id: true } }));
    return new Set(rows.map((x) => x.id));
  }

  const waiting = (list: WaitingAt[]) => list.map((w) => ({ ...w, kindLabel: KIND_LABELS[w.kind] }));
  const who = (requests: Set<string>) => (i: { instanceId: string; businessKey: string | null }) => ({
    instanceId: i.instanceId, businessKey: i.businessKey,
    requestUrl: i.businessKey && requests.has(i.businessKey) ? `/requests/${encodeURIComponent(i.businessKey)}` : null,
  });

  async function planView(plan: MigrationPlan) {
    const link = who(await requestIds([...plan.movable, ...plan.blocked, ...plan.conflicts].map((i) => i.businessKey)));
    return {
      warnings: plan.warnings,
      movable: plan.movable.map((i) => ({ ...link(i), waitingAt: waiting(i.waitingAt), notes: i.notes })),
      blocked: plan.blocked.map((i) => ({ ...link(i), waitingAt: waiting(i.waitingAt), missing: i.missing })),
      conflicts: plan.conflicts.map((i) => ({ ...link(i), reason: i.reason })),
    };
  }

  async function resultView(result: MigrationResult) {
    const link = who(await requestIds([...result.moved, ...result.blocked, ...result.conflicts].map((i) => i.businessKey)));
    return {
      fromVersion: result.fromVersion, toVersion: result.toVersion, warnings: result.warnings,
      moved: result.moved.map((i) => ({ ...link(i), waitingAt: waiting(i.waitingAt), notes: i.notes })),
      blocked: result.blocked.map((i) => ({ ...link(i), waitingAt: waiting(i.waitingAt), missing: i.missing })),
      conflicts: result.conflicts.map((i) => ({ ...link(i), reason: i.reason })),
    };
  }

  function show(req: Request, res: Response, status: number, key: string, versions: VersionOption[], from: number | null, to: number | null, extra: Record<string, unknown>) {
    const errors = (extra.errors ?? {}) as Errors;
    res.status(status).send(ctx.pages.page('modeler/migrate', pageModel(req, {
      title: 'Premik primerov na drugo različico',
      key,
      versions,
      fromOptions: versions.map((v) => ({ ...v, selected: v.version === from })),
      toOptions: versions.map((v) => ({ ...v, selected: v.version === to })),
      errors,
      hasErrors: Object.keys(errors).length > 0,
      ...extra,
    })));
  }

  r.get('/modeler/migrate', legal, async (req, res) => {
    const key = keyOf(req.query.key);
    const versions = await versionsOf(key);
    const newest = versions[0]!;
    const older = versions.filter((v) => !v.newest);
    const from = [...older].reverse().find((v) => v.running > 0) ?? older[0] ?? null;
    let result = null;
    let resultGone = false;
    if (typeof req.query.result === 'string') {
      const kept = results.get(req.query.result);
      if (kept && kept.owner === req.webUser!.username && kept.result.key === key) result = await resultView(kept.result);
      else resultGone = true;
    }
    show(req, res, 200, key, versions, result?.fromVersion ?? from?.version ?? null, result?.toVersion ?? newest.version, { result, resultGone });
  });

  r.post('/modeler/migrate', legal, async (req, res) => {
    const key = keyOf(req.body?.key ?? req.query.key);
    const versions = await versionsOf(key);
    const known = new Set(versions.map((v) => v.version));
    const num = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : null);
    const from = num(req.body?.fromVersion);
    const to = num(req.body?.toVersion);
    const errors: Errors = {};
    if (from === null) errors.fromVersion = 'Izberite izvorno različico.';
    else if (!known.has(from)) errors.fromVersion = `Različica ${from} ne obstaja.`;
    if (to === null) errors.toVersion = 'Izberite ciljno različico.';
    else if (!known.has(to)) errors.toVersion = `Različica ${to} ne obstaja.`;
    else if (from !== null && from === to) errors.toVersion = 'Ciljna različica mora biti drugačna od izvorne.';
    if (Object.keys(errors).length) return show(req, res, 422, key, versions, from, to, { errors });
    const dryRun = req.body?.dryRun !== undefined && req.body.dryRun !== 'false';
    try {
      if (dryRun) {
        const plan = await planMigration(deps, key, from!, to!);
        return show(req, res, 200, key, versions, from, to, { plan: await planView(plan), planned: { fromVersion: from, toVersion: to } });
      }
      const result = await migrate(deps, key, from!, to!, { actor: req.webUser!.username });
      const id = randomUUID();
      results.set(id, { owner: req.webUser!.username, result });
      while (results.size > RESULT_KEEP) results.delete(results.keys().next().value!);
      res.redirect(303, `/modeler/migrate?key=${encodeURIComponent(key)}&result=${id}`);
    } catch (err) {
      // The versions changed meanwhile or the service refuses them: the message goes next to its field.
      if (!(err instanceof ValidationError || err instanceof NotFoundError) || !err.details.length) throw err;
      const fieldErrors: Errors = {};
      for (const d of err.details) {
        const field = d.path === 'fromVersion' ? 'fromVersion' : 'toVersion';
        fieldErrors[field] ??= d.message.charAt(0).toUpperCase() + d.message.slice(1) + '.';
      }
      show(req, res, 422, key, versions, from, to, { errors: fieldErrors });
    }
  });

  return r;
}
