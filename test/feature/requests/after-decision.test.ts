import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { getView, kinds, letterText, toDecide, type View } from './support.js';

const get = getView;
const RESTRICTED = { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] };

async function decided(desk: Desk, outcome: 'granted' | 'refused', over: Record<string, unknown> = {}): Promise<View> {
  const refused = outcome === 'refused';
  const atDecide = await toDecide(desk, over, refused ? RESTRICTED : undefined);
  return desk.complete(atDecide.id, 'decide', refused
    ? { outcome, grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.' }
    : { outcome, grounds: [], reasoning: 'Ugodeno.' });
}

describe('Feature: after the decision: delivery, clarification, appeal, closing (N12.1, N13.1, N14.1)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N12.1 Scenario: within 8 days of delivery the person asks for clarification; the DPO answers (here late, after 5 working days); the appeal then runs from the lapse of the time limit', async () => {
    desk = await openDesk();
    const v = await decided(desk, 'refused');
    await desk.clockTo('2026-03-05T10:00:00+01:00');
    const delivered = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-04' });
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    expect(delivered.body.deadlines).to.deep.equal({ clarificationUntil: '2026-03-12', appealUntil: '2026-03-19' });
    await desk.clockTo('2026-03-12T16:00:00+01:00');
    const asked = await desk.call('post', `/api/v1/requests/${v.id}/clarification`, { receivedAt: '2026-03-12T15:00:00+01:00' }, desk.clerk);
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    expect(asked.body.status).to.equal('clarification');
    // 12 Mar + 5 working days = 19 Mar; until the answer the appeal runs from that lapse: 19 Mar + 15 days
    expect(asked.body.openTasks[0]).to.deep.include({ key: 'answerClarification', due: '2026-03-19' });
    expect(asked.body.deadlines).to.deep.include({ clarificationAnswerDue: '2026-03-19', appealUntil: '2026-04-03' });
    // The old appeal window passes without closing the case
    await desk.clockTo('2026-03-20T00:00:01+01:00');
    expect((await get(desk, v.id)).status).to.equal('clarification');
    const answered = await desk.complete(v.id, 'answerClarification', { answer: 'Omejitev velja za podatke o zdravljenju v tujini, ne za druge zbirke.' });
    expect(answered.status).to.equal('decided');
    expect(kinds(answered)).to.deep.equal(['acknowledgement', 'decision', 'clarification_answer']);
    expect(await letterText(desk, answered, 'clarification_answer')).to.include('Omejitev velja za podatke o zdravljenju v tujini');
    // The answer came after its time limit (19 Mar): the appeal runs from that lapse, not from the receipt
    const answerDay = answered.deadlines.appealUntil;
    expect(answerDay).to.equal('2026-04-03');
    const finalDay = new Date(`${answerDay}T23:59:00+02:00`).toISOString();
    await desk.clockTo(finalDay);
    expect((await get(desk, v.id)).status).to.equal('decided');
    await desk.clockTo(new Date(Date.parse(finalDay) + 120_000).toISOString());
    const closed = await get(desk, v.id);
    expect(closed.status).to.equal('closed');
    expect(closed.legalHold.active).to.equal(false);
  });

  it('N12.1 Scenario: a clarification asked after the 8 days is a conflict; before delivery too', async () => {
    desk = await openDesk();
    const v = await decided(desk, 'granted');
    const early = await desk.call('post', `/api/v1/requests/${v.id}/clarification`, { receivedAt: '2026-03-02T11:55:00+01:00' }, desk.clerk);
    expect(early.status).to.equal(409);
    await desk.clockTo('2026-03-03T10:00:00+01:00');
    await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-03' });
    // 3 Mar + 8 days: the last day to ask is 11 Mar
    await desk.clockTo('2026-03-12T09:00:00+01:00');
    const late = await desk.call('post', `/api/v1/requests/${v.id}/clarification`, { receivedAt: '2026-03-12T08:00:00+01:00' }, desk.clerk);
    expect(late.status).to.equal(409);
    expect(late.body.error.message).to.include('ended on 2026-03-11');
  });

  it('N12.1 Scenario: a granted request without clarification closes when the 8 days are over', async () => {
    desk = await openDesk();
    const v = await decided(desk, 'granted');
    expect(v.legalHold.active).to.equal(false); // N14.1: granted — the hold ends
    await desk.clockTo('2026-03-03T10:00:00+01:00');
    const delivered = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-03' });
    expect(delivered.body.deadlines).to.deep.equal({ clarificationUntil: '2026-03-11' });
    await desk.clockTo('2026-03-11T23:00:00+01:00');
    expect((await get(desk, v.id)).status).to.equal('decided');
    await desk.clockTo('2026-03-12T00:00:01+01:00');
    expect((await get(desk, v.id)).status).to.equal('closed');
    // X2: the path shows the window that ended, not the clarification that never came
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    expect(trace.body.visited).to.include.members(['afterDelivery', 'clarificationWindowEnds', 'appealWindowEnds', 'closeCase', 'closed']);
    expect(trace.body.visited).to.not.include('clarificationRequested');
    expect(trace.body.visited).to.not.include('answerClarification');
    const closing = trace.body.events.find((e: { type: string }) => e.type === 'case.closed');
    expect(closing.actor).to.equal('system');
  });

  it('N13.1 N14.1 Scenario: a refusal keeps the legal hold; an appeal within 15 days keeps it after the windows close, until the appeal is closed', async () => {
    desk = await openDesk();
    const v = await decided(desk, 'refused');
    expect(v.legalHold).to.deep.include({ active: true, releasedAt: null });
    await desk.clockTo('2026-03-05T10:00:00+01:00');
    const delivered = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-05' });
    // 5 Mar + 15 days = 20 Mar (a Friday)
    expect(delivered.body.deadlines.appealUntil).to.equal('2026-03-20');
    await desk.clockTo('2026-03-18T10:00:00+01:00');
    const appealed = await desk.call('post', `/api/v1/requests/${v.id}/appeal`, { receivedOn: '2026-03-18' }, desk.clerk);
    expect(appealed.status, JSON.stringify(appealed.body)).to.equal(200);
    await desk.clockTo('2026-03-21T00:00:01+01:00');
    const waiting = await get(desk, v.id);
    expect(waiting.status).to.equal('closed');
    expect(waiting.legalHold.active).to.equal(true);
    expect(waiting.flags.appealFiledOn).to.equal('2026-03-18');
    const future = await desk.call('post', `/api/v1/requests/${v.id}/appeal-closed`, { closedOn: '2026-09-01', outcome: 'upheld' });
    expect(future.status).to.equal(422);
    await desk.clockTo('2026-06-10T10:00:00+02:00');
    const closedAppeal = await desk.call('post', `/api/v1/requests/${v.id}/appeal-closed`, { closedOn: '2026-06-09', outcome: 'upheld' });
    expect(closedAppeal.status, JSON.stringify(closedAppeal.body)).to.equal(200);
    expect(closedAppeal.body.legalHold.active).to.equal(false);
    expect(closedAppeal.body.deadlines).to.deep.equal({});
    const again = await desk.call('post', `/api/v1/requests/${v.id}/appeal-closed`, { closedOn: '2026-06-09', outcome: 'upheld' });
    expect(again.status).to.equal(409);
  });

  it('N13.1 N14.1 Scenario: a refusal without appeal: when the appeal window has passed, the case closes and the hold ends', async () => {
    desk = await openDesk();
    const v = await decided(desk, 'refused');
    await desk.clockTo('2026-03-05T10:00:00+01:00');
    await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-05' });
    await desk.clockTo('2026-03-20T23:59:00+01:00');
    expect((await get(desk, v.id)).legalHold.active).to.equal(true);
    await desk.clockTo('2026-03-21T00:00:01+01:00');
    const closed = await get(desk, v.id);
    expect(closed).to.deep.include({ status: 'closed' });
    expect(closed.legalHold.active).to.equal(false);
    expect(closed.deadlines).to.deep.equal({});
  });

  it('Scenario: delivery before the decision date, in the future, or of an undecided request is refused', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    expect((await desk.call('post', `/api/v1/requests/${atDecide.id}/delivery`, { deliveredOn: '2026-03-02' })).status).to.equal(409);
    await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    const future = await desk.call('post', `/api/v1/requests/${atDecide.id}/delivery`, { deliveredOn: '2026-03-09' });
    expect(future.status).to.equal(422);
    expect(future.body.error.details[0].path).to.equal('deliveredOn');
    const before = await desk.call('post', `/api/v1/requests/${atDecide.id}/delivery`, { deliveredOn: '2026-03-01' });
    expect(before.status).to.equal(422);
    const malformed = await desk.call('post', `/api/v1/requests/${atDecide.id}/delivery`, { deliveredOn: '3. 3. 2026' });
    expect(malformed.status).to.equal(422);
  });
});

