import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { sanitizeDeclarations, sanitizeStylesheet } from './sanitizeCss.js';

/**
 * A letter's HTML as it may leave the system (issue 10 #7). Letters are rendered from templates that
 * legal staff edit in the browser; the template policy (templatePolicy.ts) gives them early feedback,
 * but it reads template source, where a browser's or mail reader's parser sees something else (a `>`
 * inside a quoted attribute, entities, backslashes, CSS escapes). So the *rendered* HTML is parsed here
 * with htmlparser2 and written out again from an allow-list: only text elements, only harmless
 * attributes, links only to `mailto:`, CSS only of allowed properties with plain values (no url(),
 * no escapes, no at-rules). What is not on the list is dropped: a letter can load nothing from
 * elsewhere, run nothing and send its reader nowhere, whatever a template says.
 *
 * The output is well formed (every element closed, text and attributes escaped), so a browser reads
 * the same tree; sanitizing sanitized HTML gives the same string.
 */

/** Elements a letter may have, written out with their allowed attributes. */
export const LETTER_ELEMENTS: ReadonlySet<string> = new Set([
  'html', 'head', 'title', 'style', 'meta', 'body',
  'header', 'footer', 'main', 'section', 'article', 'aside', 'div', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'address', 'pre',
  'strong', 'b', 'em', 'i', 'u', 's', 'small', 'sub', 'sup', 'span', 'abbr', 'code', 'mark', 'time',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'colgroup', 'col', 'a',
]);

const VOID = new Set(['br', 'hr', 'meta', 'col']);

/**
 * Elements dropped with everything inside them: active or embedded content, forms' controls, and
 * elements whose content is not text for the reader. Any other unknown element is unwrapped: its tag
 * goes, its text stays.
 */
const DROPPED_WITH_CONTENT = new Set([
  'script', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'noframes', 'object', 'embed', 'applet', 'param',
  'svg', 'math', 'img', 'picture', 'source', 'video', 'audio', 'track', 'canvas', 'map', 'area', 'image',
  'link', 'base', 'input', 'textarea', 'select', 'option', 'optgroup', 'button', 'datalist', 'output',
  'xmp', 'plaintext', 'noembed', 'portal', 'slot', 'dialog',
]);

/** Attributes every kept element may have (with the value checks below). */
const GLOBAL_ATTRIBUTES = new Set(['class', 'lang', 'dir', 'title', 'style']);
const ELEMENT_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  a: new Set(['href']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan', 'scope']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'type']),
  time: new Set(['datetime']),
};

