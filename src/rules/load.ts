import fs from 'node:fs/promises';
import path from 'node:path';
import { parseRuleSet } from './validate.js';
import { RuleSetInvalidError, type RuleSet } from './ruleSet.js';

/** Every `rules/<name>.json` rule set of a folder, validated (a file of another shape is refused). */
export async function loadRuleSets(dir: string): Promise<Map<string, RuleSet>> {
  const out = new Map<string, RuleSet>();
  for (const f of (await fs.readdir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith('.data.json')).sort()) {
    const name = f.slice(0, -5);
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(path.join(dir, f), 'utf8'));
    } catch (err) {
      throw new RuleSetInvalidError(`${f}: not valid JSON: ${(err as Error).message}`, [{ path: f, message: 'not valid JSON' }]);
    }
    try {
      out.set(name, await parseRuleSet(json, name));
    } catch (err) {
      if (err instanceof RuleSetInvalidError) throw new RuleSetInvalidError(`${f}: ${err.message}`, err.details, { cause: err });
      throw err;
    }
  }
  return out;
}
