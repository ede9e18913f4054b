// npm run bench [-- --quick]: the engine alone, the engine through our durable host, and the database's
// own commit rate, on SQLite and (when DATABASE_URL is mysql://) on MariaDB. Writes bench-results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rawEngine } from './rawEngine.js';
import { persisted, processes } from './host.js';
import { rules } from './rules.js';
import { resetDatabase } from '../test/support/system.js';

const quick = process.argv.includes('--quick');
const seconds = quick ? 1.5 : 5;
const here = import.meta.dirname;
const straightXml = fs.readFileSync(path.join(here, 'resources/straight10.bpmn'), 'utf8');
const waitXml = fs.readFileSync(path.join(here, 'resources/wait-task.bpmn'), 'utf8');

type Row = Record<string, number>;
const results: Record<string, Row> = {};
const raw = await rawEngine(seconds, straightXml, waitXml);
const ruleRates = await rules(seconds);

async function measure(name: string, url: string) {
  await resetDatabase(url);
  const host = await persisted(url, seconds, waitXml);
  await resetDatabase(url);
  const one = await processes(url, 1, seconds, waitXml);
  await resetDatabase(url);
  const two = await processes(url, 2, seconds, waitXml);
  results[name] = {
    ...raw, ...host,
    start_ratio: Math.round((host.start_per_s / raw.raw_start_per_s) * 100) / 100,
    start_per_s_1proc: one, start_per_s_2proc: two,
    second_process_gain: Math.round((two / one - 1) * 100) / 100,
  };
}

const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-'));
await measure('sqlite', `sqlite:${path.join(sqliteDir, 'bench.sqlite')}`);
const url = process.env.DATABASE_URL;
if (url && /^(mysql|mariadb):\/\//.test(url)) await measure('mysql', url);

const keys = Object.keys(results.sqlite!);
const names = Object.keys(results);
console.log(['metric'.padEnd(22), ...names.map((n) => n.padStart(10))].join(' '));
for (const k of keys) console.log([k.padEnd(22), ...names.map((n) => String(results[n]![k]).padStart(10))].join(' '));
console.log('\nrule evaluations per second (with explanation / without):');
for (const k of Object.keys(ruleRates).filter((k) => !k.includes('noexplain'))) {
  console.log(`  ${k.replace(/^rules_|_per_s$/g, '').padEnd(22)} ${String(ruleRates[k]).padStart(8)} / ${ruleRates[k.replace('_per_s', '_noexplain_per_s')]}`);
}
fs.writeFileSync('bench-results.json', JSON.stringify({ ...results, rules: ruleRates }, null, 2) + '\n');
console.log(`\n(${quick ? 'quick' : 'full'} run, ${seconds} s per measurement; written to bench-results.json)`);
