import type { Router } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { LetterRenderer } from '../../letters/render.js';
import {
  LETTER_KINDS, MAX_TEMPLATE_LENGTH, TEMPLATE_NAMES, fieldsFor, isLetterKind, isPartial, isTemplateName, issueText, type FieldDoc, type TemplateName,
} from '../../letters/templatePolicy.js';
import { SAMPLES, TEMPLATE_FILES, TEMPLATE_LABELS } from '../../letters/templates.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const SaveBody = z.object({
  source: z.string().max(MAX_TEMPLATE_LENGTH, `predloga ima lahko največ ${MAX_TEMPLATE_LENGTH} znakov`).optional()
    .describe('The new text of the template (Handlebars); or restoreVersion instead'),
  restoreVersion: z.number().int().positive().optional().describe('Rollback: save the text of this older version again as the newest'),
  note: z.string().trim().min(1, 'opomba o spremembi je obvezna').max(1000, 'opomba ima lahko največ 1000 znakov'),
}).refine((b) => (b.source === undefined) !== (b.restoreVersion === undefined), { message: 'pošljite source ali restoreVersion (eno od obeh)', path: ['source'] });

const PreviewBody = z.object({
  source: z.string().max(MAX_TEMPLATE_LENGTH, `predloga ima lahko največ ${MAX_TEMPLATE_LENGTH} znakov`),
  kind: z.enum(LETTER_KINDS as [string, ...string[]]).optional().describe('For the layout and partials: the letter to show them in (default decision)'),
  sample: z.enum(SAMPLES.map((s) => s.id) as [string, ...string[]]).optional().describe('Which fictitious sample case (default post)'),
});

const VersionSummary = z.object({
  version: z.number(), hash: z.string(), author: z.string(), createdAt: z.string(), note: z.string().nullable(), restoredFrom: z.number().nullable(),
});
const TemplateSummary = z.object({
  name: z.string(), title: z.string(), file: z.string(), type: z.enum(['letter', 'layout', 'partial']),
  version: z.number(), hash: z.string(), author: z.string(), createdAt: z.string(), note: z.string().nullable(),
});
const FieldSchema: z.ZodType = z.lazy(() => z.object({ name: z.string(), type: z.string(), description: z.string(), fields: z.array(FieldSchema).optional() }));
const TemplateDetail = TemplateSummary.extend({
  source: z.string(), fields: z.array(FieldSchema), versions: z.array(VersionSummary.extend({ letters: z.number().describe('stored letters rendered with this version') })),
});
const Saved = z.object({ name: z.string(), version: z.number(), hash: z.string(), created: z.boolean() });

const typeOf = (name: TemplateName) => (isLetterKind(name) ? 'letter' : isPartial(name) ? 'partial' : 'layout');
const fieldView = (f: FieldDoc): Record<string, unknown> => ({ name: f.name, type: f.type, description: f.description, ...(f.fields && { fields: f.fields.map(fieldView) }) });

/**
 * Issue 7 item 4: the letter templates as versioned data. Everyone who works with letters may read them;
 * only the legal department saves (every save is checked by the template policy and audited as
 * `templates.deployed`). Letters already issued keep their HTML and templateVersion.
 */
