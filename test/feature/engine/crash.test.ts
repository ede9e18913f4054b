import { expect } from 'chai';
import request from 'supertest';
import { resource, testDatabaseUrl, resetDatabase } from '../../support/system.js';
import { killHard, startServerChild, type ServerChild } from '../../support/serverProcess.js';

const ADMIN_PASSWORD = 'bootstrap-admin-password-1';

async function token(base: string, username: string, password: string): Promise<string> {
  const res = await request(base).post('/api/v1/auth/token').send({ username, password });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body.token;
}

describe('Feature: a crash of the server loses nothing', function () {
  this.timeout(90_000);
  let server: ServerChild | null = null;
  afterEach(async () => {
    if (server) await killHard(server.child);
    server = null;
  });

  it('Scenario: kill -9 between two steps; the restarted server continues from the database', async () => {
    const url = testDatabaseUrl();
    await resetDatabase(url);
    const env = { DATABASE_URL: url, DSR_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, DSR_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };
    server = await startServerChild(env);
    const admin = await token(server.baseUrl, 'admin', ADMIN_PASSWORD);
    const created = await request(server.baseUrl).post('/api/v1/users').set('authorization', `Bearer ${admin}`).send({ username: 'pooblascena', password: ADMIN_PASSWORD, roles: ['dpo', 'legal'] });
    expect(created.status).to.equal(201);
    const dpo = await token(server.baseUrl, 'pooblascena', ADMIN_PASSWORD);
    const deployed = await request(server.baseUrl).post('/api/v1/definitions').set('authorization', `Bearer ${dpo}`).set('content-type', 'application/xml').send(resource('two-steps.bpmn'));
    expect(deployed.status).to.equal(201);
    const started = await request(server.baseUrl).post('/api/v1/process-instances').set('authorization', `Bearer ${dpo}`).send({ key: 'twoSteps', businessKey: 'k-1' });
    expect(started.status).to.equal(201);
    const first = started.body.openTasks[0];
    const step1 = await request(server.baseUrl).post(`/api/v1/tasks/${first.id}/complete`).set('authorization', `Bearer ${dpo}`).send({ note: 'prvi' });
    expect(step1.status).to.equal(200);
    expect(step1.body.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['second']);

    // The process dies without any chance to clean up
    await killHard(server.child);

    server = await startServerChild(env);
    const dpoAgain = await token(server.baseUrl, 'pooblascena', ADMIN_PASSWORD);
    const tasks = await request(server.baseUrl).get('/api/v1/tasks?requestId=k-1').set('authorization', `Bearer ${dpoAgain}`);
    expect(tasks.body.items.map((t: { key: string }) => t.key)).to.deep.equal(['second']);
    const again = await request(server.baseUrl).post(`/api/v1/tasks/${first.id}/complete`).set('authorization', `Bearer ${dpoAgain}`).send({});
    expect(again.status).to.equal(409);
    const step2 = await request(server.baseUrl).post(`/api/v1/tasks/${tasks.body.items[0].id}/complete`).set('authorization', `Bearer ${dpoAgain}`).send({});
    expect(step2.status).to.equal(200);
    expect(step2.body.status).to.equal('completed');
    const verify = await request(server.baseUrl).get('/api/v1/audit/verify').set('authorization', `Bearer ${admin}`);
    expect(verify.body.ok).to.equal(true);
  });
});
