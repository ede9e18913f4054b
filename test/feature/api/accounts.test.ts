import request from 'supertest';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { openDesk, type Desk } from '../../support/requests.js';
import { PASSWORD, postLogin } from '../../support/web.js';
import { freshSystem } from '../../support/system.js';
import { testApi } from '../../support/api.js';
import { AuditEventEntity, UserEntity } from '../../../src/persistence/entities/index.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { bootstrapAdmin } from '../../../src/bootstrap.js';

const NEW_PASSWORD = 'novo dolgo geslo 2026';
const SECRET = { DSR_TOKEN_SECRET: 'x'.repeat(40) };

describe('Issue 10 #10 / X6: own password, admin reset, roles and token revocation', function () {
  this.timeout(120_000);
  let desk: Desk;
  before(async () => {
    desk = await openDesk();
  });
  after(async () => desk.close());

  let n = 0;
  async function user(roles: string[] = ['dpo']) {
    const username = `acc.${++n}.${Math.random().toString(36).slice(2, 6)}`;
    const res = await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles }, desk.admin);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return { username, id: res.body.id as string };
  }
  const tokenOf = async (username: string, password = PASSWORD) => {
    const res = await request(desk.app).post('/api/v1/auth/token').send({ username, password });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.token as string;
  };
  const as = (t: string) => ({
    get: (url: string) => request(desk.app).get(url).set('authorization', `Bearer ${t}`),
    post: (url: string, body: object = {}) => request(desk.app).post(url).set('authorization', `Bearer ${t}`).send(body),
    put: (url: string, body: object) => request(desk.app).put(url).set('authorization', `Bearer ${t}`).send(body),
    patch: (url: string, body: object) => request(desk.app).patch(url).set('authorization', `Bearer ${t}`).send(body),
    delete: (url: string) => request(desk.app).delete(url).set('authorization', `Bearer ${t}`),
  });
  const lastEvent = async (type: string) => (await desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type }, order: { seq: 'DESC' }, take: 1 })))[0];
  const adminName = async () => (await as(desk.admin).get('/api/v1/users')).body.items.find((u: { roles: string[]; username: string }) => u.roles.includes('admin') && /^admin-/.test(u.username)).username as string;

  it('Issue 10 #10: POST /auth/password changes your own password; every token and web session of yours ends; a new token is returned', async () => {
    const { username, id } = await user();
    const [a, b] = [await tokenOf(username), await tokenOf(username)];
    const browser = request.agent(desk.app);
    expect((await postLogin(browser, { username, password: PASSWORD })).status).to.equal(303);
    expect((await browser.get('/help')).text).to.include(username);

    const wrong = await as(a).post('/api/v1/auth/password', { currentPassword: 'ni pravo geslo', newPassword: NEW_PASSWORD });
    expect(wrong.status).to.equal(422);
    expect(wrong.body.error.details).to.deep.equal([{ path: 'currentPassword', message: 'wrong password' }]);
    const weak = await as(a).post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'kratko' });
    expect(weak.status).to.equal(422);
    expect(weak.body.error.details).to.deep.equal([{ path: 'newPassword', message: 'at least 12 characters' }]);
    const common = await as(a).post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'Password-1234' });
    expect(common.body.error.details[0].path).to.equal('newPassword');
    const missing = await as(a).post('/api/v1/auth/password', { newPassword: NEW_PASSWORD });
    expect(missing.status).to.equal(422);
    expect(missing.body.error.details[0].path).to.equal('currentPassword');

    const ok = await as(a).post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    for (const old of [a, b]) expect((await as(old).get('/api/v1/tasks')).status).to.equal(401);
    expect((await browser.get('/')).status, 'the web session ended').to.equal(303);
    expect((await as(ok.body.token).get('/api/v1/tasks')).status).to.equal(200);
    expect((await request(desk.app).post('/api/v1/auth/token').send({ username, password: PASSWORD })).status).to.equal(401);
    await tokenOf(username, NEW_PASSWORD);
    const event = (await lastEvent('user.password_changed'))!;
    expect(event).to.deep.include({ actor: username, subjectId: id });
    expect(JSON.parse(event.data)).to.deep.equal({ username, sessionsEnded: 1 });
    // Neither the password nor its hash is in the audit trail
    expect(event.data).to.not.include(NEW_PASSWORD);
  });

  it('Issue 10 #10: PATCH /users/:id changes roles (audited, in force on the next request), refuses disabling yourself and taking the last admin\'s role', async () => {
    const { username, id } = await user(['dpo']);
    const t = await tokenOf(username);
    expect((await as(t).get('/api/v1/users')).status).to.equal(403);
    const res = await as(desk.admin).patch(`/api/v1/users/${id}`, { roles: ['admin', 'dpo'] });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.include({ username, roles: ['dpo', 'admin'], disabled: false });
    expect((await as(t).get('/api/v1/users')).status, 'the same token, the new role').to.equal(200);
    const event = (await lastEvent('user.roles_changed'))!;
    expect(event.actor).to.equal(await adminName());
    expect(JSON.parse(event.data)).to.deep.equal({ username, from: ['dpo'], to: ['dpo', 'admin'] });

    expect((await as(desk.admin).patch(`/api/v1/users/${id}`, { roles: [] })).body.error.details[0].path).to.equal('roles');
    expect((await as(desk.admin).patch(`/api/v1/users/${id}`, { roles: ['boss'] })).status).to.equal(422);
    expect((await as(desk.admin).patch(`/api/v1/users/${id}`, { passwordHash: 'x' })).status, 'unknown fields are refused').to.equal(422);
    expect((await as(desk.admin).patch('/api/v1/users/no-such-id', { roles: ['dpo'] })).status).to.equal(404);
    const self = await as(t).patch(`/api/v1/users/${id}`, { disabled: true });
    expect(self.status).to.equal(409);
    expect(self.body.error.code).to.equal('cannot_disable_self');

    // Two admins now: one may lose the role, the last one may not
    expect((await as(desk.admin).patch(`/api/v1/users/${id}`, { roles: ['dpo'] })).status).to.equal(200);
    const admins = (await as(desk.admin).get('/api/v1/users')).body.items.filter((u: { roles: string[]; disabled: boolean }) => u.roles.includes('admin') && !u.disabled);
    expect(admins).to.have.length(1);
    const last = await as(desk.admin).patch(`/api/v1/users/${admins[0].id}`, { roles: ['auditor'] });
    expect(last.status).to.equal(409);
    expect(last.body.error.code).to.equal('last_admin');
    const viaPut = await as(desk.admin).put(`/api/v1/users/${admins[0].username}/disabled`, { disabled: true });
    expect(viaPut.status, 'the older PUT …/disabled keeps the same guards').to.equal(409);
    expect((await as(t).get('/api/v1/users')).status, 'the role is gone on the next request').to.equal(403);

    const off = await as(desk.admin).patch(`/api/v1/users/${id}`, { disabled: true });
    expect(off.body.disabled).to.equal(true);
    expect((await as(t).get('/api/v1/tasks')).status).to.equal(401);
    expect((await lastEvent('user.disabled'))!.subjectId).to.equal(id);
  });

  it('Issue 10 #10: POST /users/:id/password resets a password under the policy; the user\'s tokens and sessions end; audited', async () => {
    const { username, id } = await user(['clerk']);
    const t = await tokenOf(username);
    const web = request.agent(desk.app);
    expect((await postLogin(web, { username, password: PASSWORD })).status).to.equal(303);
    const weak = await as(desk.admin).post(`/api/v1/users/${id}/password`, { password: `${username}-2026-geslo` });
    expect(weak.status).to.equal(422);
    expect(weak.body.error.details).to.deep.equal([{ path: 'password', message: 'must not contain the username' }]);
    expect((await as(desk.admin).post('/api/v1/users/no-such-id/password', { password: NEW_PASSWORD })).status).to.equal(404);
    const ok = await as(desk.admin).post(`/api/v1/users/${id}/password`, { password: NEW_PASSWORD });
    expect(ok.status).to.equal(204);
    expect((await as(t).get('/api/v1/tasks')).status).to.equal(401);
    expect((await web.get('/')).status).to.equal(303);
    await tokenOf(username, NEW_PASSWORD);
    const event = (await lastEvent('user.password_reset'))!;
    expect(event).to.deep.include({ actor: await adminName(), subjectId: id });
    expect(JSON.parse(event.data)).to.deep.equal({ username, sessionsEnded: 1 });
  });

  it('Issue 10 #10: one token is revoked by its owner (POST /auth/revoke) or by an admin (DELETE /tokens/:jti); the others keep working; audited', async () => {
    const { username, id } = await user(['auditor']);
    const [a, b, c] = [await tokenOf(username), await tokenOf(username), await tokenOf(username)];
    expect((await as(a).post('/api/v1/auth/revoke')).status).to.equal(204);
    expect((await as(a).get('/api/v1/tasks')).status).to.equal(401);
    expect((await as(b).get('/api/v1/tasks')).status).to.equal(200);
    expect((await lastEvent('token.revoked'))).to.deep.include({ actor: username, subjectId: id });

    const list = await as(desk.admin).get(`/api/v1/users/${id}/tokens`);
    expect(list.status).to.equal(200);
    expect(list.body.items).to.have.length(3);
    expect(JSON.stringify(list.body)).to.not.include(b);
    const jtiOf = (t: string) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).jti as string;
    expect(list.body.items.find((x: { jti: string }) => x.jti === jtiOf(a)).revokedBy).to.equal(username);
    const del = await as(desk.admin).delete(`/api/v1/tokens/${jtiOf(b)}`);
    expect(del.status).to.equal(204);
    expect((await as(b).get('/api/v1/tasks')).status).to.equal(401);
    expect((await as(c).get('/api/v1/tasks')).status).to.equal(200);
    expect((await lastEvent('token.revoked'))).to.deep.include({ actor: await adminName(), subjectId: id });
    expect((await as(desk.admin).delete(`/api/v1/tokens/${jtiOf(b)}`)).status, 'revoked already').to.equal(404);
    expect((await as(desk.admin).delete('/api/v1/tokens/nobody')).status).to.equal(404);
    expect((await as(desk.admin).get('/api/v1/users/no-such-id/tokens')).status).to.equal(404);
  });

  it('Issue 10 #10: every new admin call answers 403 to a non-admin', async () => {
    const { id } = await user(['dpo']);
    for (const t of [desk.dpo, desk.clerk, desk.auditor, desk.owner]) {
      expect((await as(t).patch(`/api/v1/users/${id}`, { roles: ['admin'] })).status).to.equal(403);
      expect((await as(t).post(`/api/v1/users/${id}/password`, { password: NEW_PASSWORD })).status).to.equal(403);
      expect((await as(t).get(`/api/v1/users/${id}/tokens`)).status).to.equal(403);
      expect((await as(t).delete('/api/v1/tokens/any')).status).to.equal(403);
    }
    const row = await desk.system.db.read((m) => m.getRepository(UserEntity).findOneBy({ id }));
    expect(row!.roles).to.equal('dpo');
    // A token from before jti existed (no jti claim) is refused, so every accepted token can be revoked
    const legacy = await new SignJWT({ gen: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setIssuedAt().setExpirationTime('1h')
      .sign(new TextEncoder().encode('test-secret-that-is-long-enough-0123456789'));
    expect((await as(legacy).get('/api/v1/tasks')).status).to.equal(401);
  });

  it('Issue 10 #10: the OpenAPI document lists the new calls', async () => {
    const doc = (await desk.call('get', '/api/v1/openapi.json')).body;
    for (const [m, p] of [['post', '/auth/password'], ['post', '/auth/revoke'], ['patch', '/users/{id}'], ['post', '/users/{id}/password'], ['get', '/users/{id}/tokens'], ['delete', '/tokens/{jti}']]) {
      expect(doc.paths[p!]?.[m!], `${m} ${p}`).to.be.an('object');
    }
    expect(Object.keys(doc.paths['/auth/token'].post.responses)).to.include.members(['200', '401', '429']);
  });
});

