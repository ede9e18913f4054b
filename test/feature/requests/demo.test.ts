import path from 'node:path';
import request from 'supertest';
import { expect } from 'chai';
import { buildApp } from '../../../src/http/app.js';
import { TokenService } from '../../../src/http/auth/tokens.js';
import { createUser } from '../../../src/http/auth/users.js';
import { installRequests, type RequestService } from '../../../src/requests/service.js';
import { traceOf } from '../../../src/requests/queries.js';
import { HandlerRegistry } from '../../../src/engine/handlers.js';
import { FakeClock } from '../../../src/engine/clock.js';
import { toLocalDate } from '../../../src/domain/localDate.js';
import { validateEmso, validateTaxNumber } from '../../../src/domain/identifiers.js';
import { verifyAudit } from '../../../src/persistence/audit.js';
import { AuditEventEntity, UserEntity } from '../../../src/persistence/entities/index.js';
import { loadConfig, ConfigError } from '../../../src/config.js';
import { seedDemo, DEFAULT_DEMO_PASSWORD, DEMO_LOGINS } from '../../../src/demo/seed.js';
import type { System } from '../../../src/system.js';
import { freshSystem } from '../../support/system.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

/** The promised cases, by the person's surname: status, open task, letter kinds. */
const PROMISED: Record<string, { status: string; task: string | null; letters: string[] }> = {
  'Kovačič': { status: 'registered', task: 'checkCompleteness', letters: ['acknowledgement'] },
  'Žnidaršič': { status: 'awaiting_remedy', task: null, letters: ['acknowledgement', 'remedy_request'] },
  'Šuštar': { status: 'in_review', task: 'checkRecords', letters: [] },
  'Žagar': { status: 'decided', task: null, letters: ['acknowledgement', 'decision'] },
  'Čeh': { status: 'decided', task: null, letters: ['decision'] },
  'Štrukelj': { status: 'in_review', task: 'decide', letters: ['acknowledgement', 'extension_notice'] },
};

