// npx tsx bench/accessLog.ts [reads]: the cost of the access log (issue 10 #4). Logs a 500-row list read
// (one hashed event and 500 index rows) and times it; then gives one case `reads` reads (default 30,000)
// and measures the case page and the trace page: their size and time, which must not grow with the reads.
// On SQLite, or on MariaDB with DATABASE_URL=mysql://…
import request from 'supertest';
import { openDesk } from '../test/support/requests.js';
import { signedIn } from '../test/support/web.js';
import { requestBody } from '../test/support/requests.js';
import { appendAudit } from '../src/persistence/audit.js';
import { logAccess } from '../src/requests/accessLog.js';
import { round } from './measure.js';

const reads = Number(process.argv[2] ?? '30000');
const desk = await openDesk();
const reg = (await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk)).body as { id: string; caseNumber: string };
const ids = Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

const ms = async (op: () => Promise<unknown>, n: number) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await op();
  return round(Number(process.hrtime.bigint() - start) / 1e6 / n);
};

const listRead = await ms(() => logAccess(desk.system.db, desk.system.clock.now(), { actor: 'bench', type: 'requests.listed', requestIds: ids, data: { via: 'bench' } }), 20);
const apiList = await ms(() => desk.call('get', '/api/v1/requests?limit=500', undefined, desk.dpo), 10);

const { agent } = await signedIn(desk, 'dpo');
const page = async (url: string) => {
  const start = process.hrtime.bigint();
  const res = await agent.get(url);
  return { status: res.status, kb: round(res.text.length / 1024), ms: round(Number(process.hrtime.bigint() - start) / 1e6) };
};
const before = { casePage: await page(`/requests/${reg.id}?log=reads`), tracePage: await page(`/requests/${reg.id}/trace?log=all`) };
const at = desk.system.clock.now();
for (let i = 0; i < reads; i += 2000) {
  await desk.system.db.transaction((tx) => appendAudit(tx, desk.system.db, Array.from({ length: Math.min(2000, reads - i) }, (_, j) => ({ at, actor: `reader-${i + j}`, type: 'request.viewed', subjectId: reg.id, data: { caseNumber: reg.caseNumber } }))));
}
const after = {
  casePage: await page(`/requests/${reg.id}?log=reads`),
  casePageSteps: await page(`/requests/${reg.id}`),
  casePageLast: await page(`/requests/${reg.id}?log=reads&logPage=100000`),
  tracePage: await page(`/requests/${reg.id}/trace?log=all`),
  traceSteps: await page(`/requests/${reg.id}/trace`),
};
const apiTrace = await request(desk.app).get(`/api/v1/requests/${reg.id}/trace?log=reads&limit=100`).set('authorization', `Bearer ${desk.auditor}`);
console.log(JSON.stringify({
  database: desk.system.db.dialect, reads,
  list_read_500_ms: listRead, api_list_500_ms: apiList,
  before, after,
  api_trace_page_kb: round(apiTrace.text.length / 1024),
}, null, 2));
await desk.close();
