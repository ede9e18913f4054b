import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { getView, register, toDecide, type View } from './support.js';

const RESTRICTED = { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] };
const taskKeys = (v: View) => v.openTasks.map((t: { key: string }) => t.key);

/** Issue 16 #6 and #7: the legal hold of art. 14, appeals and their outcome. */
describe('N13.1 N14.1 Feature: appeals to the Information Commissioner and the legal hold (issue 16 #6, #7)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N14.1 Scenario: the Commissioner overturns a refusal after the case closed: the hold stays and the DPO gets a task to comply; only the DPO records the outcome', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, {}, RESTRICTED);
    const v = await desk.complete(atDecide.id, 'decide', { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.' });
    await desk.clockTo('2026-03-05T10:00:00+01:00');
    await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-05' }, desk.clerk);
    await desk.clockTo('2026-03-18T10:00:00+01:00');
    const appealed = await desk.call('post', `/api/v1/requests/${v.id}/appeal`, { receivedOn: '2026-03-18' }, desk.clerk);
    expect(appealed.status, JSON.stringify(appealed.body)).to.equal(200);
    expect(appealed.body.appeal).to.include({ kind: 'decision', filedOn: '2026-03-18', outcome: null });
    const twice = await desk.call('post', `/api/v1/requests/${v.id}/appeal`, { receivedOn: '2026-03-18' }, desk.clerk);
    expect(twice.status).to.equal(409);
    await desk.clockTo('2026-03-21T00:00:01+01:00');
    expect((await getView(desk, v.id))).to.deep.include({ status: 'closed' });
    await desk.clockTo('2026-06-10T10:00:00+02:00');
    // A clerk learns facts; the outcome of an appeal is the DPO's to record
    const byClerk = await desk.call('post', `/api/v1/requests/${v.id}/appeal-closed`, { closedOn: '2026-06-09', outcome: 'overturned' }, desk.clerk);
    expect(byClerk.status).to.equal(403);
    const overturned = await desk.call('post', `/api/v1/requests/${v.id}/appeal-closed`, { closedOn: '2026-06-09', outcome: 'overturned' });
    expect(overturned.status, JSON.stringify(overturned.body)).to.equal(200);
    expect(overturned.body.legalHold.active).to.equal(true);
    expect(overturned.body.openTasks.map((t: { key: string; candidateRoles: string[] }) => [t.key, t.candidateRoles])).to.deep.equal([['complyWithAppeal', ['dpo']]]);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${v.id}&key=complyWithAppeal`, undefined, desk.clerk);
    expect((await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { notes: 'Podatki so bili posredovani 12. 6. 2026.' }, desk.clerk)).status).to.equal(403);
    const complied = await desk.complete(v.id, 'complyWithAppeal', { notes: 'Podatki so bili posredovani 12. 6. 2026.' });
    expect(complied.legalHold.active).to.equal(false);
    expect(complied.appeal).to.include({ outcome: 'overturned', compliedOn: '2026-06-10' });
    expect(complied.openTasks).to.deep.equal([]);
  });

  it('N14.1 Scenario: a granted request whose grant the person disputes (clarification) is held again until the procedure ends', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    const v = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Posredujemo izpis.' });
    expect(v.legalHold.active).to.equal(false);
    await desk.clockTo('2026-03-04T10:00:00+01:00');
    await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-03' }, desk.clerk);
    const asked = await desk.call('post', `/api/v1/requests/${v.id}/clarification`, { receivedAt: '2026-03-04T09:00:00+01:00' }, desk.clerk);
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    expect(asked.body.legalHold.active).to.equal(true);
    const answered = await desk.complete(v.id, 'answerClarification', { answer: 'Posredovali smo vse podatke iz zbirke.' });
    expect(answered.legalHold.active).to.equal(true);
  });

  it('N13.1 Scenario: an appeal for silence is recorded once the decision deadline has passed without a decision, not before; the hold stays', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    await desk.clockTo('2026-04-02T10:00:00+02:00');
    // On the last day of the month the DPO is not silent yet
    const early = await desk.call('post', `/api/v1/requests/${reg.id}/appeal`, { receivedOn: '2026-04-02' }, desk.clerk);
    expect(early.status).to.equal(409);
    expect(early.body.error.message).to.include('2026-04-02');
    await desk.clockTo('2026-04-03T10:00:00+02:00');
    const silence = await desk.call('post', `/api/v1/requests/${reg.id}/appeal`, { receivedOn: '2026-04-03' }, desk.clerk);
    expect(silence.status, JSON.stringify(silence.body)).to.equal(200);
    expect(silence.body.appeal).to.include({ kind: 'silence', filedOn: '2026-04-03' });
    expect(silence.body.legalHold.active).to.equal(true);
    // The case goes on: its own task is still there beside the appeal
    expect(taskKeys(silence.body)).to.deep.equal(['verifyIdentity']);
    const trace = await desk.call('get', `/api/v1/requests/${reg.id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.find((e: { type: string }) => e.type === 'request.appealed').data).to.include({ kind: 'silence' });
    // A grant while the appeal for silence is pending does not end the hold: the procedure is not final
    await desk.complete(reg.id, 'verifyIdentity', { method: 'qualified_signature', verified: true });
    await desk.complete(reg.id, 'checkRecords', { art23Restriction: false, collections: ['Obvezno zdravstveno zavarovanje'] }, desk.owner);
    const granted = await desk.complete(reg.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    expect(granted.legalHold.active).to.equal(true);
    expect(granted.legalHold.reason).to.equal('appeal pending');
  });
});
