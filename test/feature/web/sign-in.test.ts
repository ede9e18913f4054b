import request from 'supertest';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { csrfOf, PASSWORD, postLogin } from '../../support/web.js';
import { buildApp } from '../../../src/http/app.js';
import { TokenService } from '../../../src/http/auth/tokens.js';
import { WebSessionEntity } from '../../../src/persistence/entities/index.js';

describe('Feature: staff sign in to the web application (issue 5, X6)', function () {
  // Each scenario opens a whole desk and signs in several times through argon2: slow on a busy MariaDB.
  this.timeout(60_000);
  let desk: Desk;
  afterEach(async () => desk.close());

  async function user(roles: string[] = ['dpo']) {
    const username = `ana.${Math.random().toString(36).slice(2, 7)}`;
    await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles }, desk.admin);
    return username;
  }

  it('X6 Scenario: sign in, get an HttpOnly SameSite=Lax session cookie stored only hashed, sign out with the form token', async () => {
    desk = await openDesk();
    const username = await user();
    const agent = request.agent(desk.app);
    const form = await agent.get('/login');
    expect(form.status).to.equal(200);
    expect(form.text).to.include('name="username"').and.include('name="password"').and.include('Prijava');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username, password: PASSWORD, next: '/tasks' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/tasks');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).to.match(/^dsr_sid=[A-Za-z0-9_-]{40,};/).and.include('HttpOnly').and.include('SameSite=Lax').and.not.include('Secure');
    const value = /dsr_sid=([^;]+)/.exec(cookie)![1]!;
    const rows = await desk.system.db.read((m) => m.getRepository(WebSessionEntity).find());
    expect(rows).to.have.length(1);
    expect(rows[0]!.id).to.not.equal(value);
    expect(rows[0]!.id).to.have.length(64);
    const page = await agent.get('/help');
    const noToken = await agent.post('/logout').type('form').send({});
    expect(noToken.status).to.equal(403);
    expect(noToken.text).to.include('Obrazec je zastarel');
    const out = await agent.post('/logout').type('form').send({ _csrf: csrfOf(page.text) });
    expect(out.status).to.equal(303);
    expect(await desk.system.db.read((m) => m.getRepository(WebSessionEntity).count())).to.equal(0);
    expect((await agent.get('/')).status).to.equal(303);
  });

  it('X6 Scenario: a wrong password is shown next to the field in Slovenian; the username typed stays', async () => {
    desk = await openDesk();
    const username = await user();
    const res = await postLogin(request.agent(desk.app), { username, password: 'napačno geslo' });
    expect(res.status).to.equal(401);
    expect(res.text).to.include('Uporabniško ime ali geslo ni pravilno.').and.include(`value="${username}"`).and.include('id="password-error"');
    const empty = await postLogin(request.agent(desk.app), { username: '', password: '' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.include('Vpišite uporabniško ime.').and.include('Vpišite geslo.');
  });

  it('X6 Scenario: after 5 failures the account is locked with back-off, even for the right password; every attempt is audited', async () => {
    desk = await openDesk();
    const username = await user();
    for (let i = 0; i < 5; i++) expect((await postLogin(request.agent(desk.app), { username, password: `narobe${i}` })).status).to.equal(401);
    const locked = await postLogin(request.agent(desk.app), { username, password: PASSWORD });
    expect(locked.status).to.equal(429);
    expect(locked.text).to.include('Preveč neuspešnih poskusov').and.include('30 s');
    await desk.clockTo('2026-03-02T12:00:31+01:00');
    const ok = await postLogin(request.agent(desk.app), { username, password: PASSWORD });
    expect(ok.status).to.equal(303);
    const audit = await desk.call('get', '/api/v1/audit/verify', undefined, desk.auditor);
    expect(audit.body.ok).to.equal(true);
  });

  it('X6 Scenario: a session idle for 30 minutes ends; one in use survives a restart of the server', async () => {
    desk = await openDesk();
    const username = await user();
    const agent = request.agent(desk.app);
    await postLogin(agent, { username, password: PASSWORD });
    await desk.clockTo('2026-03-02T12:29:00+01:00');
    expect((await agent.get('/help')).text).to.include(username);
    // The same cookie on a freshly built application (as after a restart, or on another process)
    const again = buildApp({ system: desk.system, config: { fakeClock: true }, tokens: new TokenService('another-secret-that-is-long-enough-0123456789', 3600, desk.system.db), requests: desk.requests });
    const jar = (agent as unknown as { jar: { getCookies(o: object): { toValueString(): string } } }).jar;
    const value = jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false }).toValueString();
    expect((await request(again).get('/help').set('cookie', value)).text).to.include(username);
    await desk.clockTo('2026-03-02T13:00:00+01:00');
    const expired = await agent.get('/');
    expect(expired.status).to.equal(303);
    expect(expired.headers.location).to.equal('/login?next=%2F');
  });

  it('X6 Scenario: signing in again gives a new session id; a crafted next= cannot lead off the site', async () => {
    desk = await openDesk();
    const username = await user();
    const agent = request.agent(desk.app);
    const first = await postLogin(agent, { username, password: PASSWORD });
    const second = await postLogin(agent, { username, password: PASSWORD, next: '//evil.example/' });
    expect(second.headers.location).to.equal('/');
    expect(String(first.headers['set-cookie'])).to.not.equal(String(second.headers['set-cookie']));
    expect(await desk.system.db.read((m) => m.getRepository(WebSessionEntity).count())).to.equal(1);
  });

  it('X6 Scenario: pages carry a Content-Security-Policy that allows no inline script', async () => {
    desk = await openDesk();
    const res = await request(desk.app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).to.include("script-src 'self'").and.not.include("'unsafe-inline' 'self'");
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).to.not.include('unsafe-inline');
    expect(res.text).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