export function templateRoutes({ docs, guard }: HttpContext, letters: LetterRenderer): Router {
  const on = guardedRouter(guard);
  const readers = [...rolesFor('templates.read')];
  const legal = [...rolesFor('templates.edit')];
  const store = () => {
    if (!letters.store) throw new Error('letter templates are not stored in the database here');
    return letters.store;
  };
  const nameOf = (raw: unknown): TemplateName => {
    if (!isTemplateName(raw)) throw new NotFoundError(`no letter template named "${String(raw)}"`);
    return raw;
  };

  docs.add({ method: 'get', path: '/letter-templates', tag: 'letters', roles: readers, summary: 'The letter templates with their newest versions', responses: { 200: { description: 'Templates', schema: z.object({ items: z.array(TemplateSummary) }) } } });
  on.get('/letter-templates', 'templates.read', async (_req, res) => {
    await letters.refresh();
    const newest = await store().newest();
    if (!newest) throw new Error('letter templates have not been seeded');
    res.json({
      items: TEMPLATE_NAMES.map((name) => {
        const v = newest[name];
        return {
          name, title: TEMPLATE_LABELS[name], file: `views/letters/${TEMPLATE_FILES[name]}`, type: typeOf(name),
          version: v.version, hash: v.hash, author: v.author, createdAt: v.createdAt.toISOString(), note: v.note,
        };
      }),
    });
  });

  docs.add({ method: 'get', path: '/letter-templates/:name', tag: 'letters', roles: readers, summary: 'One template: its newest text, the fields of the letter model and every version', responses: { 200: { description: 'Template', schema: TemplateDetail }, 404: { description: 'No such template' } } });
  on.get('/letter-templates/:name', 'templates.read', async (req, res) => {
    const name = nameOf(req.params.name);
    await letters.refresh();
    const [versions, counts] = await Promise.all([store().versions(name), store().letterCounts(name)]);
    const newest = await store().version(name, versions[0]!.version);
    res.json({
      name, title: TEMPLATE_LABELS[name], file: `views/letters/${TEMPLATE_FILES[name]}`, type: typeOf(name),
      version: newest!.version, hash: newest!.hash, author: newest!.author, createdAt: newest!.createdAt.toISOString(), note: newest!.note,
      source: newest!.source, fields: fieldsFor(name).map(fieldView),
      versions: versions.map((v) => ({ version: v.version, hash: v.hash, author: v.author, createdAt: v.createdAt.toISOString(), note: v.note, restoredFrom: v.restoredFrom, letters: counts.get(v.version) ?? 0 })),
    });
  });

  docs.add({ method: 'get', path: '/letter-templates/:name/versions/:version', tag: 'letters', roles: readers, summary: 'The text of one (older) version of a template', responses: { 200: { description: 'Version', schema: VersionSummary.extend({ name: z.string(), source: z.string() }) }, 404: { description: 'No such template or version' } } });
  on.get('/letter-templates/:name/versions/:version', 'templates.read', async (req, res) => {
    const name = nameOf(req.params.name);
    const v = Number(req.params.version);
    const row = Number.isInteger(v) && v > 0 ? await store().version(name, v) : null;
    if (!row) throw new NotFoundError(`letter template "${name}" has no version ${String(req.params.version)}`);
    res.json({ name, version: row.version, hash: row.hash, author: row.author, createdAt: row.createdAt.toISOString(), note: row.note, restoredFrom: row.restoredFrom, source: row.source });
  });

  docs.add({
    method: 'post', path: '/letter-templates/:name', tag: 'letters', roles: legal,
    summary: 'Save a new version of a template (policy-checked: 422 details say "vrstica N, stolpec M: …"); or restore an older one. New letters use it at once; issued letters keep theirs',
    body: SaveBody, responses: { 201: { description: 'New version', schema: Saved }, 200: { description: 'Same text as the newest version: no new version', schema: Saved }, 404: { description: 'No such template or version' } },
  });
  on.post('/letter-templates/:name', 'templates.edit', async (req, res) => {
    const name = nameOf(req.params.name);
    const body = parseInput(SaveBody, req.body);
    let source = body.source;
    if (body.restoreVersion !== undefined) {
      const old = await store().version(name, body.restoreVersion);
      if (!old) throw new NotFoundError(`letter template "${name}" has no version ${body.restoreVersion}`);
      source = old.source;
    }
    if (!source?.trim()) throw new ValidationError('the template text is empty', [{ path: 'source', message: 'besedilo predloge je obvezno' }]);
    const out = await letters.deploy(name, source, actorOf(req), body.note, body.restoreVersion ?? null);
    res.status(out.created ? 201 : 200).json({ name, version: out.row.version, hash: out.row.hash, created: out.created });
  });

  docs.add({
    method: 'post', path: '/letter-templates/:name/preview', tag: 'letters', roles: legal,
    summary: 'Render an unsaved text on a fictitious sample case (422 with the policy issues)', body: PreviewBody,
    responses: { 200: { description: 'The letter as HTML', schema: z.object({ html: z.string(), kind: z.string() }) }, 404: { description: 'No such template' } },
  });
  on.post('/letter-templates/:name/preview', 'templates.edit', async (req, res) => {
    const name = nameOf(req.params.name);
    const body = parseInput(PreviewBody, req.body);
    const out = await letters.preview(name, body.source, { kind: body.kind as never, sample: body.sample as never });
    if (!out.html) {
      throw new ValidationError(`letter template "${name}" breaks the template policy`, out.issues.map((i) => ({ path: 'source', message: issueText(i) })));
    }
    res.json({ html: out.html, kind: out.kind });
  });
  return on.router;
}