describe('Feature: demo data on an empty database (DSR_DEMO=1)', () => {
  let system: System;
  let requests: RequestService;
  afterEach(async () => system?.close());

  async function open(clock: FakeClock | false) {
    system = await freshSystem({
      fakeClock: clock,
      handlers: new HandlerRegistry(),
      processesDir: path.join(PROJECT_ROOT, 'processes'),
      install: (sys) => {
        requests = installRequests(sys, { classification: '0072' });
      },
    });
  }

  const all = async () => (await requests.list({ limit: 100, offset: 0 })).items;

  async function expectPromisedCases() {
    const items = await all();
    expect(items).to.have.length(Object.keys(PROMISED).length);
    const now = system.clock.now();
    for (const v of items) {
      const promised = PROMISED[v.subject.lastName];
      expect(promised, v.subject.lastName).to.not.equal(undefined);
      expect(v.status, v.subject.lastName).to.equal(promised!.status);
      expect(v.openTasks.map((t) => t.key), v.subject.lastName).to.deep.equal(promised!.task ? [promised!.task] : []);
      expect(v.letters.map((l) => l.kind), v.subject.lastName).to.deep.equal(promised!.letters);
      // Received in the past, never the future; on an earlier day than today
      expect(new Date(v.receivedAt).getTime(), v.subject.lastName).to.be.below(now.getTime());
      expect(v.receivedOn < toLocalDate(now), `${v.subject.lastName} received ${v.receivedOn}`).to.equal(true);
      expect(v.overdue, v.subject.lastName).to.equal(false);
      expect(v.flags.outsideOfficeHours, v.subject.lastName).to.equal(undefined);
      if (v.subject.emso) expect(validateEmso(v.subject.emso).ok).to.equal(true);
      if (v.subject.taxNumber) expect(validateTaxNumber(v.subject.taxNumber).ok).to.equal(true);
    }
    return Object.fromEntries(items.map((v) => [v.subject.lastName, v]));
  }

  it('Scenario: on an empty database (system clock) six cases are seeded in their promised states, each with its letters and a trace signed by demo', async () => {
    await open(false);
    const logged: string[] = [];
    const result = await seedDemo(system, requests, { log: (m) => logged.push(m) });
    expect(result.seeded).to.equal(true);
    expect(result.cases.map((c) => c.status).sort()).to.deep.equal(['awaiting_remedy', 'decided', 'decided', 'in_review', 'in_review', 'registered']);
    const byName = await expectPromisedCases();
    // Case numbers follow the order of receipt
    const byNumber = Object.values(byName).sort((a, b) => parseInt(a.caseNumber.split('-')[1]!, 10) - parseInt(b.caseNumber.split('-')[1]!, 10));
    expect(byNumber.map((v) => v.receivedAt)).to.deep.equal(byNumber.map((v) => v.receivedAt).sort());
    const today = toLocalDate(system.clock.now());

    expect(byName['Žnidaršič']!.deadlines.remedyDue! > today).to.equal(true);
    expect(byName['Žagar']!.decision).to.include({ outcome: 'granted', decidedOn: today });
    expect(byName['Žagar']!.deadlines.clarificationUntil! > today, 'clarification window open').to.equal(true);
    expect(byName['Čeh']!.decision).to.deep.include({ outcome: 'refused', grounds: ['art23_restriction'] });
    // N8.2 (issue 16 #9): the notice waits in the outbox (no SMTP): not given yet, and the case says so
    expect(byName['Štrukelj']!.extension).to.include({ months: 1, noticeSentOn: null });
    expect(byName['Štrukelj']!.warnings.map((w) => w.code)).to.deep.equal(['extension_notice_not_sent']);
    expect(byName['Štrukelj']!.deadlines.decisionDue! > byName['Štrukelj']!.receivedOn).to.equal(true);

    // Every case has a true trace: registration, rule evaluations, letters, all by the user demo
    for (const v of Object.values(byName)) {
      const trace = await traceOf(system.db, system.definitions, v.id);
      expect(trace.events.map((e) => e.type)).to.include('request.registered');
      expect([...new Set(trace.events.map((e) => e.actor))], v.subject.lastName).to.deep.equal(['demo']);
    }
    const refusedTrace = await traceOf(system.db, system.definitions, byName['Čeh']!.id);
    expect(refusedTrace.visited).to.include.members(['checkCompleteness', 'verifyIdentity', 'checkRecords', 'decide', 'applyDecision', 'sendDecision']);
    expect(refusedTrace.events.some((e) => e.type === 'rule.evaluated' && (e.data as { ruleSet?: string }).ruleSet === 'refusal-grounds')).to.equal(true);
    expect(logged.at(-1)).to.include('seeded 6 demo requests');

    // Demo users: one per role, created by demo; demo itself cannot sign in
    const users = await system.db.read((m) => m.getRepository(UserEntity).find());
    expect(users.map((u) => u.username).sort()).to.deep.equal([...DEMO_LOGINS, 'demo'].sort());
    expect(users.find((u) => u.username === 'demo')!.disabled).to.equal(true);
    const actors = await system.db.read((m) => m.getRepository(AuditEventEntity).createQueryBuilder('e').select('DISTINCT e.actor', 'actor').getRawMany<{ actor: string }>());
    expect(actors.map((a) => a.actor).sort()).to.deep.equal(['demo', 'system']);

    expect(await verifyAudit(system.db)).to.include({ ok: true });
  });

  it('Scenario: seeding again adds nothing and says so', async () => {
    await open(new FakeClock(new Date('2026-03-04T12:00:00+01:00')));
    await seedDemo(system, requests);
    const events = (await verifyAudit(system.db)).events;
    const logged: string[] = [];
    const again = await seedDemo(system, requests, { log: (m) => logged.push(m) });
    expect(again).to.deep.equal({ seeded: false, cases: [], usersCreated: [] });
    expect(logged).to.deep.equal(['DSR_DEMO=1: the database already holds 6 request(s); no demo data seeded.']);
    expect(await all()).to.have.length(6);
    expect(await verifyAudit(system.db)).to.deep.equal({ ok: true, events });
  });

  for (const [when, now] of [
    ['just after midnight on the first working day of the year', '2027-01-04T00:05:00+01:00'],
    ['on Easter Monday (a work-free day)', '2026-04-06T07:00:00+02:00'],
    ['late on a Sunday that is a holiday', '2026-11-01T23:59:00+01:00'],
    ['on a Thursday (no office hours)', '2026-06-04T16:00:00+02:00'],
  ] as const) {
    it(`Scenario: seeded ${when}, every case is still received in the past and in its promised state`, async () => {
      await open(new FakeClock(new Date(now)));
      await seedDemo(system, requests);
      await expectPromisedCases();
      expect(await verifyAudit(system.db)).to.include({ ok: true });
    });
  }

  it('Scenario: with only the bootstrap admin, the demo users can sign in with DSR_DEMO_PASSWORD (default demo-geslo-2026)', async () => {
    await open(new FakeClock(new Date('2026-03-04T12:00:00+01:00')));
    await createUser(system.db, { username: 'admin', password: 'choose-a-long-password', roles: ['admin'] }, 'system', system.clock.now());
    const result = await seedDemo(system, requests);
    expect(result.usersCreated).to.deep.equal(DEMO_LOGINS);
    const app = buildApp({ system, config: { fakeClock: true }, tokens: new TokenService('test-secret-that-is-long-enough-0123456789', 3600, system.db), requests, log: () => undefined });
    const dpo = await request(app).post('/api/v1/auth/token').send({ username: 'dpo', password: DEFAULT_DEMO_PASSWORD });
    expect(dpo.status).to.equal(200);
    const tasks = await request(app).get('/api/v1/tasks?role=dpo').set('authorization', `Bearer ${dpo.body.token}`);
    expect(tasks.body.items.map((t: { key: string }) => t.key).sort()).to.deep.equal(['checkCompleteness', 'checkRecords', 'decide']);
    const demo = await request(app).post('/api/v1/auth/token').send({ username: 'demo', password: 'anything-at-all-123' });
    expect(demo.status).to.equal(401);
  });

  it('Scenario: with other users present, no demo users are created, but the cases are', async () => {
    await open(new FakeClock(new Date('2026-03-04T12:00:00+01:00')));
    await createUser(system.db, { username: 'dpo.ana', password: 'another-long-password', roles: ['dpo'] }, 'system', system.clock.now());
    const logged: string[] = [];
    const result = await seedDemo(system, requests, { password: 'my-own-demo-password', log: (m) => logged.push(m) });
    expect(result.usersCreated).to.deep.equal([]);
    expect(result.seeded).to.equal(true);
    expect(logged[0]).to.include('users other than admin exist (dpo.ana)');
    const users = await system.db.read((m) => m.getRepository(UserEntity).find());
    expect(users.map((u) => u.username).sort()).to.deep.equal(['demo', 'dpo.ana']);
  });

  it('Scenario: DSR_DEMO=1 is refused with NODE_ENV=production; DSR_DEMO_PASSWORD defaults and is checked', () => {
    expect(() => loadConfig({ DSR_DEMO: '1', NODE_ENV: 'production', DSR_TOKEN_SECRET: 'x'.repeat(40) })).to.throw(ConfigError, 'DSR_DEMO=1 is refused');
    expect(loadConfig({ DSR_DEMO: '1' })).to.include({ demo: true, demoPassword: DEFAULT_DEMO_PASSWORD });
    expect(loadConfig({})).to.include({ demo: false });
    expect(() => loadConfig({ DSR_DEMO: '1', DSR_DEMO_PASSWORD: 'short' })).to.throw(ConfigError, 'DSR_DEMO_PASSWORD');
  });
});
