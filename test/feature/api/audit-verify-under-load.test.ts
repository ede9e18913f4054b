import { expect } from 'chai';
import request from 'supertest';
import { resource, testDatabaseUrl, resetDatabase } from '../../support/system.js';
import { killHard, startServerChild, type ServerChild } from '../../support/serverProcess.js';

const ADMIN_PASSWORD = 'bootstrap-admin-password-1';
const VERIFY_CALLS = 30;

async function token(base: string, username: string, password: string): Promise<string> {
  const res = await request(base).post('/api/v1/auth/token').send({ username, password });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body.token;
}

describe('Feature: the audit check tells the truth while two server processes write (issue 10 #3, X2)', function () {
  this.timeout(240_000);
  const servers: ServerChild[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await killHard(s.child);
  });

  it('Scenario: two servers start and complete process steps non-stop; every one of 30 checks through either server says ok, and the chain only grows', async () => {
    const url = testDatabaseUrl();
    await resetDatabase(url);
    const env = { DATABASE_URL: url, DSR_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, DSR_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };
    // One after the other: the first creates the admin, the second finds it.
    servers.push(await startServerChild(env));
    servers.push(await startServerChild(env));
    const [a, b] = servers.map((s) => s.baseUrl) as [string, string];
    const admin = await token(a, 'admin', ADMIN_PASSWORD);
    const created = await request(a).post('/api/v1/users').set('authorization', `Bearer ${admin}`).send({ username: 'pooblascena', password: ADMIN_PASSWORD, roles: ['dpo', 'legal', 'auditor'] });
    expect(created.status).to.equal(201);
    const dpo = await token(b, 'pooblascena', ADMIN_PASSWORD);
    const deployed = await request(a).post('/api/v1/definitions').set('authorization', `Bearer ${dpo}`).set('content-type', 'application/xml').send(resource('two-steps.bpmn'));
    expect(deployed.status).to.equal(201);

    let writing = true;
    let steps = 0;
    const writer = async (base: string, name: string) => {
      for (let i = 0; writing; i++) {
        const started = await request(base).post('/api/v1/process-instances').set('authorization', `Bearer ${dpo}`).send({ key: 'twoSteps', businessKey: `${name}-${i}` });
        expect(started.status, JSON.stringify(started.body)).to.equal(201);
        const done = await request(base).post(`/api/v1/tasks/${started.body.openTasks[0].id}/complete`).set('authorization', `Bearer ${dpo}`).send({ note: `${name}-${i}` });
        expect(done.status, JSON.stringify(done.body)).to.equal(200);
        steps += 2;
      }
    };
    const writers = [writer(a, 'a1'), writer(a, 'a2'), writer(b, 'b1'), writer(b, 'b2')];

    const results: { ok: boolean; events: number; firstBrokenSeq?: number }[] = [];
    try {
      for (let i = 0; i < VERIFY_CALLS; i++) {
        const res = await request(i % 2 ? b : a).get('/api/v1/audit/verify').set('authorization', `Bearer ${dpo}`);
        expect(res.status).to.equal(200);
        results.push(res.body);
      }
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    expect(steps, 'the servers wrote while the checks ran').to.be.greaterThan(VERIFY_CALLS);
    expect(results.filter((r) => !r.ok), 'no false "broken"').to.deep.equal([]);
    // Each check sees the chain at one moment, later checks at later moments.
    const counts = results.map((r) => r.events);
    expect(counts).to.deep.equal([...counts].sort((x, y) => x - y));
    expect(counts[counts.length - 1]).to.be.greaterThan(counts[0]!);
    const quiet = await request(a).get('/api/v1/audit/verify').set('authorization', `Bearer ${dpo}`);
    expect(quiet.body.ok).to.equal(true);
    expect(quiet.body.events).to.be.at.least(counts[counts.length - 1]!);
  });
});
