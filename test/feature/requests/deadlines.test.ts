import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { getView, kinds, letterText, register, toDecide, type View } from './support.js';

const get = getView;

describe('Feature: identity of the person (N7.1, N7.2)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N7.2 Scenario: an e-mail request cannot be taken as verified because its data match the records: 422 with what is missing', async () => {
    desk = await openDesk();
    const reg = await register(desk, { identityEvidence: { qualifiedSignature: false, idDocumentSeen: false } });
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${reg.id}&key=verifyIdentity`);
    const res = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { method: 'records_match', verified: true });
    expect(res.status).to.equal(422);
    expect(res.body.error.details[0].path).to.equal('method');
    expect(res.body.error.details[0].message).to.match(/podpis|potrdi|vročitev/i);
    // Personal delivery of the decision to the official address is one of the ways art. 7 allows
    const ok = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { method: 'personal_delivery', verified: true });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['checkRecords']);
  });

  it('N7.1 N7.2 Scenario: identity not established: the person is asked for more (a remedy request naming what is missing), then verified', async () => {
    desk = await openDesk();
    const reg = await register(desk, { identityEvidence: { qualifiedSignature: false, idDocumentSeen: false } });
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    const asked = await desk.complete(reg.id, 'verifyIdentity', { method: 'paper_confirmation', verified: false });
    expect(asked.status).to.equal('awaiting_remedy');
    expect(kinds(asked)).to.deep.equal(['acknowledgement', 'remedy_request']);
    expect(await letterText(desk, asked, 'remedy_request')).to.include('istovetnost');
    await desk.clockTo('2026-03-04T10:00:00+01:00');
    const remedied = await desk.call('post', `/api/v1/requests/${reg.id}/remedy`, { receivedAt: '2026-03-04T09:00:00+01:00' }, desk.clerk);
    expect(remedied.status).to.equal(200);
    expect(remedied.body.filedOn).to.equal('2026-03-04');
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    const verified = await desk.complete(reg.id, 'verifyIdentity', { method: 'paper_confirmation', verified: true });
    expect(verified.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['checkRecords']);
    expect(verified.flags.identityMethod).to.equal('paper_confirmation');
  });
});

describe('Feature: the decision deadline, its reminder and the overdue flag (N8.1, N13.1)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N8.1 N13.1 Scenario: the DPO is reminded 3 working days before the decision is due; after the due date the case is overdue', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    expect(reg.deadlines.decisionDue).to.equal('2026-04-02');
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    // 2 Apr is a Thursday: 1 Apr, 31 Mar, 30 Mar are the three working days before it
    await desk.clockTo('2026-03-30T06:59:00+02:00');
    expect((await get(desk, reg.id)).flags).to.not.have.property('reminderSentOn');
    await desk.clockTo('2026-03-30T07:01:00+02:00');
    expect((await get(desk, reg.id)).flags.reminderSentOn).to.equal('2026-03-30');
    const trace = await desk.call('get', `/api/v1/requests/${reg.id}/trace`, undefined, desk.auditor);
    const reminder = trace.body.events.find((e: { type: string }) => e.type === 'reminder.decision_due');
    expect(reminder).to.deep.include({ actor: 'system' });
    expect(reminder.data.message).to.include(reg.caseNumber);
    await desk.clockTo('2026-04-02T23:59:00+02:00');
    expect((await get(desk, reg.id)).overdue).to.equal(false);
    await desk.clockTo('2026-04-03T00:00:01+02:00');
    const late = await get(desk, reg.id);
    expect(late.overdue).to.equal(true);
    expect(late.openTasks[0]).to.deep.include({ key: 'verifyIdentity', due: '2026-04-02' });
    const list = await desk.call('get', '/api/v1/requests?overdue=true');
    expect(list.body.items.map((v: View) => v.id)).to.deep.equal([reg.id]);
    expect((await desk.call('get', '/api/v1/requests?overdue=false')).body.total).to.equal(0);
  });

  it('N8.1 Scenario: a request decided in time is never overdue and gets no reminder', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    await desk.clockTo('2026-04-10T12:00:00+02:00');
    const v = await get(desk, atDecide.id);
    expect(v.overdue).to.equal(false);
    expect(v.flags).to.not.have.property('reminderSentOn');
  });
});

describe('Feature: extending the decision deadline (N8.2)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N8.2 Scenario: within the first month the DPO extends by two months with reasons; the person gets a notice and every due date moves', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    await desk.clockTo('2026-03-20T10:00:00+01:00');
    const res = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, { months: 2, reasons: 'Zahteva zajema podatke iz več zbirk in več let.' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    // From the original filing day: 2 Mar + 3 months = 2 Jun 2026 (a Tuesday)
    expect(res.body.deadlines.decisionDue).to.equal('2026-06-02');
    // The notice waits in the e-mail outbox: it is not given until it leaves (issue 16 #9)
    expect(res.body.extension).to.deep.equal({ months: 2, reasons: 'Zahteva zajema podatke iz več zbirk in več let.', noticeSentOn: null, noticeBy: '2026-04-02', noticeLate: false });
    expect(res.body.openTasks[0]).to.deep.include({ key: 'verifyIdentity', due: '2026-06-02' });
    const html = await letterText(desk, res.body, 'extension_notice');
    expect(html).to.include('dva meseca').and.include('2. 6. 2026').and.include('Zahteva zajema podatke iz več zbirk').and.include('Pravni pouk');
    // Tasks reached later carry the new due date too
    await desk.complete(reg.id, 'verifyIdentity', { method: 'qualified_signature', verified: true });
    const later = await get(desk, reg.id);
    expect(later.openTasks[0]).to.deep.include({ key: 'checkRecords', due: '2026-06-02' });
    // The reminder moves with the due date: none at the old date
    await desk.clockTo('2026-03-30T08:00:00+02:00');
    expect((await get(desk, reg.id)).flags).to.not.have.property('reminderSentOn');
    await desk.clockTo('2026-05-28T08:00:00+02:00');
    expect((await get(desk, reg.id)).flags.reminderSentOn).to.equal('2026-05-28');
    // Only one extension
    const again = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, { months: 1, reasons: 'Še enkrat podaljšujemo rok.' });
    expect(again.status).to.equal(409);
  });

  it('N8.2 Scenario: an extension after the first month, or after the decision, is a conflict; bad input is 422', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    const bad = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, { months: 3, reasons: 'x' });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).to.deep.equal(['months', 'reasons']);
    await desk.clockTo('2026-04-03T09:00:00+02:00');
    const late = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, { months: 1, reasons: 'Prepozno podaljšanje roka.' });
    expect(late.status).to.equal(409);
    expect(late.body.error.message).to.include('2026-04-02');
    const decided = await toDecide(desk, { receivedAt: '2026-04-03T08:00:00+02:00' });
    await desk.complete(decided.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    const after = await desk.call('post', `/api/v1/requests/${decided.id}/extension`, { months: 1, reasons: 'Podaljšanje po odločitvi.' });
    expect(after.status).to.equal(409);
    expect((await get(desk, decided.id)).letters.map((l: { kind: string }) => l.kind)).to.not.include('extension_notice');
  });

  it('N8.2 Scenario: extended by one month on the last day of the first month, from a month end', async () => {
    desk = await openDesk('2026-01-31T09:00:00+01:00');
    const reg = await register(desk, { receivedAt: '2026-01-31T08:00:00+01:00' });
    // 31 Jan + 1 month has no 31 Feb: 28 Feb 2026 is a Saturday, so Monday 2 Mar
    expect(reg.deadlines.decisionDue).to.equal('2026-03-02');
    await desk.clockTo('2026-03-02T15:00:00+01:00');
    const res = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, { months: 1, reasons: 'Veliko število zahtev v tem obdobju.' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    // 31 Jan + 2 months = 31 Mar 2026 (a Tuesday)
    expect(res.body.deadlines.decisionDue).to.equal('2026-03-31');
  });

  it('N8.2 Scenario: only the DPO extends; the notice counts as given when it leaves, and the case warns until then and records the miss if the first month ends first (issue 16 #9)', async () => {
    desk = await openDesk();
    const post = { channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:00:00+01:00' };
    const reg = await register(desk, post);
    const other = await register(desk, post);
    for (const c of [reg, other]) await desk.complete(c.id, 'checkCompleteness', { complete: true });
    await desk.clockTo('2026-03-20T10:00:00+01:00');
    const body = { months: 1, reasons: 'Zahteva zajema podatke iz več zbirk.' };
    const byClerk = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, body, desk.clerk);
    expect(byClerk.status).to.equal(403);
    expect((await get(desk, reg.id))).to.not.have.property('extension');
    const res = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.extension).to.include({ noticeSentOn: null, noticeBy: '2026-04-02' });
    expect(res.body.warnings.map((w: { code: string }) => w.code)).to.deep.equal(['extension_notice_not_sent']);
    const notice = res.body.letters.find((l: { kind: string }) => l.kind === 'extension_notice');
    expect(notice.channel).to.equal('post');
    // Printed is not sent; posted is
    await desk.call('post', `/api/v1/letters/${notice.id}/printed`, {}, desk.clerk);
    expect((await get(desk, reg.id)).extension.noticeSentOn).to.equal(null);
    await desk.call('post', `/api/v1/letters/${notice.id}/posted`, { postedOn: '2026-03-20' }, desk.clerk);
    const posted = await get(desk, reg.id);
    expect(posted.extension).to.include({ noticeSentOn: '2026-03-20', noticeLate: false });
    expect(posted.warnings).to.deep.equal([]);
    // The other case's notice lies unposted past the first month: a warning and a missed time limit
    await desk.call('post', `/api/v1/requests/${other.id}/extension`, body);
    await desk.clockTo('2026-04-03T09:00:00+02:00');
    const unposted = await get(desk, other.id);
    expect(unposted.warnings.map((w: { code: string }) => w.code)).to.deep.equal(['extension_notice_late']);
    expect(unposted.missedDeadlines.map((m: { deadline: string; due: string }) => [m.deadline, m.due])).to.deep.equal([['extensionNoticeBy', '2026-04-02']]);
    expect((await get(desk, reg.id)).missedDeadlines).to.deep.equal([]);
  });
});
