import path from 'node:path';
import type { Request, Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { formsFolder, type CheckOptions } from '../../engine/definitions.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import type { HttpContext } from '../context.js';

const DefinitionVersion = z.object({ id: z.string(), key: z.string(), version: z.number(), hash: z.string(), name: z.string().nullable(), deployedBy: z.string(), deployedAt: z.string(), note: z.string().nullable(), running: z.number().describe('Running instances on this version') });
const Issue = z.object({ path: z.string(), message: z.string() });
const Deployed = z.object({ key: z.string(), version: z.number(), hash: z.string(), warnings: z.array(Issue) });
const Checked = z.object({ key: z.string(), unchangedVersion: z.number().nullable().describe('The newest version, when the diagram is its content (deploying would make no new version)'), warnings: z.array(Issue) });

export function definitionRoutes({ system, docs, guard }: HttpContext): Router {
  const on = guardedRouter(guard);
  const forms = formsFolder(path.join(system.projectRoot, 'views', 'forms'));
  /** `?forms=required`: every user task must also have its form in views/forms (what the modeler's save checks). */
  const optionsOf = (req: Request): CheckOptions => (req.query.forms === 'required' ? { forms } : {});
  const xmlOf = (req: Request): string => {
    if (typeof req.body !== 'string' || req.body.trim() === '') {
      throw new ValidationError('send the BPMN XML as the body with Content-Type: application/xml', [{ path: 'body', message: 'BPMN 2.0 XML is required' }]);
    }
    return req.body;
  };
  docs.add({ method: 'get', path: '/definitions', tag: 'definitions', roles: [...rolesFor('definitions.read')], summary: 'Process definitions with their versions', responses: { 200: { description: 'Definitions', schema: z.object({ items: z.array(z.object({ key: z.string(), versions: z.array(DefinitionVersion) })) }) } } });
  on.get('/definitions', 'definitions.read', async (_req, res) => {
    const [rows, running] = await Promise.all([system.definitions.list(), system.definitions.runningCounts()]);
    const byKey = new Map<string, z.infer<typeof DefinitionVersion>[]>();
    for (const d of rows) {
      const list = byKey.get(d.key) ?? [];
      list.push({ id: d.id, key: d.key, version: d.version, hash: d.hash, name: d.name, deployedBy: d.deployedBy, deployedAt: d.deployedAt.toISOString(), note: d.note, running: running.get(d.id) ?? 0 });
      byKey.set(d.key, list);
    }
    res.json({ items: [...byKey].map(([key, versions]) => ({ key, versions })) });
  });

  docs.add({ method: 'post', path: '/definitions', tag: 'definitions', roles: [...rolesFor('definitions.deploy')], summary: 'Deploy a BPMN diagram as a new version (unchanged: 200, same version)', body: z.string().describe('BPMN 2.0 XML'), bodyMediaType: 'application/xml', responses: { 201: { description: 'New version', schema: Deployed }, 200: { description: 'Unchanged diagram, same version', schema: Deployed } } });
  on.post('/definitions', 'definitions.deploy', async (req, res) => {
    const xml = xmlOf(req);
    const note = typeof req.query.note === 'string' ? req.query.note.slice(0, 1000) : null;
    const d = await system.definitions.deploy(xml, actorOf(req), note, optionsOf(req));
    res.status(d.created ? 201 : 200).json({ key: d.key, version: d.version, hash: d.hash, warnings: d.warnings });
  });

  docs.add({ method: 'post', path: '/definitions/check', tag: 'definitions', roles: [...rolesFor('definitions.deploy')], summary: 'Validate a BPMN diagram without deploying it (the rules of deploy; ?forms=required adds: every user task has its form)', body: z.string().describe('BPMN 2.0 XML'), bodyMediaType: 'application/xml', responses: { 200: { description: 'Deployable', schema: Checked } } });
  on.post('/definitions/check', 'definitions.deploy', async (req, res) => {
    const xml = xmlOf(req);
    const { diagram, warnings } = await system.definitions.check(xml, optionsOf(req));
    const key = diagram.meta.processId;
    res.json({ key, unchangedVersion: await system.definitions.unchangedVersion(key, xml), warnings });
  });
  return on.router;
}
