import request from 'supertest';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { PASSWORD, postLogin } from '../../support/web.js';
import { buildApp } from '../../../src/http/app.js';
import { TokenService } from '../../../src/http/auth/tokens.js';
import { SignInGuard } from '../../../src/http/auth/signIn.js';
import { VerificationGate, type GateLimits } from '../../../src/http/auth/verificationGate.js';
import { AuditEventEntity, SignInThrottleEntity } from '../../../src/persistence/entities/index.js';

/** A gate that writes down whom it let in, in order: the test reads order, never time. */
class RecordingGate extends VerificationGate {
  readonly served: string[] = [];
  override run<T>(client: string, work: () => Promise<T>): Promise<T> {
    return super.run(client, () => {
      this.served.push(client);
      return work();
    });
  }
}

function latch() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

let debugState: () => unknown = () => null;
/** Wait (without a clock) until a condition holds; fails after many turns of the event loop. */
async function until(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    if (await cond()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what} ${JSON.stringify(debugState())}`);
}

describe('Issue 10 #5 / X6: one lockout for web and API, counted atomically; argon2 behind a bounded gate', function () {
  this.timeout(120_000);
  let desk: Desk;
  afterEach(async () => desk?.close());

  async function user(roles: string[] = ['dpo']) {
    const username = `ana.${Math.random().toString(36).slice(2, 7)}`;
    const res = await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles }, desk.admin);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return username;
  }
  const token = (app: unknown, username: string, password: string, ip = '192.0.2.10') =>
    request(app as never).post('/api/v1/auth/token').set('x-forwarded-for', ip).send({ username, password });
  const failuresOf = async (username: string) => (await desk.system.db.read((m) => m.getRepository(SignInThrottleEntity).findOneBy({ username })))?.failures ?? 0;
  const events = (type: string, actor: string) => desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type, actor }, order: { seq: 'ASC' } }));

  /** The desk's system with an app whose sign-in guard the test holds. */
  function appWithGate(limits: GateLimits) {
    const gate = new RecordingGate(limits);
    const app = buildApp({
      system: desk.system, config: { fakeClock: true }, requests: desk.requests, log: (m) => console.error(m),
      tokens: new TokenService('test-secret-that-is-long-enough-0123456789', 3600, desk.system.db),
      signIns: new SignInGuard(desk.system.db, gate),
    });
    return { app, gate };
  }

  it('Issue 10 #5: POST /auth/token locks after 5 failures: the right password is refused (429, Retry-After) until the back-off passes, then doubles', async () => {
    desk = await openDesk();
    const username = await user();
    for (let i = 0; i < 5; i++) expect((await token(desk.app, username, `narobe-${i}`)).status).to.equal(401);
    const locked = await token(desk.app, username, PASSWORD);
    expect(locked.status).to.equal(429);
    expect(locked.body.error.code).to.equal('sign_in_locked');
    expect(locked.headers['retry-after']).to.equal('30');
    await desk.clockTo('2026-03-02T12:00:20+01:00');
    expect((await token(desk.app, username, PASSWORD)).status, 'still locked at +20 s').to.equal(429);
    await desk.clockTo('2026-03-02T12:00:31+01:00');
    // The lock has passed; one more wrong password locks for twice as long
    expect((await token(desk.app, username, 'narobe-6')).status).to.equal(401);
    const again = await token(desk.app, username, PASSWORD);
    expect(again.status).to.equal(429);
    expect(again.headers['retry-after']).to.equal('60');
    await desk.clockTo('2026-03-02T12:01:32+01:00');
    const ok = await token(desk.app, username, PASSWORD);
    expect(ok.status).to.equal(200);
    expect(ok.body.token).to.be.a('string');
    expect(await failuresOf(username), 'a success clears the count').to.equal(0);
    expect((await events('security.sign_in_failed', username)).map((e) => JSON.parse(e.data).via)).to.deep.equal(['api', 'api', 'api', 'api', 'api', 'api']);
    expect(await events('security.sign_in_locked', username)).to.have.length(3);
  });

  it('Issue 10 #5: the web form and the API share one count: 3 wrong on the web and 2 on the API lock both', async () => {
    desk = await openDesk();
    const username = await user();
    for (let i = 0; i < 3; i++) expect((await postLogin(request.agent(desk.app), { username, password: `narobe-${i}` })).status).to.equal(401);
    for (let i = 3; i < 5; i++) expect((await token(desk.app, username, `narobe-${i}`)).status).to.equal(401);
    expect((await token(desk.app, username, PASSWORD)).status).to.equal(429);
    const web = await postLogin(request.agent(desk.app), { username, password: PASSWORD });
    expect(web.status).to.equal(429);
    expect(web.text).to.include('Preveč neuspešnih poskusov');
    // Upper case is the same account on MariaDB (its collation): it is the same count everywhere
    expect((await token(desk.app, username.toUpperCase(), PASSWORD)).status).to.equal(429);
    expect(await failuresOf(username)).to.equal(5);
  });

  it('Issue 10 #5: 12 parallel wrong guesses count as 12 (API and web), and none of them is let through', async () => {
    desk = await openDesk();
    for (const via of ['api', 'web'] as const) {
      const username = await user();
      const { app, gate } = appWithGate({ maxConcurrent: 2, maxQueuedPerClient: 4, maxQueued: 64 });
      // The worst case of the race, made certain: all 12 are in before the first is checked.
      const hold = [latch(), latch()];
      const held = hold.map((h) => gate.run('held', () => h.opened));
      const guesses = Array.from({ length: 12 }, (_, i) => via === 'api'
        ? token(app, username, `narobe-${i}`, `198.51.100.${i + 1}`).then((r) => r.status)
        : postLogin(request.agent(app).set('x-forwarded-for', `198.51.100.${i + 1}`), { username, password: `narobe-${i}` }).then((r) => r.status));
      debugState = () => gate.stats();
      await until('12 guesses queued', () => gate.stats().queued === 12);
      hold.forEach((h) => h.open());
      await Promise.all(held);
      const statuses = await Promise.all(guesses);
      expect(statuses.filter((s) => s !== 401 && s !== 429), via).to.deep.equal([]);
      expect(await failuresOf(username), via).to.equal(12);
      expect(await events('security.sign_in_failed', username), via).to.have.length(12);
      // Checked or not, every guess was counted; the lock now asks for 2^7 × 30 s, capped at an hour
      expect((await token(app, username, PASSWORD)).headers['retry-after'], via).to.equal('3600');
    }
  });

  it('Issue 10 #5: a flood of 24 bogus sign-ins and one real one: at most 2 verify at once, the excess is answered 429 at once, the real one is served next', async () => {
    desk = await openDesk();
    const username = await user();
    const { app, gate } = appWithGate({ maxConcurrent: 2, maxQueuedPerClient: 4, maxQueued: 64 });
    const hold = [latch(), latch()];
    const held = hold.map((h) => gate.run('held', () => h.opened));
    const answers: number[] = [];
    const flood = Array.from({ length: 24 }, (_, i) => token(app, `bogus-${i}`, 'kar-nekaj-napacnega', '203.0.113.9').then((r) => {
      answers.push(r.status);
      return r;
    }));
    // While both slots are still taken, 20 of the 24 already have their answer: nobody waits unbounded.
    await until('the excess is refused', () => answers.length === 20);
    expect(answers.every((s) => s === 429)).to.equal(true);
    expect(gate.stats()).to.include({ running: 2, queued: 4, rejected: 20 });
    const refused = await Promise.race(flood);
    expect(refused.body.error.code).to.equal('sign_in_busy');
    expect(refused.headers['retry-after']).to.equal('2');
    // (a supertest request is sent when it is awaited: then() sends it now)
    const real = token(app, username, PASSWORD, '198.51.100.7').then((r) => r);
    debugState = () => gate.stats();
    await until('the real one queued', () => gate.stats().queued === 5);
    hold.forEach((h) => h.open());
    await Promise.all(held);
    const [realRes, floodRes] = [await real, await Promise.all(flood)];
    expect(realRes.status).to.equal(200);
    expect(floodRes.filter((r) => r.status === 401)).to.have.length(4);
    // Round-robin by client: the real user is let in right after the first of the flood, not after all four
    expect(gate.served.slice(2)).to.deep.equal(['203.0.113.9', '198.51.100.7', '203.0.113.9', '203.0.113.9', '203.0.113.9']);
    expect(gate.stats().maxRunningSeen).to.equal(2);
    expect(await desk.system.db.read((m) => m.getRepository(AuditEventEntity).countBy({ type: 'security.sign_in_busy' }))).to.equal(20);
  });
});
