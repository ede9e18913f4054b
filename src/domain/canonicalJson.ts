/**
 * JSON with object keys sorted at every depth, so that the same value always gives the same text and
 * hence the same hash (the audit chain, content hashes of diagrams and rule sets). Its text survives
 * JSON.parse and canonicalJson again unchanged, which is what lets the audit check recompute a hash
 * from the stored row; a lone surrogate comes out as a `\udxxx` escape, so the text itself is always
 * well-formed (the audit makes such strings well-formed before hashing anyway, see domain/text.ts).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  // toJSON, not toISOString: an invalid date becomes null instead of throwing.
  if (value instanceof Date) return value.toJSON();
  if (value !== null && typeof value === 'object') {
    // No prototype: a key "__proto__" (JSON.parse makes it an own key) is kept as data, not dropped.
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortDeep(v);
    }
    return out;
  }
  return value;
}
