import { Router, type Request, type Response } from 'express';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { PreviewResult } from '../../letters/render.js';
import { MAX_TEMPLATE_LENGTH, TEMPLATE_NAMES, checkTemplate, isLetterKind, isTemplateName, normaliseSource, type TemplateIssue, type TemplateName } from '../../letters/templatePolicy.js';
import { isSampleId, sourceHash, type SampleId } from '../../letters/templates.js';
import type { LetterKind } from '../../persistence/entities/index.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { text } from '../cases/forms.js';
import {
  NOTICES, fieldRows, issueRows, kindOptions, sampleOptions, syntaxHelp, templateFile, templateTitle, templateType, versionRows,
} from '../templates/view.js';

/** What the editor shows: the text as typed, what is wrong with it, and the note. */
interface EditorState {
  source: string;
  note: string;
  noteError?: string;
  issues: TemplateIssue[];
  sample: SampleId;
  kind: LetterKind;
  /** The editor was loaded with an older version's text (a rollback in the making). */
  from: number | null;
  unchanged?: number;
  conflict?: string;
}

const positiveInt = (v: unknown): number | null => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * Issue 7 item 4: the legal department edits the letters. `/templates` lists every template with its
 * newest version; `/templates/:name` is the editor with a live preview on a fictitious sample case
 * (views/static/template-editor.js asks `/templates/:name/preview`; without JavaScript the "Predogled"
 * button does the same through the form), the template policy's issues beside it with their line and
 * column, and "Shrani novo različico" with a required note (versioned and audited as templates.deployed).
 * Every version can be viewed and saved again as the newest (rollback). Letters already issued keep their
 * HTML and template version; new letters use the newest version at once.
 */
