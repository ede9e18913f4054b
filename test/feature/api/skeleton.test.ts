import { expect } from 'chai';
import request from 'supertest';
import { testApi, PASSWORD, type TestApi } from '../../support/api.js';
import { resource } from '../../support/system.js';
import { setUserDisabled } from '../../../src/http/auth/users.js';

describe('Feature: the API skeleton answers with the status codes of the contract', () => {
  let api: TestApi;
  afterEach(async () => api?.close());

  it('GET /healthz is 200 {ok:true} without a token', async () => {
    api = await testApi();
    const res = await request(api.app).get('/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ ok: true });
  });

  it('400 for malformed JSON, in the error shape', async () => {
    api = await testApi();
    const res = await request(api.app).post('/api/v1/auth/token').set('content-type', 'application/json').send('{"username": ');
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('malformed_json');
    expect(res.body.error.details).to.deep.equal([]);
  });

  it('401 without a token, with a wrong password, and after the user is disabled', async () => {
    api = await testApi();
    expect((await request(api.app).get('/api/v1/users')).status).to.equal(401);
    expect((await request(api.app).get('/api/v1/users').set('authorization', 'Bearer not-a-token')).status).to.equal(401);
    const token = await api.tokenFor('admin');
    const bad = await request(api.app).post('/api/v1/auth/token').send({ username: 'admin-1', password: 'wrong' });
    expect(bad.status).to.equal(401);
    expect(bad.body.error.code).to.equal('unauthenticated');
    const ok = await request(api.app).get('/api/v1/users').set('authorization', `Bearer ${token}`);
    expect(ok.status).to.equal(200);
    const username = ok.body.items[0].username as string;
    await setUserDisabled(api.system.db, username, true, 'test', new Date());
    expect((await request(api.app).get('/api/v1/users').set('authorization', `Bearer ${token}`)).status).to.equal(401);
  });

  it('403 when the role does not allow it', async () => {
    api = await testApi();
    const clerk = await api.tokenFor('clerk');
    const res = await request(api.app).post('/api/v1/users').set('authorization', `Bearer ${clerk}`).send({ username: 'x1', password: PASSWORD, roles: ['dpo'] });
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal('forbidden');
  });

  it('201 for a new user, 409 for the same username again, 422 with field details for invalid content', async () => {
    api = await testApi();
    const admin = await api.tokenFor('admin');
    const body = { username: 'dpo.ana', password: PASSWORD, roles: ['dpo'] };
    const created = await request(api.app).post('/api/v1/users').set('authorization', `Bearer ${admin}`).send(body);
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ username: 'dpo.ana', disabled: false });
    expect(created.body.roles).to.deep.equal(['dpo']);
    expect(created.body).to.not.have.property('passwordHash');
    const again = await request(api.app).post('/api/v1/users').set('authorization', `Bearer ${admin}`).send(body);
    expect(again.status).to.equal(409);
    const invalid = await request(api.app).post('/api/v1/users').set('authorization', `Bearer ${admin}`).send({ username: 'Ž', password: 'short', roles: ['boss'] });
    expect(invalid.status).to.equal(422);
    expect(invalid.body.error.code).to.equal('validation_failed');
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['username', 'password', 'roles.0']);
    // The new user can sign in and gets a token with an expiry
    const signIn = await request(api.app).post('/api/v1/auth/token').send({ username: 'dpo.ana', password: PASSWORD });
    expect(signIn.status).to.equal(200);
    expect(Date.parse(signIn.body.expiresAt)).to.be.greaterThan(Date.now() - 3600_000 * 24 * 365);
  });

  it('404 in the error shape for an unknown route and for PUT /clock without the fake clock', async () => {
    api = await testApi({ fakeClock: false });
    const admin = await api.tokenFor('admin');
    const unknown = await request(api.app).get('/api/v1/nothing-here').set('authorization', `Bearer ${admin}`);
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.code).to.equal('not_found');
    const clock = await request(api.app).put('/api/v1/clock').set('authorization', `Bearer ${admin}`).send({ now: '2027-01-01T00:00:00Z' });
    expect(clock.status).to.equal(404);
  });

  it('PUT /clock moves the fake clock and fires every timer then due before answering; it cannot go back', async () => {
    api = await testApi();
    await api.system.definitions.deploy(resource('approval.bpmn'), 'legal');
    const started = await api.system.host.start('approval', { actor: 'ana', variables: { deadlineAt: '2026-04-01T00:00:00+02:00' } });
    await api.system.host.completeTask(started.openTasks[0]!.id, { actor: 'ana', variables: { decision: 'approve' } });
    const admin = await api.tokenFor('admin');
    const early = await request(api.app).put('/api/v1/clock').set('authorization', `Bearer ${admin}`).send({ now: '2026-03-31T23:59:59+02:00' });
    expect(early.status).to.equal(200);
    expect(early.body.fired).to.equal(0);
    const due = await request(api.app).put('/api/v1/clock').set('authorization', `Bearer ${admin}`).send({ now: '2026-04-01T00:00:00+02:00' });
    expect(due.body).to.include({ fired: 1, now: '2026-03-31T22:00:00.000Z' });
    const back = await request(api.app).put('/api/v1/clock').set('authorization', `Bearer ${admin}`).send({ now: '2026-03-01T00:00:00Z' });
    expect(back.status).to.equal(422);
    const notInstant = await request(api.app).put('/api/v1/clock').set('authorization', `Bearer ${admin}`).send({ now: 'tomorrow' });
    expect(notInstant.status).to.equal(422);
    expect(notInstant.body.error.details[0].path).to.equal('now');
  });

  it('POST /definitions: 201 new version, 200 unchanged, 422 naming the script task, 415-free XML body', async () => {
    api = await testApi();
    const legal = await api.tokenFor('legal');
    const xml = resource('approval.bpmn');
    const first = await request(api.app).post('/api/v1/definitions').set('authorization', `Bearer ${legal}`).set('content-type', 'application/xml').send(xml);
    expect(first.status).to.equal(201);
    expect(first.body).to.include({ key: 'approval', version: 1 });
    const same = await request(api.app).post('/api/v1/definitions').set('authorization', `Bearer ${legal}`).set('content-type', 'application/xml').send(xml);
    expect(same.status).to.equal(200);
    expect(same.body.version).to.equal(1);
    const changed = await request(api.app).post('/api/v1/definitions').set('authorization', `Bearer ${legal}`).set('content-type', 'application/xml').send(xml.replace('name="Pregled"', 'name="Pregled zahteve"'));
    expect(changed.status).to.equal(201);
    expect(changed.body.version).to.equal(2);
    const script = await request(api.app).post('/api/v1/definitions').set('authorization', `Bearer ${legal}`).set('content-type', 'application/xml').send(resource('script-task.bpmn'));
    expect(script.status).to.equal(422);
    expect(script.body.error.details.map((d: { path: string }) => d.path)).to.include('evilScript');
    const list = await request(api.app).get('/api/v1/definitions').set('authorization', `Bearer ${legal}`);
    expect(list.body.items[0].versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
  });

  it('GET /audit/verify is ok over the events of these calls', async () => {
    api = await testApi();
    const auditor = await api.tokenFor('auditor');
    const res = await request(api.app).get('/api/v1/audit/verify').set('authorization', `Bearer ${auditor}`);
    expect(res.status).to.equal(200);
    expect(res.body.ok).to.equal(true);
    expect(res.body.events).to.be.greaterThan(1);
  });

  it('GET /api/v1/openapi.json is OpenAPI 3.1 built from the validating schemas', async () => {
    api = await testApi();
    const res = await request(api.app).get('/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.equal('3.1.0');
    const createUserOp = res.body.paths['/users'].post;
    const schema = createUserOp.requestBody.content['application/json'].schema;
    expect(schema.required).to.include.members(['username', 'password', 'roles']);
    expect(schema.properties.password.minLength).to.equal(12);
    expect(res.body.paths['/clock'].put).to.exist;
  });
});
