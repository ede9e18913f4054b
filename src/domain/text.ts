/**
 * Text as the databases store it. Both SQLite and MariaDB keep UTF-8, in which a lone UTF-16
 * surrogate cannot be written: the drivers silently turn it into U+FFFD. A value that is hashed
 * (the audit chain) or compared later must therefore be well-formed before it is used, and cut
 * only between code points, so that what was hashed is byte for byte what is read back.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string with every lone surrogate replaced by U+FFFD, as the database drivers would store it. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * At most `max` code points of `s`, never half of a surrogate pair. VARCHAR(n) on MariaDB (utf8mb4)
 * counts characters, i.e. code points, so a value cut here always fits a column of that length.
 */
export function truncateCodePoints(s: string, max: number): string {
  let points = 0;
  for (let i = 0; i < s.length; i++) {
    if (points === max) return s.slice(0, i);
    const unit = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    // A high surrogate followed by a low one is one code point of two units.
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    points++;
  }
  return s;
}

/**
 * A copy of a JSON-like value with every string and every object key well-formed, at any depth.
 * Two keys that become equal (two different lone surrogates) keep the later value, as JSON.parse would.
 */
export function wellFormedDeep(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  // No prototype: a key named "__proto__" stays an ordinary key instead of replacing the prototype.
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, v] of Object.entries(value)) out[wellFormed(key)] = wellFormedDeep(v);
  return out;
}
