// Fault-injection soak (issue 11): two server processes on one MariaDB, clients working whole cases through
// the API; at random moments one process is killed with SIGKILL and restarted, and once MariaDB itself is
// restarted. Afterwards every answer the clients got as 2xx must be in the database, every timer must have
// fired once, no letter twice, and the consistency check (npm run cli -- check) must find nothing.
//
//   eval "$(bash scripts/mariadb-up.sh)"; npm run soak            (about 3 minutes)
//   npm run soak -- --quick                                         (about 1 minute, in CI)
//   npm run soak -- --seconds 600 --clients 12 --kills 8
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { startServerChild, killHard, type ServerChild } from '../support/serverProcess.js';
import { resetDatabase } from '../support/system.js';
import { openSystem } from '../../src/system.js';
import { registerHandlers } from '../../src/handlers.js';
import { installRequests } from '../../src/requests/service.js';
import { checkConsistency, formatReport } from '../../src/check/consistency.js';
import { AuditEventEntity, DsrRequestEntity, JobEntity, LetterEntity, UserTaskEntity } from '../../src/persistence/entities/index.js';

interface Options { seconds: number; clients: number; kills: number; restartDatabase: boolean }

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const num = (flag: string, dflt: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  return { seconds: num('--seconds', quick ? 50 : 180), clients: num('--clients', quick ? 6 : 10), kills: num('--kills', quick ? 2 : 5), restartDatabase: !argv.includes('--no-db-restart') };
}

const ADMIN_PASSWORD = 'soak-admin-password-2026';
const PASSWORD = 'soak-user-password-2026';
const url = process.env.DATABASE_URL ?? '';
if (!/^(mysql|mariadb):\/\//.test(url)) {
  console.error('npm run soak needs DATABASE_URL=mysql://… (eval "$(bash scripts/mariadb-up.sh)" starts a throwaway MariaDB)');
  process.exit(2);
}