/** Something the sanitizer left out, where it stood in the input (offset), and why. */
export interface Removal {
  offset: number;
  kind: 'element' | 'attribute' | 'css';
  /** The element, `element attribute`, or the CSS that went (a property name or an at-rule/selector). */
  what: string;
  /** For an attribute: its name; for CSS in an attribute: `style`. */
  attribute?: string;
  /** For an attribute: its value as parsed. */
  value?: string;
  reason: string;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Whitespace and controls a browser ignores or strips inside a URL ("java\tscript:", " mailto:"). */
const URL_NOISE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

/** `mailto:` only: a letter links to no web page, no file, no script. */
export function safeHref(value: string): string | null {
  const v = value.replace(URL_NOISE, '');
  if (!/^mailto:[^\\<>"'`]+$/i.test(v)) return null;
  return `mailto:${v.slice('mailto:'.length)}`;
}

/** The value an attribute is written with, or null when it is left out. */
function attributeValue(element: string, name: string, value: string): { value: string } | { reason: string } {
  switch (name) {
    case 'class': {
      const tokens = value.split(/\s+/).filter((t) => /^[A-Za-z0-9_-]+$/.test(t));
      return tokens.length ? { value: tokens.join(' ') } : { reason: 'razred brez veljavnega imena' };
    }
    case 'lang':
      return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value.trim()) ? { value: value.trim() } : { reason: 'neveljavna oznaka jezika' };
    case 'dir':
      return /^(ltr|rtl|auto)$/i.test(value.trim()) ? { value: value.trim().toLowerCase() } : { reason: 'smer je ltr, rtl ali auto' };
    case 'title':
      return { value };
    case 'style': {
      const kept = sanitizeDeclarations(value).css;
      return kept ? { value: kept } : { reason: 'slog brez dovoljenih lastnosti' };
    }
    case 'href': {
      const href = element === 'a' ? safeHref(value) : null;
      return href ? { value: href } : { reason: 'dopis sme vsebovati le povezave mailto:' };
    }
    case 'colspan': case 'rowspan': case 'span': case 'start':
      return /^\s*\d{1,3}\s*$/.test(value) ? { value: value.trim() } : { reason: 'število' };
    case 'scope':
      return /^(row|col|rowgroup|colgroup)$/i.test(value.trim()) ? { value: value.trim().toLowerCase() } : { reason: 'neveljaven obseg' };
    case 'type':
      return /^[1aAiI]$/.test(value.trim()) ? { value: value.trim() } : { reason: 'neveljavna vrsta oštevilčenja' };
    case 'datetime':
      return /^[0-9T:.+\-Z ]{1,40}$/.test(value) ? { value } : { reason: 'neveljaven čas' };
    default:
      return { reason: 'atribut ni na seznamu dovoljenih' };
  }
}

const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

class Writer {
  private out = '';
  constructor(private readonly removed: Removal[] | null, private readonly base: number) {}

  private remove(r: Omit<Removal, 'offset'>, offset: number | null | undefined): void {
    this.removed?.push({ ...r, offset: this.base + (offset ?? 0) });
  }

  nodes(nodes: ChildNode[]): void {
    for (const n of nodes) this.node(n);
  }

  private node(n: ChildNode): void {
    if (n.type === 'text') {
      this.out += escapeText(n.data);
      return;
    }
    if (n.type === 'directive') {
      if (/^!doctype\b/i.test(n.name)) this.out += '<!DOCTYPE html>';
      return;
    }
    if (!isElement(n)) return; // comments, CDATA
    const name = n.name.toLowerCase();
    if (DROPPED_WITH_CONTENT.has(name)) {
      this.remove({ kind: 'element', what: name, reason: 'dejavna, vdelana ali zunanja vsebina' }, n.startIndex);
      return;
    }
    if (!LETTER_ELEMENTS.has(name)) {
      this.remove({ kind: 'element', what: name, reason: 'element ni na seznamu dovoljenih' }, n.startIndex);
      this.nodes(n.children);
      return;
    }
    if (name === 'meta') return this.meta(n);
    if (name === 'style') return this.style(n);
    this.out += `<${name}${this.attributes(n, name)}>`;
    if (VOID.has(name)) return;
    if (name === 'title') {
      // RCDATA: its content is text, whatever it looks like.
      this.out += escapeText(n.children.map((c) => (c.type === 'text' ? c.data : '')).join(''));
    } else {
      this.nodes(n.children);
    }
    this.out += `</${name}>`;
  }

  private attributes(el: Element, name: string): string {
    let s = '';
    for (const [rawKey, value] of Object.entries(el.attribs)) {
      const key = rawKey.toLowerCase();
      const allowed = GLOBAL_ATTRIBUTES.has(key) || ELEMENT_ATTRIBUTES[name]?.has(key);
      const result = allowed ? attributeValue(name, key, value) : { reason: key.startsWith('on') ? 'dogodki zaženejo JavaScript' : 'atribut ni na seznamu dovoljenih' };
      if ('value' in result) s += ` ${key}="${escapeAttribute(result.value)}"`;
      else this.remove({ kind: 'attribute', what: `${name} ${key}`, attribute: key, value, reason: result.reason }, el.startIndex);
      if (key === 'style' && allowed) this.reportCss(sanitizeDeclarations(value).removed, el.startIndex, 'style');
    }
    return s;
  }

  /** `<meta charset>` is the only meta a letter needs; http-equiv (refresh, CSP, cookies) and the rest go. */
  private meta(el: Element): void {
    if ('charset' in el.attribs && Object.keys(el.attribs).length === 1) {
      this.out += '<meta charset="utf-8">';
      return;
    }
    this.remove({ kind: 'element', what: 'meta', reason: 'le <meta charset="utf-8"> je dovoljen' }, el.startIndex);
  }

  private style(el: Element): void {
    const text = el.children.map((c) => (c.type === 'text' ? c.data : '')).join('');
    const { css, removed } = sanitizeStylesheet(text);
    const textStart = el.children[0]?.startIndex ?? el.startIndex;
    for (const r of removed) this.remove({ kind: 'css', what: r.what, reason: r.reason }, (textStart ?? 0) + r.offset);
    if (css) this.out += `<style>${css}</style>`;
  }

  private reportCss(removed: { what: string; reason: string }[], at: number | null | undefined, attribute: string): void {
    for (const r of removed) this.remove({ kind: 'css', what: r.what, attribute, reason: r.reason }, at);
  }

  toString(): string {
    return this.out;
  }
}

const parse = (html: string) => parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, withStartIndices: true });

/** The letter HTML with everything off the allow-list left out. */
export function sanitizeLetterHtml(html: string): string {
  const w = new Writer(null, 0);
  w.nodes(parse(html).children);
  return w.toString();
}

/** What sanitizeLetterHtml would leave out of this HTML, with offsets into it (the template policy's early feedback). */
export function letterHtmlRemovals(html: string): Removal[] {
  const removed: Removal[] = [];
  new Writer(removed, 0).nodes(parse(html).children);
  return removed;
}

/**
 * The Content-Security-Policy of a page that shows a stored letter (issue 10 #7): the letter's own
 * `<style>` and style attributes and nothing else. No script, image, font, frame or connection from
 * anywhere, no `<base>`, no form; `sandbox` makes the page an opaque origin with no script, no form
 * submission and no navigation of the window around it, for letters stored before the sanitizer.
 */
export const LETTER_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
