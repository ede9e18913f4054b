import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { getView, toDecide, type View } from './support.js';

const RESTRICTED = { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] };
const letterOf = (v: View, kind: string) => [...v.letters].reverse().find((l: { kind: string }) => l.kind === kind);

/** Issue 16 #8: clocks that the law starts at receipt run from the delivery of the letter, not from its sending. */
describe('N12.1 N13.1 Feature: every letter with a time limit gets a delivery, and its clocks count from it (issue 16 #8)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N13.1 Scenario: the appeal against a dismissal runs 15 days from the receipt of the sklep, and the dismissed case shows it', async () => {
    desk = await openDesk();
    const reg = await desk.call('post', '/api/v1/requests', requestBody({ rights: [] }), desk.clerk);
    const asked = await desk.complete(reg.body.id, 'checkCompleteness', { complete: false, missing: ['Navedite pravico.'] });
    await desk.call('post', `/api/v1/requests/${asked.id}/delivery`, { deliveredOn: '2026-03-02', letterId: letterOf(asked, 'remedy_request').id }, desk.clerk);
    await desk.clockTo('2026-03-10T09:00:00+01:00');
    const dismissed = await desk.complete(asked.id, 'issueDismissal', { confirmed: true });
    expect(dismissed.status).to.equal('dismissed');
    // Sent on 10 Mar; until its receipt is known no appeal clock runs
    expect(dismissed.deadlines).to.deep.equal({});
    await desk.clockTo('2026-03-16T09:00:00+01:00');
    const delivered = await desk.call('post', `/api/v1/requests/${asked.id}/delivery`, { deliveredOn: '2026-03-13' }, desk.clerk);
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    // 13 Mar + 15 days = 28 Mar, a Saturday: Monday 30 Mar
    expect(delivered.body.deadlines).to.deep.equal({ appealUntil: '2026-03-30' });
    expect(letterOf(delivered.body, 'dismissal').deliveredOn).to.equal('2026-03-13');
    const again = await desk.call('post', `/api/v1/requests/${asked.id}/delivery`, { deliveredOn: '2026-03-13' }, desk.clerk);
    expect(again.status).to.equal(409);
    // 10 Mar + 15 days (from the sending) would have closed it on 26 Mar
    await desk.clockTo('2026-03-30T23:00:00+02:00');
    expect((await getView(desk, asked.id)).deadlines).to.deep.equal({ appealUntil: '2026-03-30' });
    expect((await getView(desk, asked.id)).legalHold.active).to.equal(true);
    await desk.clockTo('2026-03-31T00:00:01+02:00');
    const final = await getView(desk, asked.id);
    expect(final.deadlines).to.deep.equal({});
    expect(final.legalHold.active).to.equal(false);
  });

  it('N12.1 Scenario: after an answer to a request for clarification given in time, the appeal runs from the person\'s receipt of the answer', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, {}, RESTRICTED);
    const v = await desk.complete(atDecide.id, 'decide', { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.' });
    await desk.clockTo('2026-03-05T10:00:00+01:00');
    await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-04' }, desk.clerk);
    await desk.call('post', `/api/v1/requests/${v.id}/clarification`, { receivedAt: '2026-03-05T09:00:00+01:00' }, desk.clerk);
    await desk.clockTo('2026-03-06T10:00:00+01:00');
    const answered = await desk.complete(v.id, 'answerClarification', { answer: 'Omejitev velja le za zbirko o zdravljenju v tujini.' });
    expect(answered.status).to.equal('decided');
    // Not yet received: no appeal clock (the answer came in time, before 12 Mar)
    expect(answered.deadlines).to.not.have.property('appealUntil');
    const answer = letterOf(answered, 'clarification_answer');
    // A letter without a time limit has no delivery to record
    const ack = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-06', letterId: letterOf(answered, 'acknowledgement').id }, desk.clerk);
    expect(ack.status).to.equal(422);
    expect(ack.body.error.details[0].path).to.equal('letterId');
    await desk.clockTo('2026-03-10T10:00:00+01:00');
    const delivered = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-09', letterId: answer.id }, desk.clerk);
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    // 9 Mar + 15 days = 24 Mar (from the sending on 6 Mar it would be 21 → 23 Mar)
    expect(delivered.body.deadlines.appealUntil).to.equal('2026-03-24');
    await desk.clockTo('2026-03-24T23:00:00+01:00');
    expect((await getView(desk, v.id)).status).to.equal('decided');
    await desk.clockTo('2026-03-25T00:00:01+01:00');
    expect((await getView(desk, v.id)).status).to.equal('closed');
  });

  it('N12.1 Scenario: the decision\'s receipt recorded while the recipients are still being notified starts its clocks when the process gets there', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, { rights: ['erasure'], measures: 'Izbrišite moje podatke.' });
    const v = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Podatke smo izbrisali.' });
    expect(v.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['notifyRecipients']);
    await desk.clockTo('2026-03-04T10:00:00+01:00');
    const early = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-03' }, desk.clerk);
    expect(early.status, JSON.stringify(early.body)).to.equal(200);
    const done = await desk.complete(v.id, 'notifyRecipients', { recipients: [{ name: 'Ministrstvo za zdravje', notifiedOn: '2026-03-04' }] });
    expect(done.deadlines).to.deep.equal({ clarificationUntil: '2026-03-11' });
  });
});
