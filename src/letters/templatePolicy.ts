import Handlebars from 'handlebars';
import type { LetterKind } from '../persistence/entities/index.js';
import { letterHtmlRemovals, type Removal } from './sanitize.js';

/**
 * What a letter template may contain (issue 7 item 4). Legal staff edit the Handlebars letters in the
 * browser; every save (and every file seeded at start) is checked here first. The template is parsed
 * with Handlebars' own parser and its syntax tree walked, so the check sees exactly what the renderer
 * will run, not a guess by regular expressions:
 *
 * - no unescaped output (`{{{x}}}`, `{{& x}}`): a person's name must never become markup. The one
 *   exception is the letter body placed into the layout (`{{body}}`, already HTML), in the layout only;
 * - no helper beyond the allow-list (`if`, `each`: what the letters use), no sub-expressions, no
 *   partial blocks, inline partials or decorators, and only the partials `letterhead` and `signature`;
 * - no field the letter model does not have (the model of src/requests/letters.ts, listed below), so a
 *   typo does not silently print nothing in a letter that goes out;
 * - in the HTML itself: no `<script>` or other active or embedded content, no `on…=` event attributes,
 *   no `javascript:` addresses, nothing loaded from elsewhere (`http(s)://` or `//` in src/href/url()),
 *   and nothing else the sanitizer (sanitize.ts) would leave out of the rendered letter: the HTML is
 *   read with the same parser and allow-list, so the editor says before a save what a letter would lose.
 *   This is early feedback; what keeps letters inside is the sanitizer, which reads the rendered HTML.
 *
 * Messages are Slovenian, each with its line and column (`vrstica 3, stolpec 5: …`).
 */

export const LETTER_KINDS: readonly LetterKind[] = ['acknowledgement', 'remedy_request', 'dismissal', 'extension_notice', 'decision', 'clarification_answer', 'recipient_notification'];

export const PARTIAL_NAMES = ['letterhead', 'signature'] as const;
export type PartialName = (typeof PARTIAL_NAMES)[number];
export type TemplateName = LetterKind | 'layout' | PartialName;

/** Every template there is: the seven letters, the layout around them and its two partials. */
export const TEMPLATE_NAMES: readonly TemplateName[] = [...LETTER_KINDS, 'layout', ...PARTIAL_NAMES];

export const isTemplateName = (v: unknown): v is TemplateName => typeof v === 'string' && (TEMPLATE_NAMES as readonly string[]).includes(v);
export const isLetterKind = (v: unknown): v is LetterKind => typeof v === 'string' && (LETTER_KINDS as readonly string[]).includes(v);
export const isPartial = (name: TemplateName): name is PartialName => (PARTIAL_NAMES as readonly string[]).includes(name);

/** The block helpers a template may use: exactly those the letters used when the editor came. */
export const ALLOWED_BLOCK_HELPERS = ['if', 'each'] as const;

/** Handlebars' compile options for letters: only the allowed helpers exist, everything printed is escaped. */
export const COMPILE_OPTIONS: CompileOptions = {
  knownHelpersOnly: true,
  knownHelpers: { if: true, each: true, unless: false, with: false, log: false, lookup: false },
  noEscape: false,
  strict: false,
};

/** Longest template accepted (the letters are 1–3 kB). */
export const MAX_TEMPLATE_LENGTH = 100_000;

// ------------------------------------------------------------------ the letter model

export type FieldType = 'text' | 'number' | 'flag' | 'list' | 'group' | 'html';

export interface FieldDoc {
  name: string;
  type: FieldType;
  description: string;
  /** Of a group: its fields; of a list of groups: the fields of each item. */
  fields?: FieldDoc[];
  /** Only these templates have the field (the others would print nothing). */
  only?: TemplateName[];
}

const text = (name: string, description: string, only?: TemplateName[]): FieldDoc => ({ name, type: 'text', description, only });
const group = (name: string, description: string, fields: FieldDoc[], only?: TemplateName[]): FieldDoc => ({ name, type: 'group', description, fields, only });

/**
 * The fields of the letter model: what issueLetter (src/requests/letters.ts) builds, what the
 * renderer adds (sender, ipAddress) and what the layout gets (body). A feature test compares this list
 * with the models of real letters, so the two cannot drift apart unnoticed.
 */
