import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import type { Clock } from '../engine/clock.js';
import { ValidationError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import type { LetterKind } from '../persistence/entities/index.js';
import { DIRECTORY, hoursText } from '../domain/directory.js';
import { sanitizeLetterHtml } from './sanitize.js';
import {
  COMPILE_OPTIONS, LETTER_KINDS, PARTIAL_NAMES, TEMPLATE_NAMES, checkTemplate, isLetterKind, issueText, normaliseSource,
  type TemplateIssue, type TemplateName,
} from './templatePolicy.js';
import {
  LetterTemplateStore, TEMPLATE_FILES, letterTemplateVersion, readTemplateFiles, sampleModel,
  type DeployOutcome, type SampleId, type TemplateSources,
} from './templates.js';

export { LETTER_KINDS };

/** What every letter knows of its sender (the client-information page and the instruction, art. 2). */
export const SENDER = {
  name: DIRECTORY.organisation.name,
  unit: DIRECTORY.units.find((u) => u.code === DIRECTORY.dpo.unit)!.name,
  address: DIRECTORY.organisation.address,
  email: DIRECTORY.dpo.email,
  phone: DIRECTORY.contactCentre.phone,
  officeHours: hoursText(DIRECTORY.officeHours),
} as const;

export const INFORMATION_COMMISSIONER = 'Dunajska cesta 22, 1000 Ljubljana (gp.ip@ip-rs.si)';

/** The stored version of each template a letter was rendered with (null: rendered straight from the files). */
export interface TemplateVersions {
  template: number | null;
  layout: number | null;
  letterhead: number | null;
  signature: number | null;
}

export interface RenderedLetter {
  html: string;
  sha256: string;
  /** Hash of the letter's template with the layout and partials; stored on the letter row. */
  templateVersion: string;
  /** The same, as the numbered versions of the template store. */
  versions: TemplateVersions;
}

/** One set of template texts, compiled: what renders letters until a newer version is saved. */
class CompiledTemplates {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<TemplateName, Handlebars.TemplateDelegate>();
  private readonly letterVersions = new Map<LetterKind, string>();

  constructor(readonly sources: TemplateSources) {
    // Only the allowed helpers exist at run time too (the policy refuses the rest before a save).
    for (const h of ['lookup', 'log', 'with', 'unless']) this.hb.unregisterHelper(h);
    for (const name of TEMPLATE_NAMES) this.compiled.set(name, this.hb.compile(sources[name].source, COMPILE_OPTIONS));
    for (const p of PARTIAL_NAMES) this.hb.registerPartial(p, this.compiled.get(p)!);
    for (const kind of LETTER_KINDS) this.letterVersions.set(kind, letterTemplateVersion(kind, sources));
  }

  render(kind: LetterKind, model: Record<string, unknown>): RenderedLetter {
    const template = this.compiled.get(kind);
    if (!template) throw new Error(`no letter template "${kind}"`);
    const context = { sender: SENDER, ipAddress: INFORMATION_COMMISSIONER, ...model };
    const body = new this.hb.SafeString(template(context));
    // Whatever the templates say, the letter that is stored, shown and e-mailed keeps to the allow-list (issue 10 #7).
    const html = sanitizeLetterHtml(this.compiled.get('layout')!({ ...context, body }));
    const s = this.sources;
    return {
      html, sha256: createHash('sha256').update(html, 'utf8').digest('hex'), templateVersion: this.letterVersions.get(kind)!,
      versions: { template: s[kind].version, layout: s.layout.version, letterhead: s.letterhead.version, signature: s.signature.version },
    };
  }

  with(name: TemplateName, source: string): CompiledTemplates {
    return new CompiledTemplates({ ...this.sources, [name]: { source, version: null } });
  }
}

export interface LetterRendererOptions {
  /** With a database, templates are versioned data (seeded from the files); without, the files are used as they are. */
  db?: Database;
  clock?: Clock;
  /** How often another server process's saves are looked for (ms; 0: never, only on refresh()). */
  refreshMs?: number;
}

export interface PreviewResult {
  html: string | null;
  issues: TemplateIssue[];
  /** The letter kind shown (a layout or partial is shown inside a letter). */
  kind: LetterKind;
}

/**
 * Renders letters with Handlebars. Templates escape everything they print; the only unescaped content
 * is the rendered body placed into the layout. Each letter stores its templateVersion (the hash of its
 * template with the layout and partials), so that a letter can be traced to the versions it used.
 *
 * With a database the templates are versioned data (LetterTemplateStore): the files of views/letters are
 * checked by the template policy (a bad file stops the start) and seeded, and the newest stored version of
 * each template renders new letters. render() stays synchronous: it uses the newest versions loaded into
 * this process, which are reloaded after every save here and looked for every `refreshMs` (saves made by
 * another server process). Letters already stored are never re-rendered: they keep their HTML.
 */
export class LetterRenderer {
  readonly store: LetterTemplateStore | null;
  /** Settles when the first load from the database has been tried (at once without a database). */
  readonly ready: Promise<void>;
  private current: CompiledTemplates | null = null;
  private loadedStamp = -1;
  private loadError: unknown = null;
  private reloading: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly files: Record<TemplateName, string>;

  constructor(dir: string, private readonly options: LetterRendererOptions = {}) {
    this.files = readTemplateFiles(dir);
    for (const name of TEMPLATE_NAMES) {
      const issues = checkTemplate(name, this.files[name]);
      if (issues.length) throw new Error(`views/letters/${TEMPLATE_FILES[name]} breaks the letter template policy: ${issues.map(issueText).join('; ')}`);
    }
    const db = options.db;
    if (!db) {
      this.store = null;
      this.current = new CompiledTemplates(Object.fromEntries(TEMPLATE_NAMES.map((n) => [n, { source: this.files[n], version: null }])) as TemplateSources);
      this.ready = Promise.resolve();
      return;
    }
    this.store = new LetterTemplateStore(db);
    // Queued at once: on SQLite every later transaction (a step that issues a letter) runs after it.
    this.ready = this.seed();
    const every = options.refreshMs ?? 5000;
    if (every > 0) {
      this.timer = setInterval(() => {
        if (!db.dataSource.isInitialized) return this.stop();
        this.refresh().catch(() => undefined);
      }, every);
      this.timer.unref();
    }
  }

  private now(): Date {
    return this.options.clock?.now() ?? new Date();
  }

  private async seed(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const newest = await this.store!.seed(this.files, this.now());
        this.install(newest, await this.store!.stamp());
        this.loadError = null;
        return;
      } catch (err) {
        // Two processes starting at once may both seed version 1; the loser reads the winner's rows.
        if (attempt >= 3) {
          this.loadError = err;
          return;
        }
      }
    }
  }

  private install(rows: Record<TemplateName, { source: string; version: number }>, stamp: number): void {
    this.current = new CompiledTemplates(Object.fromEntries(TEMPLATE_NAMES.map((n) => [n, { source: rows[n].source, version: rows[n].version }])) as TemplateSources);
    this.loadedStamp = stamp;
  }

  /** Stop looking for other processes' saves (the database is closing). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Load the newest versions if any were saved since the last load (by this or another process).
   * Resolves to whether anything changed.
   */
  async refresh(force = false): Promise<boolean> {
    if (!this.store) return false;
    await this.ready;
    if (!this.reloading) {
      this.reloading = (async () => {
        try {
          if (!this.current) {
            await this.seed();
            if (this.loadError) throw this.loadError;
            return true;
          }
          const stamp = await this.store!.stamp();
          if (!force && stamp === this.loadedStamp) return false;
          const newest = await this.store!.newest();
          if (!newest) return false;
          this.install(newest, stamp);
          return true;
        } finally {
          this.reloading = null;
        }
      })();
    }
    return this.reloading;
  }

  private loaded(): CompiledTemplates {
    if (this.current) return this.current;
    const why = this.loadError ? `: ${(this.loadError as Error)?.message ?? String(this.loadError)}` : ' (still loading from the database)';
    throw new Error(`letter templates are not available${why}`);
  }

  private async loadedAsync(): Promise<CompiledTemplates> {
    await this.ready;
    if (!this.current) await this.refresh();
    return this.loaded();
  }

  /** Render a letter with the newest template versions loaded. */
  render(kind: LetterKind, model: Record<string, unknown>): RenderedLetter {
    return this.loaded().render(kind, model);
  }

  /** The template versions new letters are rendered with now. */
  async currentVersions(): Promise<Record<TemplateName, { version: number | null; source: string }>> {
    return (await this.loadedAsync()).sources;
  }

  /**
   * Render a template text that is not saved (the editor's live preview, or an old version) on a sample
   * case: a letter template as that letter, the layout or a partial inside the letter `kind`.
   */
  async preview(name: TemplateName, source: string, o: { kind?: LetterKind; sample?: SampleId } = {}): Promise<PreviewResult> {
    const set = await this.loadedAsync();
    const kind: LetterKind = isLetterKind(name) ? name : o.kind ?? 'decision';
    const text = normaliseSource(source);
    const issues = checkTemplate(name, text);
    if (issues.length) return { html: null, issues, kind };
    try {
      return { html: set.with(name, text).render(kind, sampleModel(kind, o.sample)).html, issues: [], kind };
    } catch (err) {
      return { html: null, issues: [{ line: 1, column: 1, message: `predloge ni mogoče izpisati: ${(err as Error).message}` }], kind };
    }
  }

  /**
   * Save a text as the newest version of a template after the policy check (422 with the line and column
   * of each issue); the same text as the newest version is no new version. New letters use it at once.
   */
  async deploy(name: TemplateName, source: string, actor: string, note: string | null, restoredFrom: number | null = null): Promise<DeployOutcome> {
    if (!this.store) throw new Error('letter templates are files here: there is no database to save them to');
    const set = await this.loadedAsync();
    const text = normaliseSource(source);
    const issues = checkTemplate(name, text);
    const kinds = isLetterKind(name) ? [name] : LETTER_KINDS;
    if (!issues.length) {
      // Every letter the text takes part in must render (the policy should have caught anything that would not).
      try {
        const candidate = set.with(name, text);
        for (const kind of kinds) candidate.render(kind, sampleModel(kind));
      } catch (err) {
        issues.push({ line: 1, column: 1, message: `predloge ni mogoče izpisati: ${(err as Error).message}` });
      }
    }
    if (issues.length) {
      throw new ValidationError(`letter template "${name}" breaks the template policy: ${issues.map(issueText).join('; ')}`, issues.map((i) => ({ path: 'source', message: issueText(i) })));
    }
    const outcome = await this.store.deploy(name, text, actor, note, this.now(), restoredFrom);
    if (outcome.created) await this.refresh(true);
    return outcome;
  }
}
