import type { Request, Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { UnknownRuleSetError, type RuleService, type RuleSetEntry } from '../../rules/service.js';
import type { RuleSetVersionInfo, StoredRuleSet } from '../../rules/store.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const Meta = {
  version: z.string().describe('Version id: the first 16 hex digits of the content hash; stored explanations name it'),
  seq: z.number().nullable().describe('1, 2, 3… per rule set in the order of deployment'),
  author: z.string().nullable(),
  deployedAt: z.string().nullable(),
  note: z.string().nullable(),
};
const Condition = z.record(z.string(), z.unknown()).describe('json-rules-engine condition: { all: [...] }, { any: [...] }, { not: {...} } or { fact, operator, value }');
const RuleSetBody = z.object({
  name: z.string().describe('Must equal :name'),
  description: z.string(),
  factsSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the facts (type object, properties)'),
  rules: z.array(z.object({ name: z.string(), priority: z.number().int().optional(), conditions: Condition, event: z.object({ type: z.string(), params: z.record(z.string(), z.unknown()).optional() }) })),
  tests: z.array(z.object({ name: z.string(), facts: z.record(z.string(), z.unknown()), expectEvents: z.array(z.string()) })).describe('Saved test cases: all must pass for a deploy to be accepted'),
});
const RuleSetView = RuleSetBody.extend(Meta);
const Listed = z.object({ name: z.string(), description: z.string(), ...Meta });
const Version = z.object({ seq: z.number(), version: z.string(), author: z.string(), deployedAt: z.string(), note: z.string().nullable(), rollbackOf: z.number().nullable().describe('For a rollback: the seq it copies'), current: z.boolean() });
const Deployed = z.object({ name: z.string(), version: z.string(), seq: z.number() });
const RollbackBody = z.object({
  version: z.union([z.string().min(1), z.number().int().min(1)]).describe('The version id to return to (or its seq)'),
  note: z.string().max(1000).optional(),
});
const NoteQuery = z.object({ note: z.string().max(1000).optional().describe('The change note (or header x-change-note, UTF-8 percent-encoded)') });

/** Fields GET adds to a rule set; a GET answer posted back unchanged is accepted (they are ignored). */
const READ_ONLY = ['version', 'seq', 'author', 'deployedAt', 'note'];

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const metaOf = (e: Pick<RuleSetEntry, 'version' | 'seq' | 'author' | 'deployedAt' | 'note'>) => ({ version: e.version, seq: e.seq, author: e.author, deployedAt: iso(e.deployedAt), note: e.note });
const versionView = (v: RuleSetVersionInfo, currentSeq: number | null) => ({ seq: v.seq, version: v.version, author: v.author, deployedAt: v.deployedAt.toISOString(), note: v.note, rollbackOf: v.rollbackOf, current: v.seq === currentSeq });
const storedView = (s: StoredRuleSet) => ({ ...s.ruleSet, ...metaOf(s), rollbackOf: s.rollbackOf });

/** `x-change-note` may carry UTF-8 percent-encoded (HTTP headers are not UTF-8), or raw UTF-8 bytes read as Latin-1. */
export function changeNoteOf(req: Request): string | null {
  const q = parseInput(NoteQuery, { note: typeof req.query.note === 'string' ? req.query.note : undefined }, 'query').note;
  if (q?.trim()) return q.trim();
  const h = req.get('x-change-note');
  if (!h?.trim()) return null;
  let note = h.trim();
  if (/%[0-9a-f]{2}/i.test(note)) {
    try {
      note = decodeURIComponent(note);
    } catch { /* keep it as sent */ }
  } else if (/[\u0080-\u00ff]/.test(note)) {
    const utf8 = Buffer.from(note, 'latin1').toString('utf8');
    if (!utf8.includes('\uFFFD')) note = utf8;
  }
  return note.slice(0, 1000);
}

/** A version reference of a URL or body: a seq (digits) or a version id. */
const refOf = (raw: string | number): string | number => (typeof raw === 'number' ? raw : /^\d{1,9}$/.test(raw) ? Number(raw) : raw);

/**
 * Rule sets as versioned data (issue 7 item 3; docs/api.md "Deployments and incidents"): read by every signed-in
 * user (they are the law, not personal data), deployed and rolled back by `legal`.
 */
