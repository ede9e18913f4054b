import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { LetterKind } from '../persistence/entities/index.js';
import { DIRECTORY, hoursText } from '../domain/directory.js';

export const LETTER_KINDS: readonly LetterKind[] = ['acknowledgement', 'remedy_request', 'dismissal', 'extension_notice', 'decision', 'clarification_answer', 'recipient_notification'];

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

export interface RenderedLetter {
  html: string;
  sha256: string;
  templateVersion: string;
}

/**
 * Renders letters from views/letters with Handlebars. Templates escape everything they print; the only
 * unescaped content is the rendered body placed into the layout. Each template's version is the hash
 * of its text and the layout's, stored with every letter so that a letter can be traced to its template.
 */
export class LetterRenderer {
  private readonly hb = Handlebars.create();
  private readonly templates = new Map<string, { render: Handlebars.TemplateDelegate; version: string }>();
  private layout!: Handlebars.TemplateDelegate;
  private layoutSource = '';

  constructor(private readonly dir: string) {
    this.load();
  }

  private load(): void {
    const read = (f: string) => fs.readFileSync(path.join(this.dir, f), 'utf8');
    for (const p of fs.readdirSync(path.join(this.dir, 'partials'))) {
      if (p.endsWith('.hbs')) this.hb.registerPartial(p.slice(0, -4), read(path.join('partials', p)));
    }
    this.layoutSource = read('layout.hbs') + fs.readdirSync(path.join(this.dir, 'partials')).sort().map((p) => read(path.join('partials', p))).join('');
    this.layout = this.hb.compile(read('layout.hbs'), { strict: false });
    for (const kind of LETTER_KINDS) {
      const source = read(`${kind}.hbs`);
      const version = createHash('sha256').update(this.layoutSource).update(source).digest('hex').slice(0, 16);
      this.templates.set(kind, { render: this.hb.compile(source, { noEscape: false }), version });
    }
  }

  render(kind: LetterKind, model: Record<string, unknown>): RenderedLetter {
    const t = this.templates.get(kind);
    if (!t) throw new Error(`no letter template "${kind}"`);
    const context = { sender: SENDER, ipAddress: INFORMATION_COMMISSIONER, ...model };
    const body = new this.hb.SafeString(t.render(context));
    const html = this.layout({ ...context, body });
    return { html, sha256: createHash('sha256').update(html, 'utf8').digest('hex'), templateVersion: t.version };
  }
}
