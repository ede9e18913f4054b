/**
 * The deepest nesting of arrays and objects a JSON body may have. Our largest bodies (a rule set with
 * its tests, a task's variables) are a few levels deep; a body of 100,000 nested arrays parses, but every
 * recursive walk after it (validation, canonical JSON of the audit chain, JSON.stringify) would overflow
 * the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Thrown from body-parser's `verify` hook: body-parser keeps its status and type (400, our error shape). */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
}

/** Scans the raw bytes (before JSON.parse): brackets inside strings do not count. */
export function jsonDepth(raw: Buffer, stopAt = Infinity): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) max = depth;
      if (max > stopAt) return max;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return max;
}

/** body-parser's `verify` option for express.json. */
export function rejectDeepJson(_req: unknown, _res: unknown, raw: Buffer): void {
  if (jsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new JsonTooDeepError(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
}
