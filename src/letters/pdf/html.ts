import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

/**
 * A letter's HTML (views/letters/layout.hbs with its partials and one letter template) read into a
 * small, typed model of what a printed letter has: letterhead, headings, paragraphs with bold and
 * italic runs, lists, the legal-instruction block and the signature. The HTML is only parsed (with
 * htmlparser2): nothing in it is executed or fetched; scripts, styles and unknown attributes are ignored.
 */

/** A run of text in one style; a line break is a run whose text is "\n". */
export interface Run { text: string; bold?: boolean; italics?: boolean }

export type Block =
  | { kind: 'paragraph'; runs: Run[]; role?: 'outcome' | 'contact' }
  | { kind: 'heading'; level: 1 | 2 | 3; runs: Run[] }
  | { kind: 'list'; ordered: boolean; items: Block[][] }
  | { kind: 'legal'; blocks: Block[] }
  | { kind: 'rule' }
  | { kind: 'letterhead'; sender: Run[][]; recipient: Run[][]; meta: Run[][] }
  | { kind: 'signature'; paragraphs: Run[][]; contact: Run[] | null };

export interface LetterDocument {
  /** The <title>, else the first heading's text. */
  title: string;
  /** <html lang>, "sl" when absent. */
  lang: string;
  /** "Številka: …" of the letterhead. */
  documentNumber: string | null;
  /** "Datum: d. m. yyyy" of the letterhead, as noon UTC of that day. */
  date: Date | null;
  blocks: Block[];
}

const SKIP = new Set(['head', 'title', 'style', 'script', 'noscript', 'template', 'meta', 'link', 'iframe', 'object', 'embed', 'svg', 'img', 'button', 'input', 'select', 'textarea', 'form']);
const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'div', 'main', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'body', 'html', 'blockquote', 'hr', 'address', 'table', 'tbody', 'thead', 'tr', 'td', 'th', 'dl', 'dt', 'dd', 'figure', 'pre']);

const isTag = (n: ChildNode): n is Element => n.type === 'tag';
const classes = (el: Element): string[] => (el.attribs.class ?? '').split(/\s+/).filter(Boolean);
const hasClass = (el: Element, c: string) => classes(el).includes(c);

/** Plain text of a node (entities already decoded by the parser), whitespace collapsed. */
function textOf(nodes: ChildNode[]): string {
  let s = '';
  const walk = (ns: ChildNode[]) => {
    for (const n of ns) {
      if (n.type === 'text') s += n.data;
      else if (isTag(n) && !SKIP.has(n.name)) {
        if (n.name === 'br') s += ' ';
        walk(n.children);
      }
    }
  };
  walk(nodes);
  return s.replace(/[ \t\n\r\f]+/g, ' ').trim();
}

/** The styled runs of inline content. Block elements met inline (rare, malformed HTML) become line breaks around their text. */
function inlineRuns(nodes: ChildNode[], style: { bold?: boolean; italics?: boolean } = {}): Run[] {
  const out: Run[] = [];
  for (const n of nodes) {
    if (n.type === 'text') out.push({ text: n.data.replace(/[ \t\n\r\f]+/g, ' '), ...style });
    else if (isTag(n)) {
      if (SKIP.has(n.name)) continue;
      if (n.name === 'br') { out.push({ text: '\n' }); continue; }
      const inner = { ...style };
      if (n.name === 'strong' || n.name === 'b') inner.bold = true;
      if (n.name === 'em' || n.name === 'i') inner.italics = true;
      const block = BLOCK.has(n.name);
      if (block) out.push({ text: '\n' });
      out.push(...inlineRuns(n.children, inner));
      if (block) out.push({ text: '\n' });
    }
  }
  return out;
}

/** HTML whitespace rules: collapsed across runs, trimmed at the start and end of the block and around line breaks; adjacent runs of one style merged. */
export function normalizeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  let lineStart = true;
  const trimLast = () => {
    const last = out[out.length - 1];
    if (last && last.text !== '\n') {
      last.text = last.text.replace(/ +$/, '');
      if (last.text === '') { out.pop(); trimLast(); }
    }
  };
  for (const r of runs) {
    if (r.text === '\n') {
      trimLast();
      if (out.length) out.push({ text: '\n' });
      lineStart = true;
      continue;
    }
    let t = r.text;
    const prev = out[out.length - 1];
    if (lineStart || (prev && prev.text.endsWith(' '))) t = t.replace(/^ +/, '');
    if (t === '') continue;
    lineStart = false;
    if (prev && prev.text !== '\n' && !!prev.bold === !!r.bold && !!prev.italics === !!r.italics) prev.text += t;
    else out.push({ text: t, ...(r.bold ? { bold: true } : {}), ...(r.italics ? { italics: true } : {}) });
  }
  trimLast();
  while (out.length && out[0].text === '\n') out.shift();
  while (out.length && out[out.length - 1].text === '\n') out.pop();
  return out;
}

/** Runs split at line breaks, empty lines dropped. */
export function lines(runs: Run[]): Run[][] {
  const result: Run[][] = [[]];
  for (const r of runs) {
    if (r.text === '\n') result.push([]);
    else result[result.length - 1].push(r);
  }
  return result.filter((l) => l.length > 0);
}

const plain = (runs: Run[]) => runs.map((r) => r.text).join('');

