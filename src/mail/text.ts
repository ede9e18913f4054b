import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';

const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'ul', 'ol', 'li', 'footer', 'header', 'section', 'main', 'br', 'tr']);
const SKIP = new Set(['style', 'script', 'head', 'title']);

/** The plain-text part of an e-mail from a letter's HTML: paragraphs on their own lines, list items with a dash. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') out.push(n.data.replace(/\s+/g, ' '));
      else if (n.type === 'tag') {
        if (SKIP.has(n.name)) continue;
        if (n.name === 'li') out.push('\n- ');
        else if (BLOCKS.has(n.name)) out.push('\n');
        walk(n.children);
        if (BLOCKS.has(n.name)) out.push('\n');
      }
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children);
  return out.join('').split('\n').map((l) => l.trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
