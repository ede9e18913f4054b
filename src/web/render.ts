import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatSlovenian } from '../domain/localDate.js';

export type Model = Record<string, unknown>;

/**
 * Server-rendered pages (views/pages/*.hbs inside views/layout.hbs, partials from views/partials).
 * Templates are compiled once per process, with a small allow-list of helpers; all output is escaped
 * (no triple-stash in page templates), so a person's name can never become markup.
 */
export class PageRenderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, HandlebarsTemplateDelegate>();
  private readonly layout: HandlebarsTemplateDelegate;

  constructor(private readonly viewsDir: string) {
    registerHelpers(this.hbs);
    const partials = path.join(viewsDir, 'partials');
    for (const f of fs.existsSync(partials) ? fs.readdirSync(partials) : []) {
      if (f.endsWith('.hbs')) this.hbs.registerPartial(f.slice(0, -4), fs.readFileSync(path.join(partials, f), 'utf8'));
    }
    this.layout = this.hbs.compile(fs.readFileSync(path.join(viewsDir, 'layout.hbs'), 'utf8'), { strict: false });
  }

  /** A page: `name` is a path under views/pages without .hbs (e.g. "tasks/list"), or "forms/<taskKey>" for views/forms. */
  page(name: string, model: Model): string {
    const body = this.template(name)(model);
    return this.layout({ ...model, body: new Handlebars.SafeString(body) });
  }

  /** A fragment without the layout (for small scripts that fetch HTML). */
  fragment(name: string, model: Model): string {
    return this.template(name)(model);
  }

  exists(name: string): boolean {
    return fs.existsSync(this.file(name));
  }

  private file(name: string): string {
    if (!/^[a-zA-Z0-9_/-]+$/.test(name)) throw new Error(`bad template name ${name}`);
    // Task forms live in views/forms/<taskKey>.hbs (issue 5), everything else in views/pages.
    return name.startsWith('forms/') ? path.join(this.viewsDir, `${name}.hbs`) : path.join(this.viewsDir, 'pages', `${name}.hbs`);
  }

  private template(name: string): HandlebarsTemplateDelegate {
    let t = this.cache.get(name);
    if (!t) {
      t = this.hbs.compile(fs.readFileSync(this.file(name), 'utf8'));
      this.cache.set(name, t);
    }
    return t;
  }
}

function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('includes', (list: unknown, x: unknown) => Array.isArray(list) && list.includes(x));
  /** 2026-03-02 → 2. 3. 2026; empty for nothing. */
  hbs.registerHelper('date', (d: unknown) => (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}/.test(d) ? formatSlovenian(d.slice(0, 10)) : ''));
  /** An instant in Ljubljana time: 2. 3. 2026 10:15. */
  hbs.registerHelper('datetime', (d: unknown) => {
    if (!d) return '';
    const date = d instanceof Date ? d : new Date(String(d));
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat('sl-SI', { timeZone: 'Europe/Ljubljana', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
  });
  hbs.registerHelper('label', (table: unknown, key: unknown) => (table && typeof table === 'object' ? (table as Record<string, string>)[String(key)] ?? String(key) : String(key)));
  hbs.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
}