export function letterTemplatePages(ctx: WebContext): Router {
  const r = Router();
  const legal = allowPage(ctx, 'templates.edit');
  const letters = ctx.requests.deps.letters;
  const store = () => {
    if (!letters.store) throw new Error('letter templates are not stored in the database here');
    return letters.store;
  };
  const nameOf = (req: Request): TemplateName => {
    const name = req.params.name;
    if (!isTemplateName(name)) throw new NotFoundError(`no letter template named "${String(name)}"`);
    return name;
  };
  const kindOf = (name: TemplateName, v: unknown): LetterKind => (isLetterKind(name) ? name : isLetterKind(v) ? v : 'decision');
  const sampleOf = (v: unknown): SampleId => (isSampleId(v) ? v : 'post');

  r.get('/templates', legal, async (req, res) => {
    await letters.refresh();
    const newest = await store().newest();
    if (!newest) throw new Error('letter templates have not been seeded');
    const rows = TEMPLATE_NAMES.map((name) => {
      const v = newest[name];
      return {
        name, title: templateTitle(name), file: templateFile(name), type: templateType(name), href: `/templates/${name}`,
        version: v.version, author: v.author, createdAt: v.createdAt.toISOString(), note: v.note, system: v.author === 'system',
      };
    });
    res.send(ctx.pages.page('templates/list', pageModel(req, {
      title: 'Dopisi: predloge',
      letters: rows.filter((x) => isLetterKind(x.name)),
      shared: rows.filter((x) => !isLetterKind(x.name)),
    })));
  });

  async function showEditor(req: Request, res: Response, status: number, name: TemplateName, state: EditorState, preview?: PreviewResult) {
    const [versions, counts] = await Promise.all([store().versions(name), store().letterCounts(name)]);
    const current = versions[0]!;
    const shown = preview ?? await letters.preview(name, state.source, { kind: state.kind, sample: state.sample });
    const issues = state.issues.length ? state.issues : shown.issues;
    const errorList = [
      ...issueRows(issues).map((i) => ({ href: '#source', message: i.text, line: i.line, column: i.column })),
      ...(state.noteError ? [{ href: '#note', message: state.noteError, line: null, column: null }] : []),
    ];
    const notice = text(req.query.notice);
    const savedVersion = positiveInt(req.query.version);
    res.status(status).send(ctx.pages.page('templates/edit', pageModel(req, {
      title: `Predloga: ${templateTitle(name)}`, scripts: ['/static/template-editor.js'],
      flash: NOTICES[notice] ? `${NOTICES[notice]}${savedVersion ? ` (različica ${savedVersion})` : ''}` : undefined,
      name, heading: templateTitle(name), file: templateFile(name), type: templateType(name), isLetter: isLetterKind(name),
      current: { version: current.version, author: current.author, createdAt: current.createdAt.toISOString(), note: current.note },
      source: state.source, lineCount: Math.max(20, Math.min(40, state.source.split('\n').length + 2)),
      note: state.note, noteError: state.noteError, from: state.from, unchanged: state.unchanged, conflict: state.conflict,
      issues: issueRows(issues), errorList: state.noteError || (status === 422 && issues.length) ? errorList : [],
      previewHtml: shown.html ?? '', previewKind: templateTitle(shown.kind), hasPreview: Boolean(shown.html),
      samples: sampleOptions(state.sample), kinds: kindOptions(state.kind),
      help: syntaxHelp(name), fields: fieldRows(name), versions: versionRows(name, versions, counts), maxLength: MAX_TEMPLATE_LENGTH,
      previewUrl: `/templates/${name}/preview`,
    })));
  }

  r.get('/templates/:name', legal, async (req, res) => {
    const name = nameOf(req);
    await letters.refresh();
    const from = positiveInt(req.query.from);
    const row = from ? await store().version(name, from) : null;
    if (from && !row) throw new NotFoundError(`letter template "${name}" has no version ${from}`);
    const source = row ? row.source : (await letters.currentVersions())[name].source;
    await showEditor(req, res, 200, name, {
      source, note: row ? `Vrnitev na različico ${row.version}` : '', issues: [], sample: sampleOf(req.query.sample), kind: kindOf(name, req.query.kind), from: row ? row.version : null,
    });
  });

  /** "Predogled" without JavaScript, and "Shrani novo različico". */
  r.post('/templates/:name', legal, async (req, res) => {
    const name = nameOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const source = normaliseSource(text(body.source));
    const note = text(body.note).trim();
    const state: EditorState = { source, note, issues: [], sample: sampleOf(body.sample), kind: kindOf(name, body.kind), from: positiveInt(body.from) };
    if (text(body.action) !== 'save') {
      const preview = await letters.preview(name, source, { kind: state.kind, sample: state.sample });
      return showEditor(req, res, preview.issues.length ? 422 : 200, name, state, preview);
    }
    state.issues = source.trim() ? checkTemplate(name, source) : [{ line: 1, column: 1, message: 'besedilo predloge je prazno' }];
    if (!note) state.noteError = 'Vpišite opombo o spremembi (kaj in zakaj je spremenjeno).';
    else if (note.length > 1000) state.noteError = 'Opomba ima lahko največ 1000 znakov.';
    if (state.issues.length || state.noteError) return showEditor(req, res, 422, name, state);
    // A text loaded from an older version and saved as it was is a rollback to that version.
    const old = state.from ? await store().version(name, state.from) : null;
    const restoredFrom = old && old.hash === sourceHash(source) ? old.version : null;
    try {
      const out = await letters.deploy(name, source, req.webUser!.username, note, restoredFrom);
      if (!out.created) return showEditor(req, res, 200, name, { ...state, unchanged: out.row.version });
      res.redirect(303, `/templates/${name}?notice=${restoredFrom ? 'restored' : 'saved'}&version=${out.row.version}`);
    } catch (err) {
      if (err instanceof ValidationError) return showEditor(req, res, 422, name, { ...state, issues: err.details.map((d) => ({ line: 1, column: 1, message: d.message })) });
      if (err instanceof ConflictError) return showEditor(req, res, 409, name, { ...state, conflict: 'Predlogo je medtem shranil nekdo drug. Preglejte najnovejšo različico in shranite znova.' });
      throw err;
    }
  });

  /**
   * The live preview of views/static/template-editor.js: JSON with the letter's HTML, or (html null) the
   * issues. A text with issues is an ordinary answer here, not a failed request: it is what the editor shows.
   */
  r.post('/templates/:name/preview', legal, async (req, res) => {
    if (!isTemplateName(req.params.name)) {
      res.status(404).json({ html: null, issues: [], message: 'Predloga ne obstaja.' });
      return;
    }
    const name = req.params.name;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const out = await letters.preview(name, text(body.source), { kind: kindOf(name, body.kind), sample: sampleOf(body.sample) });
    res.json({ ok: Boolean(out.html), html: out.html, kind: out.kind, kindTitle: templateTitle(out.kind), issues: issueRows(out.issues) });
  });

  r.get('/templates/:name/versions/:version', legal, async (req, res) => {
    const name = nameOf(req);
    const v = positiveInt(req.params.version);
    const row = v ? await store().version(name, v) : null;
    if (!row) throw new NotFoundError(`letter template "${name}" has no version ${String(req.params.version)}`);
    const versions = await store().versions(name);
    const kind = kindOf(name, req.query.kind);
    const sample = sampleOf(req.query.sample);
    const preview = await letters.preview(name, row.source, { kind, sample });
    const lines = row.source.split('\n');
    if (lines.at(-1) === '') lines.pop();
    res.send(ctx.pages.page('templates/version', pageModel(req, {
      title: `${templateTitle(name)}: različica ${row.version}`,
      name, heading: templateTitle(name), file: templateFile(name), isLetter: isLetterKind(name),
      version: { version: row.version, author: row.author, createdAt: row.createdAt.toISOString(), note: row.note, restoredFrom: row.restoredFrom, hash: row.hash },
      newest: versions[0]!.version === row.version, newestVersion: versions[0]!.version,
      lines: lines.map((t, i) => ({ n: i + 1, t })),
      previewHtml: preview.html ?? '', previewKind: templateTitle(preview.kind), issues: issueRows(preview.issues),
      samples: sampleOptions(sample), kinds: kindOptions(kind),
      restoreNote: `Vrnitev na različico ${row.version}`,
    })));
  });

  /** Rollback: the text of an older version saved again as the newest version. */
  r.post('/templates/:name/versions/:version/restore', legal, async (req, res) => {
    const name = nameOf(req);
    const v = positiveInt(req.params.version);
    const row = v ? await store().version(name, v) : null;
    if (!row) throw new NotFoundError(`letter template "${name}" has no version ${String(req.params.version)}`);
    const note = text((req.body as Record<string, unknown> | undefined)?.note).trim().slice(0, 1000) || `Vrnitev na različico ${row.version}`;
    const out = await letters.deploy(name, row.source, req.webUser!.username, note, row.version);
    if (!out.created) return res.redirect(303, `/templates/${name}?notice=unchanged`);
    res.redirect(303, `/templates/${name}?notice=restored&version=${out.row.version}`);
  });

  return r;
}
