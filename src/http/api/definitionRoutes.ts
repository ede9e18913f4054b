import { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { actorOf, requireRole } from '../auth/middleware.js';
import type { HttpContext } from '../context.js';

const DefinitionVersion = z.object({ id: z.string(), key: z.string(), version: z.number(), hash: z.string(), name: z.string().nullable(), deployedBy: z.string(), deployedAt: z.string(), note: z.string().nullable() });
const Deployed = z.object({ key: z.string(), version: z.number(), hash: z.string(), warnings: z.array(z.object({ path: z.string(), message: z.string() })) });

export function definitionRoutes({ system, docs }: HttpContext): Router {
  const r = Router();
  docs.add({ method: 'get', path: '/definitions', tag: 'definitions', summary: 'Process definitions with their versions', responses: { 200: { description: 'Definitions', schema: z.object({ items: z.array(z.object({ key: z.string(), versions: z.array(DefinitionVersion) })) }) } } });
  r.get('/definitions', requireRole('legal', 'dpo', 'auditor', 'admin'), async (_req, res) => {
    const rows = await system.definitions.list();
    const byKey = new Map<string, z.infer<typeof DefinitionVersion>[]>();
    for (const d of rows) {
      const list = byKey.get(d.key) ?? [];
      list.push({ id: d.id, key: d.key, version: d.version, hash: d.hash, name: d.name, deployedBy: d.deployedBy, deployedAt: d.deployedAt.toISOString(), note: d.note });
      byKey.set(d.key, list);
    }
    res.json({ items: [...byKey].map(([key, versions]) => ({ key, versions })) });
  });

  docs.add({ method: 'post', path: '/definitions', tag: 'definitions', roles: ['legal'], summary: 'Deploy a BPMN diagram as a new version (unchanged: 200, same version)', body: z.string().describe('BPMN 2.0 XML'), bodyMediaType: 'application/xml', responses: { 201: { description: 'New version', schema: Deployed }, 200: { description: 'Unchanged diagram, same version', schema: Deployed } } });
  r.post('/definitions', requireRole('legal'), async (req, res) => {
    if (typeof req.body !== 'string' || req.body.trim() === '') {
      throw new ValidationError('send the BPMN XML as the body with Content-Type: application/xml', [{ path: 'body', message: 'BPMN 2.0 XML is required' }]);
    }
    const note = typeof req.query.note === 'string' ? req.query.note.slice(0, 1000) : null;
    const d = await system.definitions.deploy(req.body, actorOf(req), note);
    res.status(d.created ? 201 : 200).json({ key: d.key, version: d.version, hash: d.hash, warnings: d.warnings });
  });
  return r;
}
