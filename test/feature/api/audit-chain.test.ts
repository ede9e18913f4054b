import { expect } from 'chai';
import request from 'supertest';
import { loginFormToken } from '../../support/web.js';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { resource } from '../../support/system.js';
import { AuditEventEntity } from '../../../src/persistence/entities/index.js';
import { HOSTILE } from '../../support/hostileText.js';
import { wellFormed } from '../../../src/domain/text.js';

/** Hostile text in every field that reaches the audit log, through the doors an outsider or a user has. */
describe('Feature: no input breaks the audit chain (issue 10 #2, X2)', function () {
  this.timeout(120_000);
  let desk: Desk;
  beforeEach(async () => {
    desk = await openDesk();
    desk.system.handlers.register('noop', async () => undefined);
  });
  afterEach(async () => desk.close());

  const verify = async () => {
    const res = await desk.call('get', '/api/v1/audit/verify', undefined, desk.auditor);
    expect(res.status).to.equal(200);
    return res.body as { ok: boolean; events: number; firstBrokenSeq?: number };
  };
  const noServerError = (res: request.Response, what: string) => expect(res.status, `${what}: ${res.status} ${res.text.slice(0, 300)}`).to.be.below(500);

  it('Scenario: anonymous sign-in attempts with hostile user names (web /login and POST /api/v1/auth/token); the chain still verifies', async () => {
    const before = (await verify()).events;
    // A browser opens /login first: its form carries the sign-in token (login CSRF, issue 10 #5).
    const browser = request.agent(desk.app);
    const token = encodeURIComponent(await loginFormToken(browser));
    for (const [name, text] of Object.entries(HOSTILE)) {
      // The browser's form sends the name well-formed; "99 letters and an emoji" is the one a 100-unit
      // slice cut in half. (Its U+FFFD twin is left out: on MariaDB's *_general_ci collation the two are
      // the same throttle key, a sign-in finding of its own, not one of the chain.)
      if (name !== 'emojiCutInHalf') noServerError(await browser.post('/login').type('form').send(`_csrf=${token}&username=${encodeURIComponent(wellFormed(text))}&password=x`), `web ${name}`);
      // The API's JSON may carry what no browser sends: lone surrogates.
      noServerError(await request(desk.app).post('/api/v1/auth/token').send({ username: text, password: 'x' }), `api ${name}`);
    }
    // Raw percent-encoded bytes of a lone surrogate: not UTF-8, yet they must not break anything either.
    noServerError(await browser.post('/login').type('form').send(`_csrf=${token}&username=%ED%A0%80ana&password=x`), 'web raw surrogate');
    const failed = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: [{ type: 'security.sign_in_failed' }, { type: 'auth.failed' }] }));
    expect(failed.length, 'the attempts were audited').to.be.greaterThan(Object.keys(HOSTILE).length);
    expect(failed.map((e) => e.actor)).to.include('x'.repeat(99) + '😀');
    const result = await verify();
    expect(result, JSON.stringify(result)).to.deep.equal({ ok: true, events: result.events });
    expect(result.events).to.be.greaterThan(before);
  });

  it('Scenario: hostile request subject fields, business keys and task variables; then a real tampering is found at its seq', async () => {
    for (const [name, text] of Object.entries(HOSTILE)) {
      const subject = { ...requestBody().subject, firstName: text, lastName: text.slice(0, 50), address: text };
      const registered = await desk.call('post', '/api/v1/requests', requestBody({ subject }), desk.clerk);
      noServerError(registered, `request ${name}`);
    }
    const registered = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).count({ where: { type: 'request.registered' } }));
    expect(registered, 'requests with hostile subjects were registered').to.be.greaterThan(0);
    await desk.system.definitions.deploy(resource('two-steps.bpmn'), 'legal');
    let ran = 0;
    for (const [name, text] of Object.entries(HOSTILE)) {
      const variables = { [text]: text, note: text, nested: { list: [text, { [text]: [text] }] } };
      const started = await desk.call('post', '/api/v1/process-instances', { key: 'twoSteps', businessKey: text.slice(0, 100), variables });
      noServerError(started, `start ${name}`);
      // Two hostile keys that are one key once made well-formed are one case: its second instance is a 409 (issue 10 #6).
      if (started.status === 409) continue;
      expect(started.status, `start ${name}: ${JSON.stringify(started.body).slice(0, 200)}`).to.equal(201);
      ran += 1;
      const task = started.body.openTasks[0];
      const done = await desk.call('post', `/api/v1/tasks/${task.id}/complete`, variables);
      noServerError(done, `complete ${name}`);
    }
    const completed = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).count({ where: { type: 'task.completed' } }));
    expect(ran, 'nearly every hostile key started its own instance').to.be.greaterThan(Object.keys(HOSTILE).length - 3);
    expect(completed, 'the steps ran').to.equal(ran);

    const result = await verify();
    expect(result, JSON.stringify(result)).to.deep.equal({ ok: true, events: result.events });

    // A real tampering after all that: the check still finds it, at its seq.
    const victim = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findOneOrFail({ where: { type: 'task.completed' }, order: { seq: 'DESC' } }));
    await desk.system.db.transaction((tx) => tx.getRepository(AuditEventEntity).update({ seq: victim.seq }, { data: victim.data.replace('"note"', '"nota"') }));
    expect(await verify()).to.deep.equal({ ok: false, events: victim.seq, firstBrokenSeq: victim.seq });
  });
});