export const LETTER_FIELDS: readonly FieldDoc[] = [
  text('kind', 'vrsta dopisa (koda, npr. decision)'),
  text('caseNumber', 'številka zadeve, npr. 0072-14/2026'),
  text('documentNumber', 'številka dokumenta, npr. 0072-14/2026-2'),
  text('dateText', 'datum dopisa, npr. 5. 3. 2026'),
  text('subjectLine', 'zadeva dopisa (naslov), npr. »Odločitev o zahtevi — zadeva 0072-14/2026«'),
  group('recipient', 'naslovnik: kdor je vložil zahtevo (zastopnik, kadar jo je vložil zastopnik)', [
    text('name', 'ime in priimek'), text('address', 'naslov (pri pošti)'), text('email', 'e-poštni naslov (pri e-pošti, sicer prazno)'),
    text('onBehalfOf', 'posameznik, za katerega je zastopnik vložil zahtevo (prazno, kadar jo je vložil sam)'),
  ]),
  text('subjectName', 'ime in priimek posameznika, na katerega se nanašajo podatki'),
  text('representativeText', 'stavek o zastopniku, ki je vložil zahtevo (prazno, kadar je ni vložil zastopnik)'),
  text('rightsText', 'uveljavljane pravice z navedbo členov'),
  text('receivedText', 'dan prejema zahteve'),
  text('filedText', 'dan, ko se šteje, da je zahteva vložena (po dopolnitvi: dan dopolnitve)'),
  text('channelText', 'kako je zahteva prispela, npr. »poslano po pošti«'),
  text('decisionDueText', 'rok za odločitev'),
  text('remedyDueText', 'rok za dopolnitev'),
  text('remedyRequestSentText', 'dan poziva k dopolnitvi'),
  text('remedyRequestDeliveredText', 'dan, ko je posameznik prejel poziv k dopolnitvi (prazno, dokler vročitev ni evidentirana)'),
  text('originalDueText', 'prvotni rok za odločitev (pred podaljšanjem)'),
  { name: 'missing', type: 'list', description: 'kaj manjka v zahtevi (seznam besedil; {{#each missing}}{{this}}{{/each}})' },
  text('outcomeText', 'izrek odločitve, npr. »Zahtevi se ugodi.«'),
  { name: 'refused', type: 'flag', description: 'da, kadar je zahteva (delno) zavrnjena' },
  text('reasoning', 'obrazložitev odločitve'),
  { name: 'groundsText', type: 'list', description: 'razlogi za zavrnitev (seznam besedil)' },
  text('feeText', 'besedilo o pristojbini s sklicem (prazno, kadar je ni)'),
  group('extension', 'podaljšanje roka (prazno, kadar ga ni)', [
    { name: 'months', type: 'number', description: 'za koliko mesecev' }, text('monthsText', '»en mesec« ali »dva meseca«'),
    text('reasons', 'razlogi za podaljšanje'), text('noticeSentOn', 'dan obvestila (YYYY-MM-DD)'),
  ]),
  text('clarificationReceivedText', 'dan prejema zahteve za pojasnilo'),
  text('answer', 'besedilo pojasnila'),
  text('signatory', 'podpisnik'),
  group('sender', 'pošiljatelj (Zavod)', [
    text('name', 'ime Zavoda'), text('unit', 'enota'), text('address', 'naslov'), text('email', 'e-poštni naslov pooblaščene osebe'),
    text('phone', 'telefon kontaktnega centra'), text('officeHours', 'uradne ure'),
  ]),
  text('ipAddress', 'naslov Informacijskega pooblaščenca'),
  {
    name: 'recipients', type: 'list', description: 'obveščeni uporabniki podatkov', only: ['recipient_notification'],
    fields: [text('name', 'uporabnik'), text('notifiedOn', 'dan obvestila (YYYY-MM-DD)'), text('notifiedOnText', 'dan obvestila'), text('impossibleReason', 'zakaj obvestilo ni bilo mogoče')],
  },
  text('actionText', 'izvedeno dejanje, npr. »popravek«', ['recipient_notification']),
  { name: 'body', type: 'html', description: 'besedilo dopisa (HTML), ki ga postavitev vstavi z {{body}}', only: ['layout'] },
];