describe('Feature: recipients are notified after rectification, erasure or restriction (N1.2)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N1.2 Scenario: erasure granted: the DPO records each recipient notified or why it was impossible; the person is told who they are', async () => {
    desk = await openDesk();
    const v = await decided(desk, 'granted', { rights: ['erasure', 'access'], measures: 'Izbrišite moje podatke o zdravljenju iz leta 2019.' });
    expect(v.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['notifyRecipients']);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${v.id}&key=notifyRecipients`);
    const bad = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { recipients: [{ name: 'Ministrstvo za zdravje' }] });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0].path).to.equal('recipients.0.notifiedOn');
    const done = await desk.complete(v.id, 'notifyRecipients', { recipients: [
      { name: 'Ministrstvo za zdravje', notifiedOn: '2026-03-02' },
      { name: 'Zavarovalnica Triglav, d. d.', impossibleReason: 'Podatki so bili posredovani leta 2009; zapisov o tem ni več (nesorazmeren napor).' },
    ] });
    expect(kinds(done)).to.deep.equal(['acknowledgement', 'decision', 'recipient_notification']);
    const html = await letterText(desk, done, 'recipient_notification');
    expect(html).to.include('Ministrstvo za zdravje').and.include('2. 3. 2026').and.include('Zavarovalnica Triglav').and.include('nesorazmeren napor').and.include('izbris');
    expect(done.flags.recipients).to.have.length(2);
  });

  it('N1.2 Scenario: no recipients to notify after access only, or after a refused erasure', async () => {
    desk = await openDesk();
    const access = await decided(desk, 'granted', { rights: ['access'] });
    expect(access.openTasks).to.deep.equal([]);
    const refusedErasure = await decided(desk, 'refused', { rights: ['erasure'], measures: 'Izbrišite moje podatke.' });
    expect(refusedErasure.openTasks).to.deep.equal([]);
  });
});
