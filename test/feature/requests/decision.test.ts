import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { kinds, letterText, LONG_REASONING, MINOR_BY_PARENT, register, toDecide } from './support.js';

describe('Feature: the DPO decides; the decision letter goes out the way the request came', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N5.1 N9.1 N11.1 Scenario: records are checked, access is granted, a written decision with reasons and legal instruction goes out by e-mail', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    expect(atDecide.flags).to.deep.include({ art23Restriction: false, collections: ['Obvezno zdravstveno zavarovanje'] });
    const view = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Posredujemo vam izpis vaših podatkov iz zbirke obveznega zdravstvenega zavarovanja.' });
    expect(view.status).to.equal('decided');
    expect(view.decision).to.deep.include({ outcome: 'granted', decidedOn: '2026-03-02', fee: 0 });
    expect(view.deadlines).to.deep.equal({}); // no decision deadline once decided; clocks start at delivery
    const decision = view.letters.find((l: { kind: string }) => l.kind === 'decision');
    expect(decision.channel).to.equal('email');
    const html = await letterText(desk, view, 'decision');
    expect(html).to.include('Zahtevi se ugodi.').and.include('Obrazložitev').and.include('Posredujemo vam izpis vaših podatkov')
      .and.include('Pravni pouk').and.include('Informacijskem pooblaščencu').and.include('Dunajska cesta 22').and.include(view.caseNumber);
    expect(view.openTasks).to.deep.equal([]);
  });

  it('N10.1 Scenario: a request that came on paper is answered on paper, one filed in person too', async () => {
    desk = await openDesk();
    for (const channel of ['post', 'in_person'] as const) {
      const atDecide = await toDecide(desk, { channel, mailbox: undefined, receivedAt: '2026-03-02T09:15:00+01:00' });
      const view = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
      expect(view.letters.map((l: { kind: string; channel: string }) => [l.kind, l.channel])).to.deep.include(['decision', 'post']);
    }
  });

  it('N11.1 Scenario: an e-mail request is answered on paper when the person gives a postal address to answer to', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, { answerBy: 'post' });
    const view = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    expect(view.letters.map((l: { kind: string; channel: string }) => l.channel)).to.deep.equal(['post', 'post']);
    const html = await letterText(desk, view, 'decision');
    expect(html).to.include('Trubarjeva 1, 1000 Ljubljana');
  });

  it('N11.1 Scenario: an e-mail request that asks for an answer by e-mail but gives no e-mail address is refused with the field', async () => {
    desk = await openDesk();
    const res = await desk.call('post', '/api/v1/requests', { channel: 'post', receivedAt: '2026-03-02T09:00:00+01:00', subject: { firstName: 'Ana', lastName: 'Novak', address: 'Trubarjeva 1, 1000 Ljubljana' }, rights: ['access'], answerBy: 'email' }, desk.clerk);
    expect(res.status).to.equal(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('subject.email');
  });

  it('N15.1 Scenario: a refusal to protect a minor needs the finding that protected persons are affected and a written reasoning', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, MINOR_BY_PARENT);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${atDecide.id}&key=decide`);
    const id = tasks.body.items[0].id;
    const thin = await desk.call('post', `/api/v1/tasks/${id}/complete`, { outcome: 'refused', grounds: ['art15_protected_persons'], reasoning: 'Razkritje bi prizadelo koristi mladoletne osebe, ki jo zastopate.', protectedPersonsAffected: true });
    expect(thin.status).to.equal(422);
    expect(thin.body.error.details[0].path).to.equal('grounds');
    expect(thin.body.error.details[0].message).to.include('art15_protected_persons').and.include('100 znakov');
    const notFound = await desk.call('post', `/api/v1/tasks/${id}/complete`, { outcome: 'refused', grounds: ['art15_protected_persons'], reasoning: LONG_REASONING, protectedPersonsAffected: false });
    expect(notFound.status).to.equal(422);
    // Nothing was decided by the failed attempts
    const still = await desk.call('get', `/api/v1/requests/${atDecide.id}`);
    expect(still.body).to.not.have.property('decision');
    expect(still.body.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['decide']);
    const ok = await desk.call('post', `/api/v1/tasks/${id}/complete`, { outcome: 'refused', grounds: ['art15_protected_persons'], reasoning: LONG_REASONING, protectedPersonsAffected: true });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.decision).to.deep.include({ outcome: 'refused', grounds: ['art15_protected_persons'] });
    const html = await letterText(desk, ok.body, 'decision');
    expect(html).to.include('Zahteva se zavrne.').and.include('v 15 dneh od prejema').and.include('Dunajska cesta 22').and.include('mladoletne osebe');
  });

  it('N16.1 Scenario: "excessive" needs shown abusive intent: the number of requests alone is refused', async () => {
    desk = await openDesk();
    for (let i = 0; i < 3; i++) await register(desk);
    const atDecide = await toDecide(desk);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${atDecide.id}&key=decide`);
    const id = tasks.body.items[0].id;
    const byCount = await desk.call('post', `/api/v1/tasks/${id}/complete`, { outcome: 'refused', grounds: ['art16_excessive'], reasoning: LONG_REASONING });
    expect(byCount.status).to.equal(422);
    expect(byCount.body.error.details[0].message).to.include('število zahtev samo ne zadošča');
    // The evaluation is in the trace with its facts: four requests of the same person this year
    const trace = await desk.call('get', `/api/v1/requests/${atDecide.id}/trace`, undefined, desk.auditor);
    expect(trace.status).to.equal(200);
    // The failed step rolled back, so its evaluation is not in the trace; the accepted one below is.
    const ok = await desk.call('post', `/api/v1/tasks/${id}/complete`, { outcome: 'refused', grounds: ['art16_excessive'], reasoning: LONG_REASONING, abusiveIntentShown: true });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    const after = await desk.call('get', `/api/v1/requests/${atDecide.id}/trace`, undefined, desk.auditor);
    const evaluation = after.body.events.find((e: { type: string; data: { ruleSet?: string } }) => e.type === 'rule.evaluated' && e.data.ruleSet === 'refusal-grounds');
    expect(evaluation.data.facts).to.deep.include({ requestsLast12Months: 3, abusiveIntentShown: true });
    expect(evaluation.data.events.map((e: { type: string }) => e.type)).to.include('excessive-candidate').and.include('ground-supported');
  });

  it('N16.1 Scenario: a fee only for a manifestly unfounded or excessive request, with reasoning; otherwise 422 on the fee', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${atDecide.id}&key=decide`);
    const id = tasks.body.items[0].id;
    const noBasis = await desk.call('post', `/api/v1/tasks/${id}/complete`, { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.', fee: 5 });
    expect(noBasis.status).to.equal(422);
    expect(noBasis.body.error.details[0].path).to.equal('fee');
    const ok = await desk.call('post', `/api/v1/tasks/${id}/complete`, { outcome: 'partially_granted', grounds: ['art16_manifestly_unfounded'], reasoning: LONG_REASONING, fee: 5, pages: 50 });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.decision).to.deep.include({ outcome: 'partially_granted', fee: 5 });
    expect(await letterText(desk, ok.body, 'decision')).to.include('5,00 EUR');
  });

  it('N5.1 N15.1 Scenario: a GDPR Art 23 restriction found in the records supports a refusal; without it the ground is refused', async () => {
    desk = await openDesk();
    const free = await toDecide(desk);
    const t1 = await desk.call('get', `/api/v1/tasks?requestId=${free.id}&key=decide`);
    const bad = await desk.call('post', `/api/v1/tasks/${t1.body.items[0].id}/complete`, { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.' });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0].message).to.include('23. členu GDPR');
    const restricted = await toDecide(desk, {}, { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] });
    const view = await desk.complete(restricted.id, 'decide', { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.' });
    expect(view.decision.outcome).to.equal('refused');
    expect(kinds(view)).to.deep.equal(['acknowledgement', 'decision']);
  });

  it('Scenario: a task completes exactly once: the second completion is a conflict', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${reg.id}&key=checkCompleteness`);
    const url = `/api/v1/tasks/${tasks.body.items[0].id}/complete`;
    const [a, b] = await Promise.all([desk.call('post', url, { complete: true }), desk.call('post', url, { complete: true })]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
  });
});
