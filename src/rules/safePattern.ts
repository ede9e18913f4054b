/**
 * Regular expressions in a rule set's facts schema (`pattern`, `patternProperties`) that cannot
 * backtrack catastrophically (issue 10 #8). JavaScript's engine backtracks: `(a+)+$` on thirty a's
 * and a "!" takes seconds on the server's only thread, and facts come from what people type. So a
 * pattern is read into a small syntax tree here and refused when it has
 *
 * - a repetition inside a repetition that can match the same text in more than one way:
 *   an unbounded one inside any repeated group (`(a+)+`, `(.*a){20}`), or one of variable length
 *   inside an unbounded group (`([a-z]{2,5})+`, `(a?)*`);
 * - an alternation under an unbounded repetition whose branches can start with the same character
 *   or match nothing (`(a|a)*`, `(a|aa)+`, `(a|)+`);
 * - three or more unbounded repetitions in a row that can take each other's characters
 *   (`.*a.*a.*`: time grows with the third power of the text);
 * - back-references (matching with them is not even polynomial), or more than MAX_PATTERN characters.
 *
 * The check is conservative: a harmless pattern of one of these shapes is refused too, and the
 * message says how to write it instead. No rule set pattern of ours needs any of them.
 */

export const MAX_PATTERN = 500;

/** Sorted, disjoint, inclusive code-point ranges. */
type Ranges = [number, number][];

type Node =
  | { t: 'chars'; set: Ranges }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; body: Node; min: number; max: number }
  | { t: 'empty' }
  | { t: 'look'; body: Node }
  | { t: 'backref' };

const MAX_CP = 0x10ffff;
const ANY: Ranges = [[0, MAX_CP]];
const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACE: Ranges = [[9, 13], [32, 32], [160, 160], [5760, 5760], [8192, 8202], [8232, 8233], [8239, 8239], [8287, 8287], [12288, 12288], [65279, 65279]];
const LINE_END: Ranges = [[10, 10], [13, 13], [8232, 8233]];

