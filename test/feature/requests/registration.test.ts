import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';

describe('Feature: registering a request', () => {
  let desk: Desk;
  beforeEach(async () => (desk = await openDesk()));
  afterEach(async () => desk.close());

  it('N3.1 N2.1 Scenario: a clerk registers an e-mail request; a case is opened with its number and handed to the DPO', async () => {
    const res = await desk.call('post', '/api/v1/requests', requestBody({ mailbox: 'OELJ@zzzs.si' }), desk.clerk);
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ caseNumber: '0072-1/2026', status: 'registered', channel: 'email', mailbox: 'OELJ@zzzs.si', filedOn: '2026-03-02' });
    expect(res.body.openTasks.map((t: { key: string; candidateRoles: string[] }) => [t.key, t.candidateRoles])).to.deep.equal([['checkCompleteness', ['dpo']]]);
    expect(res.body.process).to.include({ definitionKey: 'dsrRequest', version: 1 });
    const second = await desk.call('post', '/api/v1/requests', requestBody({ channel: 'post', mailbox: undefined }), desk.clerk);
    expect(second.body.caseNumber).to.equal('0072-2/2026');
  });

  it('N3.2 Scenario: an acknowledgement of receipt only when the person asks for it', async () => {
    const withAck = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(withAck.body.letters.map((l: { kind: string }) => l.kind)).to.deep.equal(['acknowledgement']);
    const html = await desk.call('get', `/api/v1/requests/${withAck.body.id}/letters/${withAck.body.letters[0].id}`).set('accept', 'text/html');
    expect(html.status).to.equal(200);
    expect(html.text).to.include('0072-1/2026').and.include('Potrdilo o prejemu').and.include('2. 4. 2026').and.include('42. člen');
    const without = await desk.call('post', '/api/v1/requests', requestBody({ acknowledgementRequested: false }), desk.clerk);
    expect(without.body.letters).to.deep.equal([]);
  });

  it('N14.1 Scenario: the legal hold is active from receipt', async () => {
    const res = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(res.body.legalHold).to.deep.equal({ active: true, since: '2026-03-02T09:15:00.000Z', releasedAt: null });
  });

  it('N6.1 N8.1 Scenario: the deadlines of a new request, explained', async () => {
    const res = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(res.body.deadlines).to.deep.equal({ remedyRequestBy: '2026-03-09', decisionDue: '2026-04-02' });
    expect(res.body.deadlineExplanations.decisionDue).to.include('1 mesec').and.include('2. 3. 2026');
    expect(res.body.overdue).to.equal(false);
  });

  it('N6.1 Scenario: an empty list of rights is allowed: the request is incomplete, not invalid', async () => {
    const res = await desk.call('post', '/api/v1/requests', requestBody({ rights: [] }), desk.clerk);
    expect(res.status).to.equal(201);
    expect(res.body.rights).to.deep.equal([]);
  });

  it('Scenario: bad input gets 422 with the field and the reason, and nothing is registered', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [requestBody({ subject: { firstName: 'Ana', lastName: 'Novak', emso: '0101990505006' } }), 'subject.emso'],
      [requestBody({ subject: { firstName: 'Ana', lastName: 'Novak', taxNumber: '12345678' } }), 'subject.taxNumber'],
      [requestBody({ subject: { firstName: 'Ana', lastName: 'Novak', zzzsNumber: '12' } }), 'subject.zzzsNumber'],
      [requestBody({ receivedAt: '2026-03-03T10:00:00+01:00' }), 'receivedAt'],
      [requestBody({ receivedAt: 'včeraj' }), 'receivedAt'],
      [requestBody({ mailbox: 'nekdo@gmail.com' }), 'mailbox'],
      [requestBody({ mailbox: undefined }), 'mailbox'],
      [requestBody({ channel: 'fax' }), 'channel'],
      [requestBody({ rights: ['everything'] }), 'rights.0'],
      [requestBody({ subject: { lastName: 'Novak' } }), 'subject.firstName'],
    ];
    for (const [body, path] of cases) {
      const res = await desk.call('post', '/api/v1/requests', body, desk.clerk);
      expect(res.status, path).to.equal(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(res.body)).to.include(path);
    }
    expect(res422Reason(await desk.call('post', '/api/v1/requests', cases[0]![0], desk.clerk))).to.equal('Kontrolna številka EMŠO ni pravilna.');
    const list = await desk.call('get', '/api/v1/requests');
    expect(list.body.total).to.equal(0);
  });

  it('Scenario: a malformed body is 400, a wrong role 403, an unknown request 404', async () => {
    const malformed = await desk.call('post', '/api/v1/requests', undefined, desk.clerk).set('content-type', 'application/json').send('{"channel":');
    expect(malformed.status).to.equal(400);
    expect((await desk.call('post', '/api/v1/requests', requestBody(), desk.auditor)).status).to.equal(403);
    expect((await desk.call('get', '/api/v1/requests/00000000-0000-0000-0000-000000000000')).status).to.equal(404);
  });

  it('Scenario: concurrent registrations get distinct case numbers and register sequence numbers', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => desk.call('post', '/api/v1/requests', requestBody(), desk.clerk)));
    expect(results.map((r) => r.status)).to.deep.equal(Array(12).fill(201));
    const numbers = results.map((r) => r.body.caseNumber);
    expect(new Set(numbers).size).to.equal(12);
    const register = await desk.call('get', '/api/v1/register');
    expect(register.body.items.map((i: { seq: number }) => i.seq)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

function res422Reason(res: { body: { error: { details: { path: string; message: string }[] } } }): string {
  return res.body.error.details[0]!.message;
}