const log = (m: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${m}`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The two server processes; a killed one is replaced by a new process on a new port. */
class Cluster {
  readonly servers: (ServerChild | null)[] = [null, null];
  kills = 0;
  restarts = 0;
  readonly env = { DATABASE_URL: url, DSR_FAKE_CLOCK: '1', DSR_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, DSR_JOB_POLL_MS: '300', NODE_ENV: 'development' };

  async start(i: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.servers[i] = await startServerChild(this.env);
        return;
      } catch (err) {
        if (attempt >= 5) throw err;
        await pause(1000);
      }
    }
  }

  live(): string[] {
    return this.servers.filter((s): s is ServerChild => s !== null && s.child.exitCode === null && s.child.signalCode === null).map((s) => s.baseUrl);
  }

  async killAndRestart(i: number): Promise<void> {
    const s = this.servers[i];
    this.servers[i] = null;
    if (s) await killHard(s.child);
    this.kills += 1;
    log(`SIGKILL server ${i}${s ? ` (${s.baseUrl})` : ''}; restarting it`);
    await this.start(i);
    this.restarts += 1;
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map(async (s) => {
      if (!s) return;
      await new Promise<void>((resolve) => {
        if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
        s.child.once('exit', () => resolve());
        s.child.kill('SIGTERM');
      });
    }));
  }
}

/** What the clients were told succeeded: each must be found in the database afterwards. */
const ledger = { registered: new Map<string, string>(), completedTasks: new Map<string, string>(), commands: 0, retries: 0, givenUp: 0 };

interface Answer { status: number; body: any }

async function call(cluster: Cluster, method: string, pathname: string, token: string | null, body?: unknown): Promise<Answer> {
  for (let attempt = 1; attempt <= 40; attempt++) {
    const live = cluster.live();
    if (live.length === 0) {
      await pause(250);
      continue;
    }
    const base = live[randomInt(live.length)]!;
    try {
      const res = await fetch(`${base}${pathname}`, {
        method, signal: AbortSignal.timeout(30_000),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const answer = { status: res.status, body: text ? JSON.parse(text) : null };
      // 5xx: the process or the database was going away; the outcome is unknown, so ask again.
      if (res.status >= 500) throw new Error(`${res.status} ${text.slice(0, 200)}`);
      if (res.status < 300) ledger.commands += 1;
      return answer;
    } catch {
      ledger.retries += 1;
      await pause(100 + randomInt(200));
    }
  }
  ledger.givenUp += 1;
  throw new Error(`${method} ${pathname}: no answer after 40 attempts`);
}

const REASONING = 'Posamezniku se posreduje izpis vseh njegovih osebnih podatkov iz evidence zavarovanih oseb, kot je zahteval.';
let caseNo = 0;

function body(incomplete: boolean) {
  caseNo += 1;
  return {
    channel: 'email', receivedAt: null as unknown as string, mailbox: 'dpo@zzzs.si',
    subject: { firstName: 'Soak', lastName: `Primer ${caseNo}`, emso: '0101990505005', email: `soak${caseNo}@example.com`, address: 'Miklošičeva cesta 24, 1000 Ljubljana' },
    rights: incomplete ? [] : ['access'], measures: 'Kopija podatkov.', acknowledgementRequested: true,
    identityEvidence: { qualifiedSignature: true, idDocumentSeen: false },
  };
}

/** Complete the open task with this key; a 409 after an unanswered attempt means that attempt committed. */
async function complete(cluster: Cluster, token: string, requestId: string, key: string, variables: unknown): Promise<boolean> {
  const tasks = await call(cluster, 'GET', `/api/v1/tasks?requestId=${requestId}&key=${key}`, token);
  const task = tasks.body?.items?.[0];
  if (!task) return false;
  const res = await call(cluster, 'POST', `/api/v1/tasks/${task.id}/complete`, token, variables);
  if (res.status === 200) ledger.completedTasks.set(task.id, key);
  return res.status === 200 || res.status === 409;
}

/** The person received the newest letter of this kind today: its time limit starts (a timer per case). */
async function deliver(cluster: Cluster, token: string, requestId: string, kind: string): Promise<void> {
  const view = await call(cluster, 'GET', `/api/v1/requests/${requestId}`, token);
  const letter = [...(view.body?.letters ?? [])].reverse().find((l: { kind: string }) => l.kind === kind);
  if (!letter) return;
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Ljubljana' }).format(new Date());
  await call(cluster, 'POST', `/api/v1/requests/${requestId}/delivery`, token, { deliveredOn: today, letterId: letter.id });
}

async function workCases(cluster: Cluster, tokens: Record<string, string>, until: number, now: () => string): Promise<void> {
  while (Date.now() < until) {
    const incomplete = randomInt(5) === 0;
    const b = body(incomplete);
    b.receivedAt = now();
    const reg = await call(cluster, 'POST', '/api/v1/requests', tokens.clerk!, b);
    if (reg.status !== 201) continue;
    ledger.registered.set(reg.body.id, reg.body.caseNumber);
    const id = reg.body.id as string;
    if (incomplete) {
      if (await complete(cluster, tokens.dpo!, id, 'checkCompleteness', { complete: false, missing: ['rights'] })) await deliver(cluster, tokens.clerk!, id, 'remedy_request');
      continue;
    }
    if (!(await complete(cluster, tokens.dpo!, id, 'checkCompleteness', { complete: true }))) continue;
    if (!(await complete(cluster, tokens.dpo!, id, 'verifyIdentity', { method: 'qualified_signature', verified: true }))) continue;
    if (!(await complete(cluster, tokens.owner!, id, 'checkRecords', { art23Restriction: false, collections: ['Obvezno zdravstveno zavarovanje'] }))) continue;
    if (await complete(cluster, tokens.dpo!, id, 'decide', { outcome: 'granted', reasoning: REASONING })) await deliver(cluster, tokens.clerk!, id, 'decision');
  }
}

/** Stop MariaDB and start it again on the same data directory and port (mariadb-up.sh made it). */
async function restartMariaDb(): Promise<boolean> {
  const dir = process.env.MARIADB_DIR;
  if (!dir || !fs.existsSync(path.join(dir, 'my.cnf'))) return false;
  const pid = Number(fs.readFileSync(path.join(dir, 'mysqld.pid'), 'utf8').trim());
  log(`restarting MariaDB (pid ${pid})`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 240; i++) {
    try {
      process.kill(pid, 0);
      await pause(250);
    } catch {
      break;
    }
  }
  const bin = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'].find((p) => fs.existsSync(p)) ?? 'mariadbd';
  const child = spawn(bin, [`--defaults-file=${path.join(dir, 'my.cnf')}`, `--user=${os.userInfo().username}`], { detached: true, stdio: 'ignore' });
  child.unref();
  for (let i = 0; i < 240; i++) {
    if (fs.existsSync(path.join(dir, 'mysqld.sock')) && fs.existsSync(path.join(dir, 'mysqld.pid'))) {
      const newPid = Number(fs.readFileSync(path.join(dir, 'mysqld.pid'), 'utf8').trim());
      if (newPid && newPid !== pid) {
        log(`MariaDB is back (pid ${newPid})`);
        return true;
      }
    }
    await pause(250);
  }
  throw new Error('MariaDB did not come back within 60 s');
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  log(`${o.seconds} s, ${o.clients} clients, ${o.kills} kills of a server process, ${o.restartDatabase ? 'one' : 'no'} MariaDB restart`);
  await resetDatabase(url);
  // Requests are received at this moment: before every server's (standing) fake clock, never after it.
  const receivedAt = new Date().toISOString();
  const cluster = new Cluster();
  await cluster.start(0);
  await cluster.start(1);
  const admin = (await call(cluster, 'POST', '/api/v1/auth/token', null, { username: 'admin', password: ADMIN_PASSWORD })).body.token as string;
  const tokens: Record<string, string> = {};
  for (const [name, roles] of [['clerk', ['clerk']], ['dpo', ['dpo']], ['owner', ['records_owner']]] as const) {
    await call(cluster, 'POST', '/api/v1/users', admin, { username: `soak.${name}`, password: PASSWORD, roles });
    tokens[name] = (await call(cluster, 'POST', '/api/v1/auth/token', null, { username: `soak.${name}`, password: PASSWORD })).body.token as string;
  }
  const started = Date.now();
  const until = started + o.seconds * 1000;
  const clients = Array.from({ length: o.clients }, () => workCases(cluster, tokens, until, () => receivedAt).catch((err: Error) => log(`client stopped: ${err.message}`)));

  let dbRestarted = false;
  let commandsBeforeDbRestart = 0;
  const kills = (async () => {
    const moments = Array.from({ length: o.kills }, (_, k) => ((k + 1) / (o.kills + 1)) * o.seconds * 1000);
    for (const moment of moments) {
      while (Date.now() - started < moment + randomInt(2000)) await pause(100);
      if (Date.now() >= until) return;
      await cluster.killAndRestart(randomInt(2));
    }
  })();
  // The database goes away once, in the middle of the load, while the processes keep serving.
  const database = (async () => {
    if (!o.restartDatabase) return;
    while (Date.now() - started < o.seconds * 1000 * 0.45) await pause(100);
    commandsBeforeDbRestart = ledger.commands;
    dbRestarted = await restartMariaDb();
    if (!dbRestarted) log('MARIADB_DIR is not set: MariaDB is not restarted in this run');
  })();
  const chaos = Promise.all([kills, database]);
  await Promise.all([...clients, chaos]);
  log(`load over: ${ledger.commands} commands answered 2xx (${ledger.commands - commandsBeforeDbRestart} after the MariaDB restart began), ${ledger.registered.size} cases, ${ledger.retries} retried calls, ${ledger.givenUp} given up`);

  // Let every timer come due on both processes (remedy limits, delivery and appeal windows).
  const later = new Date(Date.now() + 120 * 86400_000).toISOString();
  for (const base of cluster.live()) {
    const res = await fetch(`${base}/api/v1/clock`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ now: later }) });
    log(`clock of ${base} set to ${later}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  }
  await cluster.stop();

  const system = await openSystem({ databaseUrl: url, processesDir: null, handlers: registerHandlers(), install: (sys) => void installRequests(sys, { classification: '-' }) });
  const problems: string[] = [];
  try {
    const report = await checkConsistency(system);
    for (const line of formatReport(report)) log(`check: ${line}`);
    problems.push(...report.discrepancies.map((d) => `${d.caseNumber ?? '-'}: ${d.problem}`));
    await system.db.read(async (m) => {
      const rows = await m.getRepository(DsrRequestEntity).find({ select: { id: true, caseNumber: true } });
      const have = new Map(rows.map((r) => [r.id, r.caseNumber]));
      for (const [id, caseNumber] of ledger.registered) if (have.get(id) !== caseNumber) problems.push(`registration answered 201 (${caseNumber}) is not in the database`);
      const tasks = await m.getRepository(UserTaskEntity).find({ select: { id: true, status: true } });
      const done = new Map(tasks.map((t) => [t.id, t.status]));
      for (const [id, key] of ledger.completedTasks) if (done.get(id) !== 'completed') problems.push(`completion of ${key} (${id}) answered 200 but the task is "${done.get(id)}"`);
      const fired = await m.getRepository(AuditEventEntity).find({ where: { type: 'timer.fired' } });
      const seen = new Map<string, number>();
      for (const e of fired) {
        const key = `${e.instanceId}:${e.elementId}:${(JSON.parse(e.data) as { dueAt?: string }).dueAt}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      for (const [key, n] of seen) if (n > 1) problems.push(`the timer ${key} fired ${n} times`);
      const overdue = await m.getRepository(JobEntity).createQueryBuilder('j').where('j.kind = :k AND j.dueAt < :t', { k: 'timer', t: new Date(later).getTime() - 86400_000 }).getCount();
      if (overdue > 0) problems.push(`${overdue} timer(s) were due long before the end and did not fire`);
      const decisions = await m.getRepository(LetterEntity).createQueryBuilder('l').select('l.requestId', 'requestId').addSelect('COUNT(*)', 'n')
        .where('l.kind = :k', { k: 'decision' }).groupBy('l.requestId').having('COUNT(*) > 1').getRawMany();
      for (const d of decisions) problems.push(`request ${d.requestId} has ${d.n} decision letters`);
      log(`timers fired: ${fired.length}; cases in the database: ${rows.length}`);
    });
  } finally {
    await system.close();
  }
  log(`kills ${cluster.kills}, restarts ${cluster.restarts}, MariaDB restarts ${dbRestarted ? 1 : 0}, commands ${ledger.commands}, cases ${ledger.registered.size}, discrepancies ${problems.length}`);
  for (const p of problems) log(`DISCREPANCY ${p}`);
  console.log(`soak: ${problems.length === 0 ? 1 : 0} passed, ${problems.length === 0 ? 0 : 1} failed`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`soak failed: ${(err as Error).stack ?? String(err)}`);
  return 2;
});