function normalise(r: Ranges): Ranges {
  const sorted = [...r].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalise(r)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

const minus = (a: Ranges, b: Ranges): Ranges => complement(union(complement(a), b));
const union = (...sets: Ranges[]): Ranges => normalise(sets.flat().map(([a, b]) => [a, b] as [number, number]));
const overlaps = (a: Ranges, b: Ranges): boolean => a.some(([l1, h1]) => b.some(([l2, h2]) => l1 <= h2 && l2 <= h1));
const within = (a: Ranges, b: Ranges): boolean => a.every(([l, h]) => b.some(([l2, h2]) => l2 <= l && h <= h2));

/** Thrown by the parser: not a pattern JavaScript's RegExp would take the way we read it. */
class PatternSyntax extends Error {}

/** A recursive-descent reader of JavaScript regular expressions (the `u` flag's syntax, as Ajv compiles them). */
class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.s.length) throw new PatternSyntax(`unexpected "${this.s[this.i]}" at ${this.i}`);
    return node;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.peek() !== '|' && this.peek() !== ')') {
      let atom = this.atom();
      atom = this.quantified(atom);
      // A group without a quantifier is part of the sequence around it.
      if (atom.t === 'seq') items.push(...atom.items);
      else items.push(atom);
    }
    return items.length === 0 ? { t: 'empty' } : items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
        if (!m) throw new PatternSyntax(`a lone "{" at ${this.i}`);
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.i += m[0].length - 1;
      } else return node;
      this.i++;
      if (this.peek() === '?') this.i++; // lazy: the same paths, tried in another order
      if (node.t === 'look' || node.t === 'empty') throw new PatternSyntax('a quantifier after nothing to repeat');
      node = { t: 'rep', body: node, min, max };
    }
  }

  private atom(): Node {
    const c = this.s[this.i++]!;
    switch (c) {
      case '^': case '$':
        return { t: 'empty' };
      case '.':
        return { t: 'chars', set: complement(LINE_END) };
      case '(':
        return this.group();
      case '[':
        return { t: 'chars', set: this.classSet() };
      case '\\':
        return this.escape(false);
      case '*': case '+': case '?': case '{':
        throw new PatternSyntax(`nothing to repeat before "${c}" at ${this.i - 1}`);
      case ')': case ']': case '}':
        throw new PatternSyntax(`an unmatched "${c}" at ${this.i - 1}`);
      default: {
        const cp = this.s.codePointAt(this.i - 1)!;
        if (cp > 0xffff) this.i++;
        return { t: 'chars', set: [[cp, cp]] };
      }
    }
  }

  private group(): Node {
    let look = false;
    if (this.s.startsWith('?:', this.i)) this.i += 2;
    else if (/^\?<?[=!]/.test(this.s.slice(this.i, this.i + 3))) {
      look = true;
      this.i += this.s[this.i + 1] === '<' ? 3 : 2;
    } else if (this.s.startsWith('?<', this.i)) {
      const end = this.s.indexOf('>', this.i);
      if (end < 0) throw new PatternSyntax('an unfinished group name');
      this.i = end + 1;
    } else if (this.peek() === '?') throw new PatternSyntax(`an unknown group "(?${this.s[this.i + 1] ?? ''}"`);
    const body = this.alternation();
    if (this.s[this.i++] !== ')') throw new PatternSyntax('a group is not closed');
    return look ? { t: 'look', body } : body;
  }

  private escape(inClass: boolean): Node {
    const c = this.s[this.i++];
    if (c === undefined) throw new PatternSyntax('a "\\" at the end');
    const set = (r: Ranges): Node => ({ t: 'chars', set: r });
    switch (c) {
      case 'd': return set(DIGIT);
      case 'D': return set(complement(DIGIT));
      case 'w': return set(WORD);
      case 'W': return set(complement(WORD));
      case 's': return set(SPACE);
      case 'S': return set(complement(SPACE));
      case 'b': return inClass ? set([[8, 8]]) : { t: 'empty' };
      case 'B': return { t: 'empty' };
      case 'n': return set([[10, 10]]);
      case 'r': return set([[13, 13]]);
      case 't': return set([[9, 9]]);
      case 'v': return set([[11, 11]]);
      case 'f': return set([[12, 12]]);
      case '0': return set([[0, 0]]);
      case 'p': case 'P': {
        const m = /^\{([^}]*)\}/.exec(this.s.slice(this.i));
        if (m) this.i += m[0].length;
        // A Unicode property as a superset of its characters (all this check needs): letters and
        // numbers are never spaces or ASCII punctuation; any other property, any character.
        const name = (m?.[1] ?? '').replace(/^(General_Category|gc)=/, '');
        if (c === 'p' && /^(L|Letter|Lu|Ll|Lt|Lm|Lo|Alphabetic|Alpha)$/.test(name)) return set(minus(union([[65, 90], [97, 122], [0xaa, MAX_CP]]), SPACE));
        if (c === 'p' && /^(N|Number|Nd|Decimal_Number|digit)$/.test(name)) return set(minus(union(DIGIT, [[0xb2, MAX_CP]]), SPACE));
        return set(ANY);
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{2}/.exec(this.s.slice(this.i));
        if (!m) throw new PatternSyntax('an incomplete \\x escape');
        this.i += 2;
        const cp = parseInt(m[0], 16);
        return set([[cp, cp]]);
      }
      case 'u': {
        const m = /^(\{[0-9a-fA-F]{1,6}\}|[0-9a-fA-F]{4})/.exec(this.s.slice(this.i));
        if (!m) throw new PatternSyntax('an incomplete \\u escape');
        this.i += m[0].length;
        const cp = parseInt(m[0].replace(/[{}]/g, ''), 16);
        return set([[cp, cp]]);
      }
      case 'c': {
        const letter = this.s[this.i++];
        if (!letter || !/[a-zA-Z]/.test(letter)) throw new PatternSyntax('an incomplete \\c escape');
        const cp = letter.charCodeAt(0) % 32;
        return set([[cp, cp]]);
      }
      case 'k':
        if (inClass) throw new PatternSyntax('\\k inside a class');
        return { t: 'backref' };
      default:
        if (/[1-9]/.test(c)) {
          if (inClass) throw new PatternSyntax('a back-reference inside a class');
          while (/[0-9]/.test(this.peek() ?? '')) this.i++;
          return { t: 'backref' };
        }
        {
          const cp = c.codePointAt(0)!;
          return set([[cp, cp]]);
        }
    }
  }

  /** A [...] class, after its "[": its characters (negated when it starts with ^). */
  private classSet(): Ranges {
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const parts: Ranges = [];
    const single = (): Ranges => {
      const c = this.s[this.i++];
      if (c === undefined) throw new PatternSyntax('a class is not closed');
      if (c === '\\') {
        const n = this.escape(true);
        if (n.t !== 'chars') throw new PatternSyntax('an escape that is not a character inside a class');
        return n.set;
      }
      const cp = this.s.codePointAt(this.i - 1)!;
      if (cp > 0xffff) this.i++;
      return [[cp, cp]];
    };
    while (this.peek() !== ']') {
      if (this.i >= this.s.length) throw new PatternSyntax('a class is not closed');
      const from = single();
      if (this.peek() === '-' && this.s[this.i + 1] !== ']' && this.s[this.i + 1] !== undefined) {
        this.i++;
        const to = single();
        if (from.length === 1 && to.length === 1 && from[0]![0] === from[0]![1] && to[0]![0] === to[0]![1]) {
          if (to[0]![0] < from[0]![0]) throw new PatternSyntax('a class range out of order');
          parts.push([from[0]![0], to[0]![0]]);
        } else {
          parts.push(...from, ...to, [45, 45]);
        }
      } else {
        parts.push(...from);
      }
    }
    this.i++;
    return negated ? complement(parts) : normalise(parts);
  }
}