/** The fields a template can use. */
export function fieldsFor(name: TemplateName): FieldDoc[] {
  return LETTER_FIELDS.filter((f) => !f.only || f.only.includes(name));
}

// ------------------------------------------------------------------ issues

export interface TemplateIssue {
  /** 1-based line and column of the offending text. */
  line: number;
  column: number;
  message: string;
}

/** `vrstica 3, stolpec 5: …`: how an issue is said in the API's details and next to the editor. */
export const issueText = (i: TemplateIssue): string => `vrstica ${i.line}, stolpec ${i.column}: ${i.message}`;

type Loc = { start: { line: number; column: number } } | undefined;
const at = (loc: Loc): { line: number; column: number } => (loc ? { line: loc.start.line, column: loc.start.column + 1 } : { line: 1, column: 1 });

// ------------------------------------------------------------------ the check

/** All that is wrong with a template; empty when it may be saved. */
export function checkTemplate(name: TemplateName, rawSource: string): TemplateIssue[] {
  const source = normaliseSource(rawSource);
  if (source.length > MAX_TEMPLATE_LENGTH) return [{ line: 1, column: 1, message: `predloga je predolga (največ ${MAX_TEMPLATE_LENGTH} znakov)` }];
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    return [parseIssue(err)];
  }
  const issues: TemplateIssue[] = [];
  new Walker(name, issues).program(ast, [{ kind: 'model', fields: fieldsFor(name) }]);
  issues.push(...checkHtml(source));
  if (name === 'layout') {
    const bodies = countBody(ast);
    if (bodies !== 1) issues.push({ line: 1, column: 1, message: bodies === 0 ? 'postavitev mora vsebovati {{body}}, sicer dopis ostane brez besedila' : '{{body}} sme biti v postavitvi le enkrat' });
  }
  if (issues.length === 0) {
    // The compiler is the last word (it refuses what the walker might have missed).
    try {
      Handlebars.create().precompile(source, COMPILE_OPTIONS);
    } catch (err) {
      const e = err as { lineNumber?: number; column?: number; message?: string };
      issues.push({ line: e.lineNumber ?? 1, column: (e.column ?? 0) + 1, message: `predloge ni mogoče prevesti: ${String(e.message ?? err).split('\n')[0]}` });
    }
  }
  const seen = new Set<string>();
  return issues
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .filter((i) => {
      const key = issueText(i);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 50);
}

/** Line ends as in the files (a textarea sends CRLF): the same text is the same version. */
export const normaliseSource = (s: string): string => s.replace(/\r\n?/g, '\n');

/** Handlebars' parser says where it stopped in its lexer; its English message is put into words. */
function parseIssue(err: unknown): TemplateIssue {
  const e = err as { message?: string; lineNumber?: number; column?: number };
  const message = String(e.message ?? err);
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
  if (mismatch) {
    return { line: e.lineNumber ?? 1, column: (e.column ?? 0) + 1, message: `zaključna oznaka {{/${mismatch[2]}}} ne ustreza odprtemu bloku {{#${mismatch[1]}}}` };
  }
  const loc = (Handlebars as unknown as { Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number } } } }).Parser?.lexer?.yylloc;
  const line = loc?.first_line ?? (Number(/on line (\d+)/.exec(message)?.[1]) || 1);
  const column = (loc?.first_column ?? 0) + 1;
  const got = /got '([A-Z_]+)'/.exec(message)?.[1];
  if (got === 'EOF') return { line, column, message: 'predloga se konča sredi bloka: manjka zaključna oznaka, npr. {{/if}} ali {{/each}}' };
  if (got === 'OPEN_ENDBLOCK') return { line, column, message: 'zaključna oznaka brez odprtega bloka (npr. {{/if}} brez {{#if …}})' };
  if (got === 'INVALID') return { line, column, message: 'neveljaven izraz med {{ in }} (preverite oklepaje in ime polja)' };
  return { line, column, message: `predloge ni mogoče razčleniti (${message.split('\n').pop()})` };
}

/** What a name means where it stands: the model, an item of a list, a plain value. */
type Scope =
  | { kind: 'model'; fields: FieldDoc[] }
  | { kind: 'item'; list: string; item: FieldDoc | null; params: string[] };

