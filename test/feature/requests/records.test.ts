import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { register, toDecide } from './support.js';

describe('Feature: the register of requests (N17.1)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N17.1 Scenario: the register lists sequence number, date received, the person, type, decision and its date, as JSON and as CSV', async () => {
    desk = await openDesk();
    const first = await toDecide(desk, { subject: { firstName: 'Živa', lastName: 'Čuček Šušteršič', emso: '0101990505005', address: 'Ščitarjevo 3, 1000 Ljubljana', email: 'ziva@example.si' }, rights: ['access', 'rectification'], measures: 'Popravite priimek v Čuček Šušteršič.' });
    await desk.complete(first.id, 'decide', { outcome: 'partially_granted', grounds: ['gdpr16_data_accurate'], reasoning: 'Priimek je v evidenci že zapisan pravilno, kot izhaja iz centralnega registra prebivalstva; izpis podatkov vam pošiljamo.' });
    await register(desk, { receivedAt: '2026-03-02T11:00:00+01:00' });
    const json = await desk.call('get', '/api/v1/register?from=2026-03-01&to=2026-03-31');
    expect(json.status).to.equal(200);
    expect(json.body.items).to.have.length(2);
    expect(json.body.items[0]).to.deep.include({ seq: 1, receivedOn: '2026-03-02', person: 'Živa Čuček Šušteršič', types: ['access', 'rectification'], outcome: 'partially_granted', decidedOn: '2026-03-02' });
    expect(json.body.items[1]).to.deep.include({ seq: 2, outcome: null, decidedOn: null });
    expect((await desk.call('get', '/api/v1/register?from=2026-04-01')).body.items).to.deep.equal([]);
    const csv = await desk.call('get', '/api/v1/register?from=2026-03-01&to=2026-03-31&format=csv').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).to.equal(0xfeff); // BOM: Excel opens č, š, ž right
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines).to.have.length(3);
    expect(lines[1]).to.include('Živa Čuček Šušteršič').and.include('2026-03-02').and.include('partially_granted');
  });

  it('N17.1 Scenario: a bad date filter is 422 naming the parameter; without a token 401', async () => {
    desk = await openDesk();
    const bad = await desk.call('get', '/api/v1/register?from=2026-13-01');
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0].path).to.equal('query.from');
    const anon = await desk.call('get', '/api/v1/register', undefined, 'not-a-token');
    expect(anon.status).to.equal(401);
  });
});

describe('Feature: every step is traceable to a named person and the audit chain verifies (X2, N18.1)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('X2 N18.1 Scenario: the auditor traces a case: each step with its actor, the path on the diagram, the rule explanations', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    const view = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    // N18.1: the DPO who first worked on the case is responsible for it
    expect(view.responsible).to.match(/^dpo-/);
    const trace = await desk.call('get', `/api/v1/requests/${view.id}/trace`, undefined, desk.auditor);
    expect(trace.status).to.equal(200);
    const events = trace.body.events as { seq: number; actor: string; type: string; elementId?: string; data: Record<string, any> }[];
    const seqs = events.map((e) => e.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    const registered = events.find((e) => e.type === 'request.registered')!;
    expect(registered.actor).to.match(/^clerk-/);
    const completed = events.filter((e) => e.type === 'task.completed');
    expect(completed.map((e) => [e.elementId, e.actor.split('-')[0]])).to.deep.equal([
      ['checkCompleteness', 'dpo'], ['verifyIdentity', 'dpo'], ['checkRecords', 'records_owner'], ['decide', 'dpo'],
    ]);
    for (const e of events) expect(e.actor, e.type).to.be.a('string').and.not.equal('');
    const identity = events.find((e) => e.type === 'rule.evaluated' && e.data.ruleSet === 'identity-sufficiency')!;
    expect(identity.elementId).to.equal('applyIdentity');
    expect(identity.data.explanation).to.be.an('array').that.is.not.empty;
    expect(identity.data.explanation[0]).to.have.property('conditions');
    const letters = events.filter((e) => e.type === 'letter.created').map((e) => e.data.kind);
    expect(letters).to.deep.equal(['acknowledgement', 'decision']);
    expect(trace.body.visited).to.include.members(['registered', 'sendAcknowledgement', 'checkCompleteness', 'verifyIdentity', 'checkRecords', 'decide', 'sendDecision', 'awaitDelivery']);
    // The branches not taken are not on the path
    expect(trace.body.visited).to.not.include.members(['sendRemedyRequest']);
    expect(trace.body.visited).to.not.include('notifyRecipients');
    // Reading the case is itself traced (who looked at whose data)
    await desk.call('get', `/api/v1/requests/${view.id}`, undefined, desk.auditor);
    const again = await desk.call('get', `/api/v1/requests/${view.id}/trace`, undefined, desk.auditor);
    expect(again.body.events.some((e: { type: string; actor: string }) => e.type === 'request.viewed' && e.actor.startsWith('auditor-'))).to.equal(true);
    const verify = await desk.call('get', '/api/v1/audit/verify', undefined, desk.auditor);
    expect(verify.status).to.equal(200);
    expect(verify.body.ok).to.equal(true);
    expect(verify.body.events).to.be.greaterThan(events.length);
  });

  it('N18.1 Scenario: a task claimed by one DPO cannot be completed by another', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${reg.id}&key=checkCompleteness`);
    const claimed = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/claim`);
    expect(claimed.status).to.equal(200);
    // Another DPO
    await desk.call('post', '/api/v1/users', { username: 'druga.dpo', password: 'correct horse battery staple', roles: ['dpo'] }, desk.admin);
    const token = (await desk.call('post', '/api/v1/auth/token', { username: 'druga.dpo', password: 'correct horse battery staple' })).body.token;
    const other = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { complete: true }, token);
    expect(other.status).to.equal(409);
    expect(other.body.error.message).to.include('claimed by');
  });
});
