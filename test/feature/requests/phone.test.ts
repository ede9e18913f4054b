import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { register, toDecide } from './support.js';

const inquire = (desk: Desk, body: unknown, token = desk.clerk) => desk.call('post', '/api/v1/phone-inquiries', body, token);

describe('Feature: a caller asks about their case by phone (S2.1–S2.3)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('S2.1 Scenario: one unique identifier that passes its check and a case number: enough; only procedural facts are told', async () => {
    desk = await openDesk();
    const v = await toDecide(desk);
    await desk.complete(v.id, 'decide', { outcome: 'refused', grounds: ['art16_manifestly_unfounded'], reasoning: 'Zahteva je očitno neutemeljena, ker posameznik zahteva podatke, ki jih Zavod ne obdeluje in jih nikoli ni obdeloval, kar je bilo že pojasnjeno.' });
    const res = await inquire(desk, { identifiers: { emso: '0101990505005', caseNumber: v.caseNumber }, healthRelated: false, suspicion: false });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.include({ sufficient: true, required: 2, missing: '' });
    expect(res.body.matched).to.have.members(['emso', 'caseNumber']);
    expect(res.body.disclosure).to.deep.include({ received: true, receivedOn: '2026-03-02' });
    expect(res.body.disclosure.letters).to.deep.equal([{ kind: 'acknowledgement', sentOn: '2026-03-02' }, { kind: 'decision', sentOn: '2026-03-02' }]);
    // S2.3: never the outcome or the content of a decision
    const text = JSON.stringify(res.body);
    expect(text).to.not.match(/refused|granted|neutemeljena|art16|outcome|reasoning/);
  });

  it('S2.1 Scenario: two identifiers a stranger could both know, or an identifier with a wrong check digit, are not enough', async () => {
    desk = await openDesk();
    const v = await register(desk);
    const secretsOnly = await inquire(desk, { identifiers: { caseNumber: v.caseNumber, lastDocumentDate: '2026-03-02' } });
    expect(secretsOnly.body).to.deep.include({ sufficient: false, required: 2 });
    expect(secretsOnly.body.missing).to.include('enolični identifikator');
    expect(secretsOnly.body).to.not.have.property('disclosure');
    const byEmsoOnly = await inquire(desk, { identifiers: { emso: '0101990505005' } });
    expect(byEmsoOnly.body.sufficient).to.equal(false);
    expect(byEmsoOnly.body, 'not even the case number before identification').to.not.have.property('caseNumber');
    const badDigit = await inquire(desk, { identifiers: { emso: '0101990505006', caseNumber: v.caseNumber } });
    expect(badDigit.body.sufficient).to.equal(false);
    expect(badDigit.body.matched).to.deep.equal(['caseNumber']);
    expect(badDigit.body.notCounted).to.deep.include({ identifier: 'emso', reason: 'Kontrolna številka EMŠO ni pravilna.' });
    const otherPerson = await inquire(desk, { identifiers: { taxNumber: '10000005', caseNumber: v.caseNumber } });
    expect(otherPerson.body.sufficient).to.equal(false);
  });

  it('S2.1 Scenario: the case is found from the tax number; the date of the last letter and the payment reference count as known only to the person', async () => {
    desk = await openDesk();
    const v = await register(desk);
    const byDate = await inquire(desk, { identifiers: { taxNumber: '50223054', lastDocumentDate: '2026-03-02' } });
    expect(byDate.body).to.deep.include({ sufficient: true, caseNumber: v.caseNumber });
    const wrongDate = await inquire(desk, { identifiers: { taxNumber: '50223054', lastDocumentDate: '2026-02-27' } });
    expect(wrongDate.body.sufficient).to.equal(false);
    // Case 0072-1/2026 pays with SI12 2026000001 and its check digit 9 (weights 2, 3, … from the right: S = 90, 11 − 2)
    const upn = await inquire(desk, { identifiers: { emso: '0101990505005', upnReference: 'SI12 20260000019' } });
    expect(upn.body.matched).to.deep.equal(['emso', 'upnReference']);
    expect(upn.body.sufficient).to.equal(true);
  });

  it('S2.2 Scenario: when the case may reveal health, or the clerk suspects the caller, a third identifier is needed', async () => {
    desk = await openDesk();
    const v = await register(desk);
    const two = { emso: '0101990505005', caseNumber: v.caseNumber };
    for (const flag of [{ healthRelated: true }, { suspicion: true }]) {
      const res = await inquire(desk, { identifiers: two, ...flag });
      expect(res.body).to.deep.include({ sufficient: false, required: 3 });
      expect(res.body.missing).to.include('dva podatka');
    }
    const three = await inquire(desk, { identifiers: { ...two, lastDocumentDate: '2026-03-02' }, healthRelated: true });
    expect(three.body).to.deep.include({ sufficient: true, required: 3 });
  });

  it('S2.3 Scenario: a dismissal is disclosed only as "a decision was sent", never as what it was', async () => {
    desk = await openDesk();
    const v = await register(desk, { rights: [] });
    const asked = await desk.complete(v.id, 'checkCompleteness', { complete: false, missing: ['Navedite pravico.'] });
    const remedyRequest = asked.letters.find((l: { kind: string }) => l.kind === 'remedy_request');
    await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-02', letterId: remedyRequest.id }, desk.clerk);
    await desk.clockTo('2026-03-20T12:00:00+01:00');
    // N6.2: the lapse opens the DPO's task; the sklep is the DPO's
    expect((await desk.complete(v.id, 'issueDismissal', { confirmed: true })).status).to.equal('dismissed');
    const res = await inquire(desk, { identifiers: { emso: '0101990505005', caseNumber: v.caseNumber } });
    expect(res.body.sufficient).to.equal(true);
    expect(res.body.disclosure.letters.map((l: { kind: string }) => l.kind)).to.deep.equal(['acknowledgement', 'remedy_request', 'decision']);
    expect(JSON.stringify(res.body)).to.not.include('dismiss');
  });

  it('S2.3 Scenario: every inquiry, sufficient or not, is in the case trace without the identifiers\' values', async () => {
    desk = await openDesk();
    const v = await register(desk);
    await inquire(desk, { identifiers: { caseNumber: v.caseNumber } });
    await inquire(desk, { identifiers: { emso: '0101990505005', caseNumber: v.caseNumber } }, desk.dpo);
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    const phone = trace.body.events.filter((e: { type: string }) => e.type.includes('phone'));
    expect(phone.map((e: { type: string }) => e.type)).to.deep.equal(['phone.inquiry_refused', 'phone.inquiry_answered']);
    expect(phone[0].actor).to.match(/^clerk-/);
    expect(phone[1].actor).to.match(/^dpo-/);
    expect(phone[1].data).to.deep.include({ offered: ['caseNumber', 'emso'], sufficient: true, required: 2 });
    expect(JSON.stringify(phone)).to.not.include('0101990505005');
  });

  it('Scenario: no identifiers is 422, a malformed date is 422, an unknown case is 404, a records owner is 403', async () => {
    desk = await openDesk();
    const none = await inquire(desk, { identifiers: {} });
    expect(none.status).to.equal(422);
    expect(none.body.error.details[0].path).to.equal('identifiers');
    const date = await inquire(desk, { identifiers: { caseNumber: '0072-1/2026', lastDocumentDate: '2. 3. 2026' } });
    expect(date.status).to.equal(422);
    expect(date.body.error.details[0].path).to.equal('identifiers.lastDocumentDate');
    expect((await inquire(desk, { identifiers: { caseNumber: '0072-99/2026' } })).status).to.equal(404);
    expect((await inquire(desk, { identifiers: { caseNumber: '0072-1/2026' } }, desk.owner)).status).to.equal(403);
  });
});