// ------------------------------------------------------------------ what a node can match

function nullable(n: Node): boolean {
  switch (n.t) {
    case 'chars': return false;
    case 'seq': return n.items.every(nullable);
    case 'alt': return n.options.some(nullable);
    case 'rep': return n.min === 0 || nullable(n.body);
    case 'empty': case 'look': case 'backref': return true;
  }
}

/** The characters a match can start with. */
function first(n: Node): Ranges {
  switch (n.t) {
    case 'chars': return n.set;
    case 'seq': {
      const out: Ranges[] = [];
      for (const item of n.items) {
        out.push(first(item));
        if (!nullable(item)) break;
      }
      return union(...out);
    }
    case 'alt': return union(...n.options.map(first));
    case 'rep': return first(n.body);
    case 'backref': return ANY;
    case 'empty': case 'look': return [];
  }
}

/** Every character a match can contain. */
function chars(n: Node): Ranges {
  switch (n.t) {
    case 'chars': return n.set;
    case 'seq': return union(...n.items.map(chars));
    case 'alt': return union(...n.options.map(chars));
    case 'rep': return chars(n.body);
    case 'backref': return ANY;
    case 'empty': case 'look': return [];
  }
}

/** The length of every match, or null when matches can differ in length. */
function fixedLength(n: Node): number | null {
  switch (n.t) {
    case 'chars': return 1;
    case 'empty': case 'look': return 0;
    case 'backref': return null;
    case 'seq': {
      let sum = 0;
      for (const item of n.items) {
        const l = fixedLength(item);
        if (l === null) return null;
        sum += l;
      }
      return sum;
    }
    case 'alt': {
      const lengths = n.options.map(fixedLength);
      return lengths.every((l) => l !== null && l === lengths[0]) ? lengths[0]! : null;
    }
    case 'rep': {
      const l = fixedLength(n.body);
      return l !== null && n.min === n.max ? l * n.min : null;
    }
  }
}

/** The repetitions inside a node, itself included. */
function repsIn(n: Node): Extract<Node, { t: 'rep' }>[] {
  const out: Extract<Node, { t: 'rep' }>[] = [];
  const walk = (x: Node) => {
    if (x.t === 'rep') out.push(x);
    if (x.t === 'rep' || x.t === 'look') walk(x.body);
    else if (x.t === 'seq') x.items.forEach(walk);
    else if (x.t === 'alt') x.options.forEach(walk);
  };
  walk(n);
  return out;
}

/** The alternations inside a node, itself included. */
function alternations(n: Node): Extract<Node, { t: 'alt' }>[] {
  const out: Extract<Node, { t: 'alt' }>[] = [];
  const walk = (x: Node) => {
    if (x.t === 'alt') {
      out.push(x);
      x.options.forEach(walk);
    } else if (x.t === 'rep' || x.t === 'look') walk(x.body);
    else if (x.t === 'seq') x.items.forEach(walk);
  };
  walk(n);
  return out;
}

// ------------------------------------------------------------------ the check

/** Why a pattern could backtrack catastrophically, or null when it cannot (as far as this check sees). */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN) return `the pattern is too long (at most ${MAX_PATTERN} characters)`;
  let tree: Node;
  try {
    tree = new Reader(pattern).parse();
  } catch (err) {
    if (err instanceof PatternSyntax) return `the pattern cannot be read: ${err.message}`;
    throw err;
  }
  const problems: string[] = [];
  const visit = (n: Node) => {
    if (n.t === 'backref') problems.push('back-references (\\1, \\k<name>) are not allowed: matching with them can take exponential time');
    if (n.t === 'rep' && n.max >= 2) {
      const why = nestedRepetition(n);
      if (why) problems.push(why);
    }
    if (n.t === 'rep' && n.max === Infinity) {
      for (const alt of alternations(n.body)) {
        const bad = alt.options.some(nullable) || alt.options.some((a, i) => alt.options.some((b, j) => j > i && overlaps(first(a), first(b))));
        if (bad) {
          problems.push('an alternation under a repetition whose branches can begin with the same character or match nothing (like (a|a)* or (a|aa)+) can match the same text in exponentially many ways; make the branches start differently, e.g. (a|b)*');
          break;
        }
      }
    }
    if (n.t === 'seq') chainOfUnbounded(n.items, problems);
    if (n.t === 'rep' || n.t === 'look') visit(n.body);
    else if (n.t === 'seq') n.items.forEach(visit);
    else if (n.t === 'alt') n.options.forEach(visit);
  };
  visit(tree);
  return problems.length ? [...new Set(problems)].join('; ') : null;
}