function letterhead(el: Element): Block {
  const parts = { sender: [] as Run[][], recipient: [] as Run[][], meta: [] as Run[][] };
  const rest: Run[][] = [];
  for (const child of el.children) {
    if (!isTag(child)) continue;
    const ls = lines(normalizeRuns(inlineRuns(child.children)));
    if (hasClass(child, 'sender')) parts.sender.push(...ls);
    else if (hasClass(child, 'recipient')) parts.recipient.push(...ls);
    else if (hasClass(child, 'meta')) parts.meta.push(...ls);
    else rest.push(...ls);
  }
  // A letterhead without the classes: the first paragraph is the sender, the second the recipient, the rest meta.
  if (!parts.sender.length && !parts.recipient.length && !parts.meta.length) return { kind: 'letterhead', sender: rest.slice(0, 1), recipient: rest.slice(1, 2), meta: rest.slice(2) };
  parts.meta.push(...rest);
  return { kind: 'letterhead', ...parts };
}

function signature(el: Element): Block {
  const paragraphs: Run[][] = [];
  let contact: Run[] | null = null;
  for (const b of blocks(el.children)) {
    if (b.kind === 'paragraph' && b.role === 'contact') contact = b.runs;
    else if (b.kind === 'paragraph' || b.kind === 'heading') paragraphs.push(b.runs);
  }
  return { kind: 'signature', paragraphs, contact };
}

function paragraph(runs: Run[], role?: 'outcome' | 'contact'): Block[] {
  const r = normalizeRuns(runs);
  return r.length ? [{ kind: 'paragraph', runs: r, ...(role ? { role } : {}) }] : [];
}

function block(el: Element): Block[] {
  const name = el.name;
  if (name === 'header' && hasClass(el, 'letterhead')) return [letterhead(el)];
  if (name === 'footer' && hasClass(el, 'signature')) return [signature(el)];
  if (hasClass(el, 'legal')) {
    const inner = blocks(el.children);
    return inner.length ? [{ kind: 'legal', blocks: inner }] : [];
  }
  if (name === 'p' || name === 'address' || name === 'pre' || name === 'dt' || name === 'dd') {
    return paragraph(inlineRuns(el.children), hasClass(el, 'outcome') ? 'outcome' : hasClass(el, 'contact') ? 'contact' : undefined);
  }
  if (/^h[1-6]$/.test(name)) {
    const runs = normalizeRuns(inlineRuns(el.children));
    return runs.length ? [{ kind: 'heading', level: Math.min(Number(name[1]), 3) as 1 | 2 | 3, runs }] : [];
  }
  if (name === 'ul' || name === 'ol') {
    const items = el.children.filter(isTag).map((li) => (li.name === 'li' ? blocks(li.children) : block(li))).filter((b) => b.length > 0);
    return items.length ? [{ kind: 'list', ordered: name === 'ol', items }] : [];
  }
  if (name === 'li') {
    const item = blocks(el.children);
    return item.length ? [{ kind: 'list', ordered: false, items: [item] }] : [];
  }
  if (name === 'hr') return [{ kind: 'rule' }];
  if (name === 'tr') return paragraph(el.children.filter(isTag).flatMap((c, i) => [...(i ? [{ text: ' ' }] : []), ...inlineRuns(c.children)]));
  return blocks(el.children);
}

/** The blocks of a container; loose inline content between blocks becomes a paragraph. */
function blocks(nodes: ChildNode[]): Block[] {
  const out: Block[] = [];
  let pending: ChildNode[] = [];
  const flush = () => {
    if (pending.length) out.push(...paragraph(inlineRuns(pending)));
    pending = [];
  };
  for (const n of nodes) {
    if (isTag(n) && SKIP.has(n.name)) continue;
    if (isTag(n) && BLOCK.has(n.name)) {
      flush();
      out.push(...block(n));
    } else if (n.type === 'text' || isTag(n)) pending.push(n);
  }
  flush();
  return out;
}

function find(nodes: ChildNode[], pred: (el: Element) => boolean): Element | null {
  for (const n of nodes) {
    if (!isTag(n)) continue;
    if (pred(n)) return n;
    const inner = find(n.children, pred);
    if (inner) return inner;
  }
  return null;
}

const DATE = /Datum:\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})/;
const NUMBER = /Številka:\s*(\S+)/;

export function parseLetterHtml(html: string): LetterDocument {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const htmlEl = find(doc.children, (e) => e.name === 'html');
  const titleEl = find(doc.children, (e) => e.name === 'title');
  const body = find(doc.children, (e) => e.name === 'body');
  const result = blocks(body ? body.children : doc.children);
  const head = result.find((b) => b.kind === 'letterhead');
  const metaText = head && head.kind === 'letterhead' ? head.meta.map(plain).join('\n') : '';
  const heading = result.find((b) => b.kind === 'heading');
  const title = (titleEl ? textOf(titleEl.children) : '') || (heading && heading.kind === 'heading' ? plain(heading.runs) : '');
  const d = DATE.exec(metaText);
  const date = d ? new Date(Date.UTC(Number(d[3]), Number(d[2]) - 1, Number(d[1]), 12)) : null;
  const lang = (htmlEl?.attribs.lang ?? '').trim();
  return {
    title,
    lang: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'sl',
    documentNumber: NUMBER.exec(metaText)?.[1] ?? null,
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    blocks: result,
  };
}