class Walker {
  constructor(private readonly name: TemplateName, private readonly issues: TemplateIssue[]) {}

  private add(loc: Loc, message: string): void {
    this.issues.push({ ...at(loc), message });
  }

  program(p: hbs.AST.Program | undefined, scopes: Scope[]): void {
    for (const s of p?.body ?? []) this.statement(s, scopes);
  }

  private statement(s: hbs.AST.Statement, scopes: Scope[]): void {
    switch (s.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement':
        return this.mustache(s as hbs.AST.MustacheStatement, scopes);
      case 'BlockStatement':
        return this.block(s as hbs.AST.BlockStatement, scopes);
      case 'PartialStatement':
        return this.partial(s as hbs.AST.PartialStatement);
      case 'PartialBlockStatement':
        return this.add(s.loc, 'blok delne predloge ({{#> …}}) ni dovoljen; vključite jo z {{> letterhead}} ali {{> signature}}');
      case 'DecoratorBlock':
        return this.add(s.loc, 'vgrajene delne predloge in dekoratorji ({{#* inline}}) niso dovoljeni');
      case 'Decorator':
        return this.add(s.loc, 'dekoratorji ({{* …}}) niso dovoljeni');
      default:
        return this.add(s.loc, `izraz vrste ${s.type} ni dovoljen`);
    }
  }

