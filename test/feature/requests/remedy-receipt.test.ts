import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { smtpMailer } from '../../../src/mail/transport.js';
import { getView, type View } from './support.js';

type Ev = { type: string; actor: string; elementId?: string; data: Record<string, any> };

/** Issue 16 #1: the remedy time limit runs from the person's receipt; the dismissal is the DPO's sklep. */
describe('N6.2 Feature: the remedy time limit runs from the receipt of the request for remedy; the DPO issues the dismissal', () => {
  let desk: Desk;
  let smtp: TestSmtp | undefined;
  afterEach(async () => {
    await desk.close();
    await smtp?.close();
    smtp = undefined;
  });

  async function incomplete(over: Record<string, unknown> = {}): Promise<View> {
    const reg = await desk.call('post', '/api/v1/requests', requestBody({ rights: [], ...over }), desk.clerk);
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    return desk.complete(reg.body.id, 'checkCompleteness', { complete: false, missing: ['Navedite, katero pravico uveljavljate.'] });
  }
  const letterOf = (v: View, kind: string) => [...v.letters].reverse().find((l: { kind: string }) => l.kind === kind);
  const trace = async (id: string): Promise<Ev[]> => (await desk.call('get', `/api/v1/requests/${id}/trace`, undefined, desk.auditor)).body.events;

  it('N6.2 Scenario: a request for remedy still in the print queue never lapses; once delivered the limit is 5 working days from receipt; a remedy received in time but registered after the lapse is accepted and the dismissal task goes away', async () => {
    desk = await openDesk();
    const v = await incomplete({ channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:15:00+01:00' });
    // The letter names 12 Mar (sent 2 Mar, assumed delivered 5 Mar, + 5 working days)
    expect(v.deadlines).to.deep.equal({ remedyDue: '2026-03-12' });
    // A month later the letter still lies in the print queue: nothing lapses, nothing is dismissed
    await desk.clockTo('2026-04-01T09:00:00+02:00');
    const waiting = await getView(desk, v.id);
    expect(waiting.status).to.equal('awaiting_remedy');
    expect(waiting.openTasks).to.deep.equal([]);
    expect(waiting.letters.map((l: { kind: string }) => l.kind)).to.not.include('dismissal');
    const letter = letterOf(v, 'remedy_request');
    expect((await desk.call('post', `/api/v1/letters/${letter.id}/posted`, { postedOn: '2026-04-01' }, desk.clerk)).status).to.equal(200);
    // A receipt before the letter was posted is refused
    const early = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-31', letterId: letter.id }, desk.clerk);
    expect(early.status).to.equal(422);
    expect(early.body.error.details[0].path).to.equal('deliveredOn');
    await desk.clockTo('2026-04-03T09:00:00+02:00');
    const delivered = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-04-02', letterId: letter.id }, desk.clerk);
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    // 2 Apr + 5 working days: 3, 7, 8, 9, 10 Apr (6 Apr is Easter Monday)
    expect(delivered.body.deadlines).to.deep.equal({ remedyDue: '2026-04-10' });
    expect(delivered.body.deadlineExplanations.remedyDue).to.include('vročen 2. 4. 2026');
    expect(letterOf(delivered.body, 'remedy_request').deliveredOn).to.equal('2026-04-02');
    // The limit lapses: the DPO's task to issue the sklep opens, due 5 working days later
    await desk.clockTo('2026-04-11T00:00:01+02:00');
    const lapsed = await getView(desk, v.id);
    expect(lapsed.status).to.equal('awaiting_remedy');
    expect(lapsed.openTasks.map((t: { key: string; due: string }) => [t.key, t.due])).to.deep.equal([['issueDismissal', '2026-04-17']]);
    // The remedy arrived on the last day but is registered only on Monday: it counts
    await desk.clockTo('2026-04-13T09:00:00+02:00');
    const remedied = await desk.call('post', `/api/v1/requests/${v.id}/remedy`, { receivedAt: '2026-04-10T14:00:00+02:00', rights: ['access'] }, desk.clerk);
    expect(remedied.status, JSON.stringify(remedied.body)).to.equal(200);
    expect(remedied.body).to.include({ status: 'registered', filedOn: '2026-04-10' });
    expect(remedied.body.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['checkCompleteness']);
    const events = await trace(v.id);
    expect(events.some((e) => e.type === 'timer.fired' && e.elementId === 'remedyExpired')).to.equal(true);
    expect(events.filter((e) => e.type === 'letter.created' && e.data.kind === 'dismissal')).to.deep.equal([]);
  });

  it('N6.2 Scenario: a remedy after the limit is refused; the sklep is issued by the DPO, not by the system; the DPO can reopen the case with reasons', async () => {
    desk = await openDesk();
    const v = await incomplete();
    const letter = letterOf(v, 'remedy_request');
    await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-02', letterId: letter.id }, desk.clerk);
    await desk.clockTo('2026-03-10T08:00:00+01:00');
    const late = await desk.call('post', `/api/v1/requests/${v.id}/remedy`, { receivedAt: '2026-03-10T07:30:00+01:00' }, desk.clerk);
    expect(late.status).to.equal(409);
    // A clerk cannot issue the sklep
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${v.id}&key=issueDismissal`, undefined, desk.clerk);
    expect((await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { confirmed: true }, desk.clerk)).status).to.equal(403);
    const unconfirmed = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, {});
    expect(unconfirmed.status).to.equal(422);
    expect(unconfirmed.body.error.details[0].path).to.equal('confirmed');
    const dismissed = await desk.complete(v.id, 'issueDismissal', { confirmed: true, reasoning: 'Posameznik se na poziv ni odzval.' });
    expect(dismissed.status).to.equal('dismissed');
    const events = await trace(v.id);
    const issued = events.find((e) => e.type === 'task.completed' && e.elementId === 'issueDismissal')!;
    const created = events.find((e) => e.type === 'letter.created' && e.data.kind === 'dismissal')!;
    expect(created.actor).to.equal(issued.actor).and.not.equal('system');
    // The remedy had in fact come in time (9 Mar) but was found only now: the dismissal stands until reopened
    const tooLate = await desk.call('post', `/api/v1/requests/${v.id}/remedy`, { receivedAt: '2026-03-09T14:00:00+01:00' }, desk.clerk);
    expect(tooLate.status).to.equal(409);
    const body = { reasons: 'Dopolnitev je prispela 9. 3. 2026, v roku, a je bila evidentirana pozneje.', remedyReceivedAt: '2026-03-09T14:00:00+01:00' };
    expect((await desk.call('post', `/api/v1/requests/${v.id}/reopen`, body, desk.clerk)).status).to.equal(403);
    const noReasons = await desk.call('post', `/api/v1/requests/${v.id}/reopen`, { reasons: 'x' });
    expect(noReasons.status).to.equal(422);
    expect(noReasons.body.error.details[0].path).to.equal('reasons');
    const reopened = await desk.call('post', `/api/v1/requests/${v.id}/reopen`, body);
    expect(reopened.status, JSON.stringify(reopened.body)).to.equal(200);
    expect(reopened.body).to.include({ status: 'registered', filedOn: '2026-03-09' });
    expect(reopened.body).to.not.have.property('decision');
    expect(reopened.body.legalHold.active).to.equal(true);
    expect(reopened.body.deadlines).to.deep.equal({ remedyRequestBy: '2026-03-16', decisionDue: '2026-04-09' });
    expect(reopened.body.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['checkCompleteness']);
    expect(reopened.body.letters.filter((l: { kind: string }) => l.kind === 'acknowledgement')).to.have.length(1);
    const reopenedEvent = (await trace(v.id)).find((e) => e.type === 'request.reopened')!;
    expect(reopenedEvent.data).to.include({ reasons: body.reasons, filedOn: '2026-03-09' });
    expect(reopenedEvent.actor).to.not.equal('system');
    expect((await desk.call('post', `/api/v1/requests/${v.id}/reopen`, body)).status).to.equal(409);
  });

  it('N6.2 Scenario: an e-mail request for remedy counts as received when it is sent; its clock starts then', async () => {
    smtp = await startSmtp();
    desk = await openDesk(undefined, { mail: { mailer: smtpMailer(smtp.url), from: 'dpo@zzzs.si' } });
    const v = await incomplete();
    expect(v.deadlines.remedyDue).to.equal('2026-03-09');
    await desk.system.worker.runDue();
    await desk.system.worker.runDue();
    const sent = await getView(desk, v.id);
    expect(letterOf(sent, 'remedy_request')).to.include({ mailStatus: 'sent', deliveredOn: '2026-03-02' });
    expect(sent.deadlineExplanations.remedyDue).to.include('vročen 2. 3. 2026');
    const delivered = (await trace(v.id)).find((e) => e.type === 'letter.delivered')!;
    expect(delivered).to.deep.include({ actor: 'system' });
    await desk.clockTo('2026-03-10T00:00:01+01:00');
    expect((await getView(desk, v.id)).openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['issueDismissal']);
  });
});