/**
 * A repetition inside a repeated group is ambiguous when one iteration's inner repetition can take
 * what would otherwise start the next part: the characters it repeats can also come next (the rest
 * of the iteration, or, when that can be empty, the next iteration). `(a+)+`, `(.*a){20}` and
 * `([a-z]{2,5})+` are; `(-[a-z]+)*` and `(\d{1,3}\.)+` are not. Only an unbounded inner repetition
 * counts under a bounded group (`(\d{1,3}\.){3}` tries a bounded number of ways).
 */
function nestedRepetition(n: Extract<Node, { t: 'rep' }>): string | null {
  const EXPONENTIAL = 'a repetition inside a repeated group (like (a+)+, (.*a){20} or ([a-z]{2,5})+) can match the same text in exponentially many ways; repeat the characters once (a+ instead of (a+)+) or let each repetition start with a character the inner one cannot match, e.g. (-[a-z]+)*';
  if (n.max === Infinity && nullable(n.body)) return 'a repeated group that can match nothing (like (a?)* or (a*)*) can match the same text in exponentially many ways';
  const items = n.body.t === 'seq' ? n.body.items : [n.body];
  for (const [k, item] of items.entries()) {
    const inner = repsIn(item).filter((r) => r.max === Infinity || (n.max === Infinity && fixedLength(r) === null));
    if (inner.length === 0) continue;
    const rest: Node = { t: 'seq', items: items.slice(k + 1) };
    const next = nullable(rest) ? union(first(rest), first(n.body)) : first(rest);
    if (inner.some((r) => overlaps(chars(r.body), next))) return EXPONENTIAL;
  }
  return null;
}

/**
 * Unbounded repetitions in a row that can take each other's characters (`.*a.*a.*`): each one more
 * multiplies the work by the length of the text. Two are common and tolerable (`.*@.*`); three are not.
 */
function chainOfUnbounded(items: Node[], problems: string[]): void {
  let chain = 0;
  let previous: Ranges | null = null;
  let between: Node[] = [];
  for (const item of items) {
    if (item.t === 'rep' && item.max === Infinity) {
      const set = chars(item.body);
      const linked = previous !== null && overlaps(previous, set) && between.every((b) => nullable(b) || within(chars(b), previous!));
      chain = linked ? chain + 1 : 1;
      previous = set;
      between = [];
      if (chain >= 3) {
        problems.push('three or more unbounded repetitions in a row that can match the same characters (like .*a.*a.*) take time that grows with the cube of the text; anchor or narrow them, e.g. [^a]*a[^a]*a');
        return;
      }
    } else {
      between.push(item);
    }
  }
}

/**
 * Every pattern of a JSON Schema (`pattern` values and `patternProperties` keys, at any depth) that
 * could backtrack catastrophically, with its path from `base` (e.g. `factsSchema.properties.code.pattern`).
 */
export function unsafeSchemaPatterns(schema: unknown, base: string): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const seen = new Set<unknown>();
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, `${path}[${i}]`));
      return;
    }
    const obj = node as Record<string, unknown>;
    if (typeof obj.pattern === 'string') {
      const why = unsafePatternReason(obj.pattern);
      if (why) out.push({ path: `${path}.pattern`, message: `pattern ${JSON.stringify(obj.pattern)} is refused: ${why}` });
    }
    if (obj.patternProperties && typeof obj.patternProperties === 'object' && !Array.isArray(obj.patternProperties)) {
      for (const p of Object.keys(obj.patternProperties)) {
        const why = unsafePatternReason(p);
        if (why) out.push({ path: `${path}.patternProperties${key(p)}`, message: `pattern ${JSON.stringify(p)} is refused: ${why}` });
      }
    }
    for (const [k, v] of Object.entries(obj)) walk(v, `${path}${key(k)}`);
  };
  walk(schema, base);
  return out;
}