export function ruleSetRoutes({ system, docs, guard }: HttpContext, rules: RuleService = system.rules): Router {
  const on = guardedRouter(guard);
  // The files of rules/ are the seed; from here on the database holds the versions (idempotent).
  void rules.connect(system.db, () => system.clock.now()).catch(() => undefined);
  const nameOf = (req: Request) => String(req.params.name);
  const known = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof UnknownRuleSetError) throw new NotFoundError(err.message, [], { cause: err });
      throw err;
    }
  };
  const entry = (name: string) => {
    const e = rules.get(name);
    if (!e) throw new NotFoundError(`no rule set named "${name}"`);
    return e;
  };

  docs.add({ method: 'get', path: '/rule-sets', tag: 'law', summary: 'The rule sets in force, each at its newest version', responses: { 200: { description: 'Rule sets', schema: z.object({ items: z.array(Listed) }) } } });
  on.get('/rule-sets', 'law.read', async (_req, res) => {
    await rules.refresh();
    res.json({ items: rules.names().map((name) => {
      const e = entry(name);
      return { name, description: e.ruleSet.description, ...metaOf(e) };
    }) });
  });

  docs.add({ method: 'get', path: '/rule-sets/:name', tag: 'law', summary: 'One rule set in force: facts schema, rules, saved tests, and its version', responses: { 200: { description: 'Rule set', schema: RuleSetView }, 404: { description: 'Unknown rule set' } } });
  on.get('/rule-sets/:name', 'law.read', async (req, res) => {
    await rules.refresh();
    const e = entry(nameOf(req));
    res.json({ ...e.ruleSet, ...metaOf(e) });
  });

  docs.add({
    method: 'post', path: '/rule-sets/:name', tag: 'law', roles: [...rolesFor('rules.deploy')],
    summary: 'Deploy a new version of an existing rule set (new rule sets are not created through this API: they come as files in rules/). Checked like at start-up: shape, facts schema, known facts and operators, and every saved test case must pass — otherwise 422 with details (path, message) and nothing stored. Unchanged content: 200 with the same version. The change note comes in ?note= or the header x-change-note (UTF-8, percent-encoded). The fields GET adds (version, seq, author, deployedAt, note) are ignored. Audited as rules.deployed.',
    body: RuleSetBody, query: NoteQuery,
    responses: { 201: { description: 'Stored as the newest version', schema: Deployed }, 200: { description: 'Unchanged: the newest version already has this content', schema: Deployed }, 404: { description: 'Unknown rule set' }, 409: { description: 'Another deploy of this rule set at the same moment' } },
  });
  on.post('/rule-sets/:name', 'rules.deploy', async (req, res) => {
    const name = nameOf(req);
    const note = changeNoteOf(req);
    const body: unknown = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body)
      ? Object.fromEntries(Object.entries(req.body as Record<string, unknown>).filter(([k]) => !READ_ONLY.includes(k)))
      : req.body;
    const out = await known(() => rules.deploy(name, body, actorOf(req), note));
    res.status(out.created ? 201 : 200).json({ name, version: out.stored.version, seq: out.stored.seq });
  });

  docs.add({ method: 'get', path: '/rule-sets/:name/versions', tag: 'law', summary: 'Every version of a rule set, newest first, with author, time and note; `current` marks the one in force', responses: { 200: { description: 'Versions', schema: z.object({ name: z.string(), items: z.array(Version) }) }, 404: { description: 'Unknown rule set' } } });
  on.get('/rule-sets/:name/versions', 'law.read', async (req, res) => {
    const name = nameOf(req);
    const versions = await known(() => rules.versions(name));
    const current = versions[0]?.seq ?? null;
    res.json({ name, items: versions.map((v) => versionView(v, current)) });
  });

  docs.add({ method: 'get', path: '/rule-sets/:name/versions/:version', tag: 'law', summary: 'One version of a rule set by its version id (or seq), as it was deployed', responses: { 200: { description: 'The rule set of that version', schema: RuleSetView.extend({ rollbackOf: z.number().nullable() }) }, 404: { description: 'Unknown rule set or version' } } });
  on.get('/rule-sets/:name/versions/:version', 'law.read', async (req, res) => {
    const name = nameOf(req);
    const found = await known(() => rules.version(name, refOf(String(req.params.version))));
    if (!found) throw new NotFoundError(`rule set "${name}" has no version ${req.params.version}`);
    res.json(storedView(found));
  });

  docs.add({
    method: 'post', path: '/rule-sets/:name/rollback', tag: 'law', roles: [...rolesFor('rules.deploy')],
    summary: 'Roll back: a copy of an older version becomes the newest (checked again like a deploy; audited as rules.deployed with rollbackOf). 200 if that content is already in force.',
    body: RollbackBody,
    responses: { 201: { description: 'The copy is the newest version', schema: Deployed.extend({ rollbackOf: z.number() }) }, 200: { description: 'That content is already in force', schema: Deployed }, 404: { description: 'Unknown rule set or version' } },
  });
  on.post('/rule-sets/:name/rollback', 'rules.deploy', async (req, res) => {
    const name = nameOf(req);
    const body = parseInput(RollbackBody, req.body);
    const out = await known(() => rules.rollback(name, refOf(body.version), actorOf(req), body.note?.trim() || null));
    res.status(out.created ? 201 : 200).json({ name, version: out.stored.version, seq: out.stored.seq, ...(out.created ? { rollbackOf: out.target.seq } : {}) });
  });
  return on.router;
}
