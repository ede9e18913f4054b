import request from 'supertest';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { csrfOf, loginFormToken, PASSWORD, postLogin, signedIn } from '../../support/web.js';
import { buildApp } from '../../../src/http/app.js';
import { TokenService } from '../../../src/http/auth/tokens.js';
import { AuditEventEntity, UserEntity, WebSessionEntity } from '../../../src/persistence/entities/index.js';

const NEW_PASSWORD = 'novo geslo za splet 2026';

describe('Issue 10 #5 / #10, X6: the sign-in form, session lifetime and passwords on the web', function () {
  this.timeout(120_000);
  let desk: Desk;
  before(async () => {
    desk = await openDesk();
  });
  after(async () => desk.close());

  async function user(roles: string[] = ['dpo']) {
    const username = `splet.${Math.random().toString(36).slice(2, 7)}`;
    const res = await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles }, desk.admin);
    expect(res.status).to.equal(201);
    return { username, id: res.body.id as string };
  }
  const sessions = () => desk.system.db.read((m) => m.getRepository(WebSessionEntity).count());
  const lastEvent = async (type: string) => (await desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type }, order: { seq: 'DESC' }, take: 1 })))[0];

  it('Issue 10 #5: a cross-site POST /login is refused with a Slovenian message; the form carries a token bound to its own cookie', async () => {
    const { username } = await user();
    const form = await request(desk.app).get('/login');
    const cookie = String(form.headers['set-cookie']);
    expect(cookie).to.match(/^dsr_login=[A-Za-z0-9_-]{32};/).and.include('HttpOnly').and.include('SameSite=Strict').and.include('Path=/login');
    const before = await sessions();

    // Another site's form: the browser sends no dsr_login cookie (SameSite=Strict) and the site cannot know one
    const crossSite = await request(desk.app).post('/login').type('form').set('origin', 'https://evil.example').send({ username, password: PASSWORD });
    expect(crossSite.status).to.equal(403);
    expect(crossSite.text).to.include('Obrazec za prijavo je potekel ali ni bil poslan s te strani.');
    expect(crossSite.text).to.include('name="_csrf"');
    // A token the attacker fetched for himself does not match the victim's cookie
    const victim = request.agent(desk.app);
    await loginFormToken(victim);
    const attackersToken = csrfOf(form.text);
    expect((await victim.post('/login').type('form').send({ _csrf: attackersToken, username, password: PASSWORD })).status).to.equal(403);
    // …nor is a token without its cookie any good
    expect((await request(desk.app).post('/login').type('form').send({ _csrf: attackersToken, username, password: PASSWORD })).status).to.equal(403);
    // A browser that says the post came from another site is refused even with both
    const both = request.agent(desk.app);
    const token = await loginFormToken(both);
    expect((await both.post('/login').type('form').set('sec-fetch-site', 'cross-site').send({ _csrf: token, username, password: PASSWORD })).status).to.equal(403);
    expect(await sessions()).to.equal(before);
    const refused = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type: 'security.login_csrf_refused' } }));
    expect(refused).to.have.length(4);
    expect(refused.map((e) => JSON.parse(e.data).origin)).to.include('https://evil.example');

    const ok = await both.post('/login').type('form').set('sec-fetch-site', 'same-origin').send({ _csrf: token, username, password: PASSWORD });
    expect(ok.status).to.equal(303);
    expect(await sessions()).to.equal(before + 1);
  });

  it('Issue 10 #10: a session ends after its absolute lifetime however busy it is (DSR_SESSION_MAX_HOURS); the cookie lives as long', async () => {
    const { username } = await user();
    const normal = await postLogin(request.agent(desk.app), { username, password: PASSWORD });
    expect(String(normal.headers['set-cookie'])).to.include('Max-Age=36000');

    const app = buildApp({
      system: desk.system, config: { fakeClock: true, sessionMaxHours: 1 }, requests: desk.requests, log: (m) => console.error(m),
      tokens: new TokenService('test-secret-that-is-long-enough-0123456789', 3600, desk.system.db),
    });
    const agent = request.agent(app);
    const res = await postLogin(agent, { username, password: PASSWORD });
    expect(String(res.headers['set-cookie'])).to.include('Max-Age=3600');
    const start = desk.system.clock.now().getTime();
    const at = (minutes: number) => desk.clockTo(new Date(start + minutes * 60_000).toISOString());
    for (const minutes of [25, 50, 59]) {
      await at(minutes);
      expect((await agent.get('/help')).text, `at +${minutes} min`).to.include(username);
    }
    await at(61);
    const ended = await agent.get('/');
    expect(ended.status, 'used a minute ago, but signed in over an hour ago').to.equal(303);
    expect(ended.headers.location).to.equal('/login?next=%2F');
  });

  it('Issue 10 #10: a user changes their own password on /account/password; errors in Slovenian next to the field; other sessions and tokens end, this one stays', async () => {
    const { username, id } = await user(['clerk']);
    const token = (await request(desk.app).post('/api/v1/auth/token').send({ username, password: PASSWORD })).body.token as string;
    const other = request.agent(desk.app);
    await postLogin(other, { username, password: PASSWORD });
    const me = request.agent(desk.app);
    await postLogin(me, { username, password: PASSWORD });
    const page = await me.get('/account/password');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Sprememba gesla').and.include('href="/account/password"');
    const csrf = csrfOf(page.text);
    const send = (fields: Record<string, string>) => me.post('/account/password').type('form').send({ _csrf: csrf, ...fields });

    const wrong = await send({ currentPassword: 'ni pravo geslo', newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
    expect(wrong.status).to.equal(422);
    expect(wrong.text).to.include('id="currentPassword-error"').and.include('Sedanje geslo ni pravilno.');
    const weak = await send({ currentPassword: PASSWORD, newPassword: `${username}-geslo`, repeatPassword: `${username}-geslo` });
    expect(weak.text).to.include('id="newPassword-error"').and.include('Geslo ne sme vsebovati uporabniškega imena.');
    const common = await send({ currentPassword: PASSWORD, newPassword: 'geslo1234567', repeatPassword: 'geslo1234567' });
    expect(common.text).to.include('To geslo je med najpogostejšimi; izberite drugo.');
    const mismatch = await send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, repeatPassword: `${NEW_PASSWORD}!` });
    expect(mismatch.text).to.include('id="repeatPassword-error"').and.include('Gesli se ne ujemata.');
    expect(mismatch.text).to.not.include(PASSWORD).and.not.include(NEW_PASSWORD);
    expect((await me.post('/account/password').type('form').send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD })).status, 'no form token').to.equal(403);

    const ok = await send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
    expect(ok.status).to.equal(303);
    expect((await me.get(ok.headers.location!)).text).to.include('Geslo je spremenjeno.');
    expect((await other.get('/')).status, 'the other browser is signed out').to.equal(303);
    expect((await request(desk.app).get('/api/v1/tasks').set('authorization', `Bearer ${token}`)).status).to.equal(401);
    expect((await postLogin(request.agent(desk.app), { username, password: NEW_PASSWORD })).status).to.equal(303);
    expect((await lastEvent('user.password_changed'))).to.deep.include({ actor: username, subjectId: id });
    // The wrong current password above counted toward the lockout, like any wrong password
    expect(JSON.parse((await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findOne({ where: { type: 'security.sign_in_failed', actor: username } })))!.data).via).to.equal('password_change');
  });

  it('Issue 10 #10: the admin edits roles, resets a password and revokes a token on /admin/users/:username; each audited; a clerk gets 403', async () => {
    const admin = await signedIn(desk, 'admin');
    const { username, id } = await user(['dpo']);
    const token = (await request(desk.app).post('/api/v1/auth/token').send({ username, password: PASSWORD })).body.token as string;
    const page = await admin.agent.get(`/admin/users/${username}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`Uporabnik ${username}`).and.match(/value="dpo" checked/);
    const list = await admin.agent.get('/admin/users');
    expect(list.text).to.include(`href="/admin/users/${username}"`);

    const none = await admin.agent.post(`/admin/users/${username}/roles`).type('form').send({ _csrf: admin.csrf });
    expect(none.status).to.equal(422);
    expect(none.text).to.include('Izberite vsaj eno vlogo.');
    const roles = await admin.agent.post(`/admin/users/${username}/roles`).type('form').send({ _csrf: admin.csrf, roles: ['dpo', 'auditor'] });
    expect(roles.status).to.equal(303);
    expect((await admin.agent.get(roles.headers.location!)).text).to.include('Vloge so shranjene');
    expect((await desk.system.db.read((m) => m.getRepository(UserEntity).findOneBy({ id })))!.roles).to.equal('dpo,auditor');
    expect((await lastEvent('user.roles_changed'))).to.deep.include({ actor: admin.username, subjectId: id });

    const weak = await admin.agent.post(`/admin/users/${username}/password`).type('form').send({ _csrf: admin.csrf, password: 'kratko' });
    expect(weak.status).to.equal(422);
    expect(weak.text).to.include('id="password-error"').and.include('Geslo mora imeti vsaj 12 znakov.').and.not.include('kratko');

    const withToken = await admin.agent.get(`/admin/users/${username}`);
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;
    expect(withToken.text).to.include(`id="token-${jti}"`);
    const revoke = await admin.agent.post(`/admin/tokens/${jti}/revoke`).type('form').send({ _csrf: admin.csrf });
    expect(revoke.status).to.equal(303);
    expect((await request(desk.app).get('/api/v1/tasks').set('authorization', `Bearer ${token}`)).status).to.equal(401);
    expect((await lastEvent('token.revoked'))).to.deep.include({ actor: admin.username, subjectId: id });

    const reset = await admin.agent.post(`/admin/users/${username}/password`).type('form').send({ _csrf: admin.csrf, password: NEW_PASSWORD });
    expect(reset.status).to.equal(303);
    expect((await postLogin(request.agent(desk.app), { username, password: NEW_PASSWORD })).status).to.equal(303);
    expect((await lastEvent('user.password_reset'))).to.deep.include({ actor: admin.username, subjectId: id });

    // The last admin keeps the role
    const onlyAdmins = await desk.system.db.read((m) => m.getRepository(UserEntity).find());
    for (const u of onlyAdmins) {
      if (u.roles.includes('admin') && u.username !== admin.username) await desk.system.db.transaction((tx) => tx.getRepository(UserEntity).update({ id: u.id }, { disabled: true }));
    }
    const lastAdmin = await admin.agent.post(`/admin/users/${admin.username}/roles`).type('form').send({ _csrf: admin.csrf, roles: ['auditor'] });
    expect(lastAdmin.status).to.equal(409);
    expect(lastAdmin.text).to.include('zadnji aktivni skrbnik sistema');
    for (const u of onlyAdmins) await desk.system.db.transaction((tx) => tx.getRepository(UserEntity).update({ id: u.id }, { disabled: u.disabled }));

    const clerk = await signedIn(desk, 'clerk');
    expect((await clerk.agent.get(`/admin/users/${username}`)).status).to.equal(403);
    expect((await clerk.agent.post(`/admin/users/${username}/roles`).type('form').send({ _csrf: clerk.csrf, roles: 'admin' })).status).to.equal(403);
    expect((await clerk.agent.post(`/admin/users/${username}/password`).type('form').send({ _csrf: clerk.csrf, password: NEW_PASSWORD })).status).to.equal(403);
    expect((await clerk.agent.post(`/admin/tokens/${jti}/revoke`).type('form').send({ _csrf: clerk.csrf })).status).to.equal(403);
    expect((await desk.system.db.read((m) => m.getRepository(UserEntity).findOneBy({ id })))!.roles).to.equal('dpo,auditor');
  });
});
