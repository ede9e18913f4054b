/**
 * CSS a letter may carry (issue 10 #7): a small allow-list of layout and typography properties whose
 * values are plain words, numbers, lengths, colours and simple quoted font names. Nothing that can
 * name an address survives: no parentheses (url(), image-set(), expression(), src()), no backslash
 * (CSS escapes such as `\75 rl(`), no at-rules (@import, @font-face, @media), no `<`. The stylesheet
 * is not repaired but rebuilt: each kept rule is written anew from its checked selector and
 * declarations, so what is written is exactly what was checked.
 */

export const CSS_PROPERTIES: ReadonlySet<string> = new Set([
  'color', 'background-color', 'opacity',
  'font', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'line-height', 'letter-spacing', 'word-spacing',
  'text-align', 'text-decoration', 'text-transform', 'text-indent', 'white-space', 'vertical-align', 'overflow-wrap', 'word-break', 'hyphens',
  'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border', 'border-top', 'border-right', 'border-bottom', 'border-left', 'border-color', 'border-style', 'border-width', 'border-radius',
  'border-collapse', 'border-spacing',
  'width', 'min-width', 'max-width', 'height', 'min-height', 'max-height', 'box-sizing',
  'display', 'float', 'clear', 'gap', 'row-gap', 'column-gap', 'grid-template-columns', 'grid-template-rows', 'grid-column', 'grid-row',
  'list-style-type', 'list-style-position', 'table-layout', 'caption-side',
  'page-break-before', 'page-break-after', 'page-break-inside', 'break-before', 'break-after', 'break-inside', 'orphans', 'widows',
]);

/** Words, numbers, lengths, #colours, `/`, `,`, `!important` and quoted names of letters and spaces only. */
const VALUE = /^(?:[-a-zA-Z0-9#.,%\s/!+]|"[a-zA-Z0-9 ,.-]*"|'[a-zA-Z0-9 ,.-]*')+$/;
/** Type, class, id, descendant/child/sibling combinators, pseudo-classes with simple arguments. */
const SELECTOR = /^[-a-zA-Z0-9\s.#,>+~*_:()]+$/;

export interface CssRemoval {
  /** Offset in the CSS text given. */
  offset: number;
  what: string;
  reason: string;
}

/** Declarations (`a: b; c: d`) with the disallowed ones left out; `css` is empty when none is kept. */
export function sanitizeDeclarations(text: string, base = 0): { css: string; removed: CssRemoval[] } {
  const kept: string[] = [];
  const removed: CssRemoval[] = [];
  let offset = 0;
  for (const part of text.split(';')) {
    const at = base + offset + (part.length - part.trimStart().length);
    offset += part.length + 1;
    if (!part.trim()) continue;
    const colon = part.indexOf(':');
    const property = (colon < 0 ? part : part.slice(0, colon)).trim().toLowerCase();
    const value = colon < 0 ? '' : part.slice(colon + 1).trim().replace(/\s+/g, ' ');
    if (colon < 0 || !/^[a-z-]+$/.test(property)) {
      removed.push({ offset: at, what: property || part.trim().slice(0, 40), reason: 'ni deklaracija CSS (lastnost: vrednost)' });
    } else if (!CSS_PROPERTIES.has(property)) {
      removed.push({ offset: at, what: property, reason: 'lastnost ni na seznamu dovoljenih' });
    } else if (!value) {
      removed.push({ offset: at, what: property, reason: 'lastnost brez vrednosti' });
    } else if (!VALUE.test(value)) {
      removed.push({ offset: at, what: property, reason: 'vrednost sme vsebovati le besede, števila, mere, barve #rrggbb in imena pisav v narekovajih (brez oklepajev, poševnic nazaj in @)' });
    } else {
      kept.push(`${property}: ${value}`);
    }
  }
  return { css: kept.length ? `${kept.join('; ')};` : '', removed };
}

/** Comments as spaces (offsets kept); an unclosed one runs to the end. */
const blankComments = (css: string) => css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, (m) => ' '.repeat(m.length));

/** A stylesheet with the disallowed rules and declarations left out; written one rule a line. */
export function sanitizeStylesheet(input: string): { css: string; removed: CssRemoval[] } {
  const css = blankComments(input);
  const rules: string[] = [];
  const removed: CssRemoval[] = [];
  let i = 0;
  while (i < css.length) {
    while (i < css.length && /\s/.test(css[i]!)) i++;
    if (i >= css.length) break;
    const start = i;
    while (i < css.length && css[i] !== '{' && css[i] !== ';' && css[i] !== '}') i++;
    const prelude = css.slice(start, i).trim();
    if (i >= css.length || css[i] !== '{') {
      // A statement (`@import "x";`) or stray text: nothing of it is kept.
      removed.push({ offset: start, what: prelude.slice(0, 40), reason: prelude.startsWith('@') ? 'pravila @ niso dovoljena' : 'ni pravilo CSS' });
      i++;
      continue;
    }
    // The block, to its matching brace; a nested block (an at-rule's) makes the whole rule go.
    let depth = 1;
    const bodyStart = ++i;
    let nested = false;
    while (i < css.length && depth > 0) {
      if (css[i] === '{') { depth++; nested = true; }
      else if (css[i] === '}') depth--;
      i++;
    }
    const body = css.slice(bodyStart, depth === 0 ? i - 1 : i);
    if (prelude.startsWith('@') || nested) {
      removed.push({ offset: start, what: prelude.slice(0, 40), reason: 'pravila @ in gnezdena pravila niso dovoljena' });
      continue;
    }
    if (!prelude || !SELECTOR.test(prelude)) {
      removed.push({ offset: start, what: prelude.slice(0, 40), reason: 'izbirnik sme vsebovati le imena elementov, razrede, oznake in kombinatorje' });
      continue;
    }
    const decls = sanitizeDeclarations(body, bodyStart);
    removed.push(...decls.removed);
    if (decls.css) rules.push(`${prelude.replace(/\s+/g, ' ')} { ${decls.css} }`);
  }
  return { css: rules.length ? `\n${rules.map((r) => `  ${r}`).join('\n')}\n` : '', removed };
}