describe('Issue 10 #10: two admins demoting each other at once leave one admin', function () {
  this.timeout(60_000);
  it('Issue 10 #10: of two parallel PATCHes taking the admin role from each other, one wins, the other is refused (409 last_admin, or 403 once demoted)', async () => {
    const api = await testApi();
    try {
      const [a, b] = [await api.tokenFor('admin'), await api.tokenFor('admin')];
      const users = (await request(api.app).get('/api/v1/users').set('authorization', `Bearer ${a}`)).body.items as { id: string; username: string }[];
      expect(users).to.have.length(2);
      // tokenFor numbers its users in order of creation: the first is a's
      const [ua, ub] = [...users].sort((x, y) => Number(x.username.split('-')[1]) - Number(y.username.split('-')[1])) as [typeof users[0], typeof users[0]];
      const [ra, rb] = await Promise.all([
        request(api.app).patch(`/api/v1/users/${ub.id}`).set('authorization', `Bearer ${a}`).send({ roles: ['dpo'] }),
        request(api.app).patch(`/api/v1/users/${ua.id}`).set('authorization', `Bearer ${b}`).send({ roles: ['dpo'] }),
      ]);
      // The loser is refused either by the last-admin check (409, both already past the role check) or,
      // when the winner committed first, by the role check itself (403): never both demoted.
      const statuses = [ra.status, rb.status].sort();
      expect(statuses[0]).to.equal(200);
      expect([403, 409]).to.include(statuses[1]);
      const left = (await api.system.db.read((m) => m.getRepository(UserEntity).find())).filter((u) => u.roles.split(',').includes('admin'));
      expect(left).to.have.length(1);
    } finally {
      await api.close();
    }
  });
});