  private mustache(m: hbs.AST.MustacheStatement, scopes: Scope[]): void {
    const path = m.path;
    const isBody = path.type === 'PathExpression' && (path as hbs.AST.PathExpression).original === 'body' && !m.params.length && !m.hash;
    if (!m.escaped && !(isBody && this.name === 'layout')) {
      this.add(m.loc, this.name === 'layout'
        ? 'neubežan izpis ({{{ … }}} ali {{& … }}) je v postavitvi dovoljen le za {{body}}; uporabite {{ … }}'
        : 'neubežan izpis ({{{ … }}} ali {{& … }}) ni dovoljen: besedilo iz zadeve bi lahko postalo HTML; uporabite dvojne zavite oklepaje {{ … }}');
    }
    if (path.type !== 'PathExpression') return this.add(m.loc, 'izpisati je mogoče le polje modela, npr. {{caseNumber}}');
    const p = path as hbs.AST.PathExpression;
    if (m.params.length || m.hash) {
      const helper = p.original;
      return this.add(m.loc, ALLOWED_BLOCK_HELPERS.includes(helper as never)
        ? `pomočnik »${helper}« se uporablja le kot blok: {{#${helper} …}} … {{/${helper}}}`
        : `pomočnik »${helper}« ni dovoljen; dovoljeni so le bloki ${ALLOWED_BLOCK_HELPERS.map((h) => `{{#${h}}}`).join(' in ')}`);
    }
    const field = this.resolve(p, scopes, m.loc);
    if (field?.type === 'group') {
      this.add(m.loc, `»${p.original}« je skupina polj; izpišite posamezno polje, npr. {{${p.original}.${field.fields?.[0]?.name ?? 'name'}}}`);
    } else if (field?.type === 'list') {
      this.add(m.loc, `»${p.original}« je seznam; izpišite ga z {{#each ${p.original}}}${field.fields ? ' … ' : '{{this}}'}{{/each}}`);
    }
  }

  private block(b: hbs.AST.BlockStatement, scopes: Scope[]): void {
    const helper = b.path.type === 'PathExpression' ? (b.path as hbs.AST.PathExpression).original : '';
    if (!ALLOWED_BLOCK_HELPERS.includes(helper as never)) {
      this.add(b.loc, `blok »${helper || '?'}« ni dovoljen; dovoljena sta le {{#if …}} in {{#each …}}`);
      // Still look inside, so that one mistake does not hide the others.
      this.program(b.program, scopes);
      this.program(b.inverse, scopes);
      return;
    }
    if (b.params.length !== 1 || b.hash) {
      this.add(b.loc, `{{#${helper}}} potrebuje natanko eno polje, npr. {{#${helper} ${helper === 'each' ? 'missing' : 'feeText'}}}`);
    }
    const param = b.params[0];
    if (param && param.type === 'SubExpression') this.add(param.loc, 'podizrazi (pomočniki v oklepajih) niso dovoljeni');
    const field = param && param.type === 'PathExpression' ? this.resolve(param as hbs.AST.PathExpression, scopes, param.loc) : null;
    if (helper === 'if') {
      this.program(b.program, scopes);
      this.program(b.inverse, scopes);
      return;
    }
    // each: the body sees an item of the list; {{else}} runs in the outer context when the list is empty.
    if (field && field.type !== 'list' && param) {
      this.add(param.loc, `{{#each}} potrebuje seznam; »${(param as hbs.AST.PathExpression).original}« ni seznam`);
    }
    const item: FieldDoc | null = field?.type === 'list' ? (field.fields ? { name: 'item', type: 'group', description: '', fields: field.fields } : { name: 'item', type: 'text', description: '' }) : null;
    const listName = param && param.type === 'PathExpression' ? (param as hbs.AST.PathExpression).original : '?';
    this.program(b.program, [...scopes, { kind: 'item', list: listName, item, params: b.program?.blockParams ?? [] }]);
    this.program(b.inverse, scopes);
  }

  private partial(p: hbs.AST.PartialStatement): void {
    const name = p.name.type === 'PathExpression' ? (p.name as hbs.AST.PathExpression).original : null;
    if (!name || !(PARTIAL_NAMES as readonly string[]).includes(name)) {
      return this.add(p.loc, `delna predloga »${name ?? 'izračunana'}« ne obstaja; na voljo sta {{> letterhead}} in {{> signature}}`);
    }
    if (isPartial(this.name)) return this.add(p.loc, 'delna predloga ne sme vključevati druge delne predloge');
    if (p.params.length || p.hash) this.add(p.loc, `delni predlogi »${name}« ni mogoče podati drugega konteksta ali parametrov`);
  }

  /** The field a path names, or an issue saying why there is none. */
  private resolve(p: hbs.AST.PathExpression, scopes: Scope[], loc: Loc): FieldDoc | null {
    if (p.data) {
      const [head, ...rest] = p.parts;
      if (head === 'root') return rest.length ? this.walk(rest, fieldsFor(this.name), p.original, loc) : { name: '@root', type: 'group', description: '', fields: fieldsFor(this.name) };
      if (['index', 'first', 'last', 'key'].includes(head ?? '') && rest.length === 0) {
        if (!scopes.some((s) => s.kind === 'item')) this.add(loc, `@${head} obstaja le znotraj {{#each}}`);
        return { name: `@${head}`, type: head === 'index' ? 'number' : 'text', description: '' };
      }
      this.add(loc, `podatek »${p.original}« ne obstaja; na voljo so @index, @first, @last, @key in @root`);
      return null;
    }
    // Block parameters (`{{#each recipients as |r|}}`) are found by name in any enclosing each.
    if (p.depth === 0 && p.parts.length && !/^(this|\.)([./]|$)/.test(p.original)) {
      for (let i = scopes.length - 1; i >= 0; i--) {
        const s = scopes[i]!;
        if (s.kind !== 'item') continue;
        const idx = s.params.indexOf(p.parts[0]!);
        if (idx === 0) return s.item ? this.walkItem(p.parts.slice(1), s.item, p.original, loc) : null;
        if (idx === 1) return p.parts.length === 1 ? { name: p.parts[0]!, type: 'number', description: '' } : (this.add(loc, `»${p.parts[0]}« je številka vrstice, nima polj`), null);
      }
    }
    const scope = scopes[scopes.length - 1 - p.depth];
    if (!scope) {
      this.add(loc, `»${p.original}« seže iz predloge ven (preveč ../)`);
      return null;
    }
    if (scope.kind === 'model') {
      if (p.parts.length === 0) return { name: 'this', type: 'group', description: '', fields: scope.fields };
      return this.walk(p.parts, scope.fields, p.original, loc);
    }
    if (!scope.item) return null; // the list itself was wrong: said already
    return this.walkItem(p.parts, scope.item, p.original, loc, scope.list);
  }

  private walkItem(parts: string[], item: FieldDoc, original: string, loc: Loc, list?: string): FieldDoc | null {
    if (parts.length === 0) return item;
    if (item.type !== 'group') {
      this.add(loc, `elementi seznama${list ? ` »${list}«` : ''} so besedila: izpišite jih z {{this}}, ne z »${original}«`);
      return null;
    }
    return this.walk(parts, item.fields ?? [], original, loc, list);
  }

  private walk(parts: string[], fields: FieldDoc[], original: string, loc: Loc, list?: string): FieldDoc | null {
    let current: FieldDoc | null = null;
    let options = fields;
    for (const [i, part] of parts.entries()) {
      if (current?.type === 'list') {
        if (part === 'length' && i === parts.length - 1) return { name: 'length', type: 'number', description: '' };
        this.add(loc, `»${parts.slice(0, i).join('.')}« je seznam; od njega je mogoče le ».length« ali {{#each}}`);
        return null;
      }
      if (current && current.type !== 'group') {
        this.add(loc, `»${parts.slice(0, i).join('.')}« je vrednost in nima polja »${part}«`);
        return null;
      }
      const found = options.find((f) => f.name === part);
      if (!found) {
        const all = i === 0 && !list ? LETTER_FIELDS.find((f) => f.name === part) : undefined;
        const where = i > 0 ? ` v skupini »${parts.slice(0, i).join('.')}«` : list ? ` v elementu seznama »${list}«` : ' v modelu dopisa';
        if (all?.only) {
          this.add(loc, `polje »${part}« ima le ${all.only.map((n) => `predloga »${n}«`).join(' in ')}`);
        } else {
          const near = closest(part, options.map((f) => f.name));
          this.add(loc, `polje »${original}« ne obstaja${where}${near ? ` (ste mislili »${near}«?)` : ''}`);
        }
        return null;
      }
      current = found;
      options = found.fields ?? [];
    }
    return current;
  }
}

/** The nearest known name within two edits, for "ste mislili …". */
function closest(word: string, names: string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const n of names) {
    const d = distance(word.toLowerCase(), n.toLowerCase());
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function countBody(ast: hbs.AST.Program): number {
  let n = 0;
  const visit = (p: hbs.AST.Program | undefined) => {
    for (const s of p?.body ?? []) {
      if (s.type === 'MustacheStatement') {
        const m = s as hbs.AST.MustacheStatement;
        if (m.path.type === 'PathExpression' && (m.path as hbs.AST.PathExpression).original === 'body') n += 1;
      } else if (s.type === 'BlockStatement') {
        visit((s as hbs.AST.BlockStatement).program);
        visit((s as hbs.AST.BlockStatement).inverse);
      }
    }
  };
  visit(ast);
  return n;
}

// ------------------------------------------------------------------ the HTML around the expressions

/** Handlebars expressions (and comments) blanked out, line breaks kept: the HTML skeleton, positions unchanged. */
const EXPRESSION = /\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}\}*/g;
const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/**
 * The sanitizer's removals in the editor's words. Event attributes, external addresses, `javascript:`,
 * url() and @import are said by the checks below at their exact place, so they are not said twice;
 * an attribute or declaration whose value is an expression (blanked here) is said below too.
 */
function removalMessage(r: Removal): string | null {
  if (r.kind === 'element') {
    if (r.what === 'script') return 'element <script> ni dovoljen: dopis ne sme vsebovati programske kode';
    if (r.what === 'meta') return 'element <meta> ni dovoljen (vstavil bi dejavno ali zunanjo vsebino); dovoljen je le <meta charset="utf-8">';
    return r.reason === 'element ni na seznamu dovoljenih'
      ? `element <${r.what}> ni dovoljen; dopis ga ne bi vseboval (dovoljeni so elementi besedila, npr. p, h1, ul, li, strong, div, table)`
      : `element <${r.what}> ni dovoljen (vstavil bi dejavno ali zunanjo vsebino)`;
  }
  if (r.kind === 'attribute') {
    const element = r.what.split(' ')[0];
    // Blank here: an expression fills it when the letter is rendered (checked below, and by the sanitizer then).
    if (r.attribute!.startsWith('on') || r.attribute === 'style' || !r.value?.trim()) return null;
    if (r.attribute === 'href') return `povezava v elementu <${element}> ni dovoljena: dopis sme vsebovati le povezave mailto:`;
    return `atribut »${r.attribute}« elementa <${element}> ni dovoljen (${r.reason}); dopis bi bil brez njega`;
  }
  if (r.reason === 'lastnost brez vrednosti') return null; // a field printed into CSS: said below
  return `slog: »${r.what.replace(/[{}]/g, '')}« ni dovoljen (${r.reason}); dopis bi bil brez njega`;
}

/** Where an attribute's name starts inside the tag that starts at `tag` (the tag's start if not found). */
function attributeOffset(html: string, tag: number, name: string): number {
  const end = html.indexOf('>', tag);
  const text = html.slice(tag, end < 0 ? undefined : end);
  const m = new RegExp(`[\\s"'/]${name.replace(/[^a-z0-9-]/g, '')}\\s*(=|[\\s/>]|$)`, 'i').exec(text);
  return m ? tag + m.index + 1 : tag;
}

/** Attributes that name an address the reader's program would load or follow. */
const URL_ATTRIBUTES = ['src', 'href', 'srcset', 'action', 'formaction', 'background', 'poster', 'data', 'xlink:href', 'cite', 'longdesc'];

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function checkHtml(source: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const add = (offset: number, message: string) => issues.push({ ...position(source, offset), message });
  const html = source.replace(EXPRESSION, blank);

  // What the sanitizer (sanitize.ts) would leave out of the letter, said before a save: the same
  // parser and allow-list, so the feedback matches what a letter will contain.
  for (const r of letterHtmlRemovals(html)) {
    const offset = r.attribute ? attributeOffset(html, r.offset, r.attribute) : r.offset;
    const message = removalMessage(r);
    if (message) add(offset, message);
  }

  const urlAttribute = new RegExp(`\\s(${URL_ATTRIBUTES.join('|')})\\s*=\\s*["']?\\s*((?:https?:)?//)`, 'gi');
  const tags: { start: number; end: number }[] = [];
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>?/g)) {
    const text = tag[0];
    tags.push({ start: tag.index, end: tag.index + text.length });
    for (const a of text.matchAll(/[\s"'/]on[a-z]+\s*=/gi)) {
      add(tag.index + a.index + 1, `atribut »${a[0].slice(1).replace(/\s*=$/, '')}« ni dovoljen: dogodki v HTML zaženejo JavaScript`);
    }
    for (const a of text.matchAll(urlAttribute)) {
      add(tag.index + a.index + 1, `zunanji vir v atributu »${a[1]!.toLowerCase()}« ni dovoljen (${a[2]}…): dopis ne sme ničesar nalagati od drugod`);
    }
  }

  const js = () => /j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t\s*:/gi;
  const plain = [...html.matchAll(js())];
  for (const m of plain) add(m.index, 'naslovi »javascript:« niso dovoljeni');
  if (plain.length === 0 && js().test(decodeEntities(html))) {
    add(Math.max(0, html.search(/&#|&colon;/i)), 'naslovi »javascript:« niso dovoljeni (tudi ne zapisani z entitetami)');
  }

  for (const m of html.matchAll(/url\(\s*["']?\s*((?:https?:)?\/\/)|@import\b/gi)) {
    add(m.index, m[0].startsWith('@') ? 'CSS @import ni dovoljen: dopis ne sme ničesar nalagati od drugod' : `zunanji vir v CSS url(${m[1]}…) ni dovoljen`);
  }

  // An expression printed into an address, a style or an event is not made safe by HTML escaping.
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)(<\/style\s*>|$)/gi)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  for (const m of source.matchAll(EXPRESSION)) {
    if (m[0].startsWith('{{!')) continue;
    const i = m.index;
    if (styles.some((r) => i > r.start && i < r.end)) {
      add(i, 'polj ni mogoče vstavljati v <style>');
      continue;
    }
    const tag = tags.find((r) => i > r.start && i < r.end);
    if (!tag) continue;
    const attr = /\s([a-zA-Z:-]+)\s*=\s*["']?[^"'>]*$/.exec(html.slice(tag.start, i))?.[1]?.toLowerCase();
    if (attr && (URL_ATTRIBUTES.includes(attr) || attr === 'style' || attr.startsWith('on'))) {
      add(i, `polja ni mogoče vstavljati v atribut »${attr}«: ubežanje HTML tam ne zadošča`);
    }
  }
  return issues;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16) || 32))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d) || 32))
    .replace(/&colon;/gi, ':').replace(/&tab;|&newline;/gi, '');
}
