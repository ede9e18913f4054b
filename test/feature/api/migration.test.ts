import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { testApi, type TestApi } from '../../support/api.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/migration');
const diagram = (version: number) => fs.readFileSync(path.join(FIXTURES, `v${version}.bpmn`), 'utf8');
const URL = '/api/v1/definitions/migrationTest/migrations';

describe('Feature: POST /definitions/:key/migrations moves running instances to another version (issue 7, item 2)', () => {
  let api: TestApi;
  let legal: string;
  let atRecords: string;
  let atTimer: string;
  const post = (token: string, body: unknown, url = URL) => request(api.app).post(url).set('authorization', `Bearer ${token}`).send(body as object);

  beforeEach(async () => {
    api = await testApi();
    api.system.handlers.register('noteVersion', async () => ({ noted: true }));
    legal = await api.tokenFor('legal');
    // Deployed through the API, as legal staff do
    const v1 = await request(api.app).post('/api/v1/definitions').set('authorization', `Bearer ${legal}`).set('content-type', 'application/xml').send(diagram(1));
    expect(v1.status).to.equal(201);
    atRecords = (await api.system.host.start('migrationTest', { actor: 'ana', businessKey: 'A', variables: { decisionDue: '2026-04-15' } })).instance.id;
    api.system.fakeClock!.advance(60_000);
    atTimer = (await api.system.host.start('migrationTest', { actor: 'ana', businessKey: 'T', variables: { viaTimer: true, waitUntil: '2027-06-01T00:00:00Z' } })).instance.id;
    for (const v of [2, 3]) {
      const res = await request(api.app).post('/api/v1/definitions').set('authorization', `Bearer ${legal}`).set('content-type', 'application/xml').send(diagram(v));
      expect(res.status).to.equal(201);
    }
  });
  afterEach(async () => api?.close());

  it('200 with the plan for a dry run: what would move, what cannot and why; nothing moves', async () => {
    const res = await post(legal, { fromVersion: 1, toVersion: 3, dryRun: true });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ dryRun: true, key: 'migrationTest', fromVersion: 1, toVersion: 3 });
    expect(res.body.movable.map((i: { instanceId: string }) => i.instanceId)).to.deep.equal([atTimer]);
    expect(res.body.blocked).to.have.length(1);
    expect(res.body.blocked[0]).to.include({ instanceId: atRecords, businessKey: 'A' });
    expect(res.body.blocked[0].missing[0]).to.deep.equal({ elementId: 'checkRecords', reason: 'element checkRecords v različici 3 ne obstaja' });
    expect(res.body.conflicts).to.deep.equal([]);
    const view = await request(api.app).get(`/api/v1/process-instances/${atTimer}`).set('authorization', `Bearer ${legal}`);
    expect(view.body.version).to.equal(1);
  });

  it('200 with moved, blocked and conflicts when it moves; the instance then shows its new version and task roles', async () => {
    const res = await post(legal, { fromVersion: 1, toVersion: 2, dryRun: false, instanceIds: [atRecords] });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ dryRun: false, fromVersion: 1, toVersion: 2 });
    expect(res.body.moved.map((i: { instanceId: string }) => i.instanceId)).to.deep.equal([atRecords]);
    expect(res.body.blocked).to.deep.equal([]);
    expect(res.body.conflicts).to.deep.equal([]);
    const view = await request(api.app).get(`/api/v1/process-instances/${atRecords}`).set('authorization', `Bearer ${legal}`);
    expect(view.body.version).to.equal(2);
    expect(view.body.openTasks.map((t: { key: string; candidateRoles: string[]; due: string }) => [t.key, t.candidateRoles, t.due])).to.deep.equal([['checkRecords', ['records_owner', 'dpo'], '2026-04-15']]);

    // The same call again: the instance is no longer on v1, a conflict of the moment
    const again = await post(legal, { fromVersion: 1, toVersion: 2, dryRun: false, instanceIds: [atRecords] });
    expect(again.status).to.equal(200);
    expect(again.body.moved).to.deep.equal([]);
    expect(again.body.conflicts).to.deep.equal([{ instanceId: atRecords, businessKey: 'A', reason: 'primer je na različici 2, ne na 1' }]);

    // The audit chain holds, with the move in it
    const auditor = await api.tokenFor('auditor');
    const verify = await request(api.app).get('/api/v1/audit/verify').set('authorization', `Bearer ${auditor}`);
    expect(verify.body.ok).to.equal(true);
  });

  it('admin may migrate too; 401 without a token; 403 for other roles', async () => {
    const admin = await api.tokenFor('admin');
    expect((await post(admin, { fromVersion: 1, toVersion: 2, dryRun: true })).status).to.equal(200);
    expect((await request(api.app).post(URL).send({ fromVersion: 1, toVersion: 2, dryRun: true })).status).to.equal(401);
    for (const role of ['dpo', 'auditor', 'clerk'] as const) {
      const res = await post(await api.tokenFor(role), { fromVersion: 1, toVersion: 2, dryRun: false });
      expect(res.status, role).to.equal(403);
      expect(res.body.error.code).to.equal('forbidden');
    }
    expect((await request(api.app).get(`/api/v1/process-instances/${atRecords}`).set('authorization', `Bearer ${legal}`)).body.version).to.equal(1);
  });

  it('404 for an unknown process or version', async () => {
    const unknownKey = await post(legal, { fromVersion: 1, toVersion: 2, dryRun: true }, '/api/v1/definitions/noSuchProcess/migrations');
    expect(unknownKey.status).to.equal(404);
    expect(unknownKey.body.error.code).to.equal('not_found');
    const unknownVersion = await post(legal, { fromVersion: 1, toVersion: 7, dryRun: false });
    expect(unknownVersion.status).to.equal(404);
    expect(unknownVersion.body.error.details).to.deep.equal([{ path: 'toVersion', message: 'različica 7 ne obstaja' }]);
  });

  it('422 with field details for bad input: the same version, missing or wrong fields, unknown instances; 400 for malformed JSON', async () => {
    const same = await post(legal, { fromVersion: 2, toVersion: 2, dryRun: true });
    expect(same.status).to.equal(422);
    expect(same.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['toVersion']);
    const bad = await post(legal, { fromVersion: 'one', toVersion: 0, instanceIds: [] });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.have.members(['fromVersion', 'toVersion', 'dryRun', 'instanceIds']);
    const unknown = await post(legal, { fromVersion: 1, toVersion: 2, dryRun: false, instanceIds: [atRecords, 'nope'] });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['instanceIds.1']);
    expect((await request(api.app).get(`/api/v1/process-instances/${atRecords}`).set('authorization', `Bearer ${legal}`)).body.version).to.equal(1);
    const malformed = await request(api.app).post(URL).set('authorization', `Bearer ${legal}`).set('content-type', 'application/json').send('{"fromVersion": ');
    expect(malformed.status).to.equal(400);
  });

  it('the call is in the OpenAPI document with its body and error answers', async () => {
    const doc = await request(api.app).get('/api/v1/openapi.json');
    const op = doc.body.paths['/definitions/{key}/migrations']?.post;
    expect(op, 'POST /definitions/{key}/migrations').to.exist;
    expect(Object.keys(op.responses)).to.include.members(['200', '401', '403', '404', '422']);
    expect(op.requestBody.content['application/json'].schema.required).to.have.members(['fromVersion', 'toVersion', 'dryRun']);
  });
});