describe('Issue 10 #10: the bootstrap admin\'s password passes the policy in production', () => {
  it('Issue 10 #10: NODE_ENV=production refuses a weak DSR_BOOTSTRAP_ADMIN_PASSWORD at start; a strong one starts', () => {
    for (const weak of ['a', 'admin-password-2026', 'password1234', 'choose-a-long-password']) {
      expect(() => loadConfig({ NODE_ENV: 'production', ...SECRET, DSR_BOOTSTRAP_ADMIN_PASSWORD: weak }), weak).to.throw(ConfigError, 'DSR_BOOTSTRAP_ADMIN_PASSWORD is refused');
    }
    expect(loadConfig({ NODE_ENV: 'production', ...SECRET, DSR_BOOTSTRAP_ADMIN_PASSWORD: 'Triglav je 2864 m visok' }).bootstrapAdminPassword).to.equal('Triglav je 2864 m visok');
    // Outside production a quick start still works (the server warns)
    expect(loadConfig({ DSR_BOOTSTRAP_ADMIN_PASSWORD: 'a' }).bootstrapAdminPassword).to.equal('a');
    expect(loadConfig({ DSR_SESSION_MAX_HOURS: '4' }).sessionMaxHours).to.equal(4);
    expect(() => loadConfig({ DSR_SESSION_MAX_HOURS: '0' })).to.throw(ConfigError, 'DSR_SESSION_MAX_HOURS');
  });

  it('Issue 10 #10: bootstrapAdmin creates no admin with a weak password in production; elsewhere it warns', async () => {
    const system = await freshSystem();
    try {
      const log: string[] = [];
      let refused: unknown;
      await bootstrapAdmin(system, 'a', (m) => log.push(m), true).catch((err) => (refused = err));
      expect(refused).to.be.instanceOf(ConfigError);
      expect(await system.db.read((m) => m.getRepository(UserEntity).count())).to.equal(0);
      await bootstrapAdmin(system, 'a', (m) => log.push(m), false);
      expect(log.join('\n')).to.include('would be refused in production');
      expect(await system.db.read((m) => m.getRepository(UserEntity).count())).to.equal(1);
    } finally {
      await system.close();
    }
  });
});
