import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';

describe('Feature: an incomplete request is remedied or dismissed (N6.1–N6.3)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  async function incomplete(body = requestBody({ rights: [] })) {
    const reg = await desk.call('post', '/api/v1/requests', body, desk.clerk);
    const view = await desk.complete(reg.body.id, 'checkCompleteness', { complete: false, missing: ['Navedite, katero pravico uveljavljate.'] });
    return { id: reg.body.id as string, view };
  }

  it('N6.1 Scenario: the DPO finds it incomplete; a request for remedy goes out with a time limit of 5 working days', async () => {
    desk = await openDesk();
    const { view } = await incomplete();
    expect(view.status).to.equal('awaiting_remedy');
    expect(view.deadlines).to.deep.equal({ remedyDue: '2026-03-09' });
    expect(view.letters.map((l: { kind: string }) => l.kind)).to.deep.equal(['acknowledgement', 'remedy_request']);
    const letter = await desk.call('get', `/api/v1/requests/${view.id}/letters/${view.letters[1].id}`);
    expect(letter.text).to.include('Navedite, katero pravico uveljavljate.').and.include('najpozneje do 9. 3. 2026').and.include('6. člen');
  });

  it('N6.2 Scenario: a remedy time limit shorter than 5 working days is refused with the reason', async () => {
    desk = await openDesk();
    const reg = await desk.call('post', '/api/v1/requests', requestBody({ rights: [] }), desk.clerk);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${reg.body.id}&key=checkCompleteness`);
    const res = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { complete: false, missing: ['pravica'], remedyDue: '2026-03-06' });
    expect(res.status).to.equal(422);
    expect(res.body.error.details[0]).to.deep.include({ path: 'remedyDue' });
    expect(res.body.error.details[0].message).to.include('9. 3. 2026');
    const noMissing = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { complete: false });
    expect(noMissing.body.error.details[0].path).to.equal('missing');
    // Nothing was lost: the task is still open
    expect((await desk.call('get', `/api/v1/tasks?requestId=${reg.body.id}`)).body.items).to.have.length(1);
  });

  it('N6.2 Scenario: the person does not remedy in time; after the last day the DPO issues the dismissal (sklep) and it says why', async () => {
    desk = await openDesk('2026-12-24T09:00:00+01:00');
    const { id, view } = await incomplete(requestBody({ rights: [], receivedAt: '2026-12-24T08:30:00+01:00' }));
    // 24 Dec + 5 working days: 28, 29, 30, 31 Dec, 4 Jan (25 Dec and 1 Jan are work-free)
    expect(view.deadlines.remedyDue).to.equal('2027-01-04');
    // The time limit runs from the person's receipt of the request for remedy (for e-mail, its sending)
    const letter = view.letters.find((l: { kind: string }) => l.kind === 'remedy_request');
    const delivered = await desk.call('post', `/api/v1/requests/${id}/delivery`, { deliveredOn: '2026-12-24', letterId: letter.id }, desk.clerk);
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    expect(delivered.body.deadlines.remedyDue).to.equal('2027-01-04');
    await desk.clockTo('2027-01-04T23:59:00+01:00');
    expect((await desk.call('get', `/api/v1/requests/${id}`)).body.status).to.equal('awaiting_remedy');
    await desk.clockTo('2027-01-05T00:00:01+01:00');
    const lapsed = (await desk.call('get', `/api/v1/requests/${id}`)).body;
    // Nothing is dismissed by the clock: the DPO's task to issue the sklep is open
    expect(lapsed.status).to.equal('awaiting_remedy');
    expect(lapsed.openTasks.map((t: { key: string; candidateRoles: string[] }) => [t.key, t.candidateRoles])).to.deep.equal([['issueDismissal', ['dpo']]]);
    await desk.clockTo('2027-01-05T10:00:00+01:00');
    const after = await desk.complete(id, 'issueDismissal', { confirmed: true });
    expect(after.status).to.equal('dismissed');
    expect(after.decision).to.include({ outcome: 'dismissed', decidedOn: '2027-01-05' });
    const dismissal = after.letters.find((l: { kind: string }) => l.kind === 'dismissal');
    const html = await desk.call('get', `/api/v1/requests/${id}/letters/${dismissal.id}`);
    expect(html.text).to.include('SKLEP').and.include('se zavrže').and.include('4. 1. 2027').and.include('Informacijskem pooblaščencu');
    // A remedy now is too late
    await desk.clockTo('2027-01-05T12:00:00+01:00');
    const late = await desk.call('post', `/api/v1/requests/${id}/remedy`, { receivedAt: '2027-01-05T10:00:00+01:00', rights: ['access'] }, desk.clerk);
    expect(late.status).to.equal(409);
  });

  it('N6.3 Scenario: the person remedies in time; the request counts as filed on that day and every deadline runs from it', async () => {
    desk = await openDesk();
    const { id } = await incomplete();
    await desk.clockTo('2026-03-06T11:00:00+01:00');
    const res = await desk.call('post', `/api/v1/requests/${id}/remedy`, { receivedAt: '2026-03-06T10:00:00+01:00', rights: ['access'] }, desk.clerk);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ filedOn: '2026-03-06', status: 'registered' });
    expect(res.body.rights).to.deep.equal(['access']);
    expect(res.body.deadlines).to.deep.equal({ remedyRequestBy: '2026-03-13', decisionDue: '2026-04-07' }); // 6 Apr is Easter Monday
    expect(res.body.openTasks.map((t: { key: string; due: string }) => [t.key, t.due])).to.deep.equal([['checkCompleteness', '2026-03-13']]);
    // The dismissal timer is gone: passing the old time limit changes nothing
    await desk.clockTo('2026-03-10T00:00:01+01:00');
    expect((await desk.call('get', `/api/v1/requests/${id}`)).body.status).to.equal('registered');
  });

  it('N4.1 Scenario: the completeness rules check the form; a request they find lacking cannot be taken as complete', async () => {
    desk = await openDesk();
    const reg = await desk.call('post', '/api/v1/requests', requestBody({ rights: ['rectification'], representative: { name: 'Odvetnica Petra Žužek', kind: 'attorney', authorisationAttached: false, email: 'petra.zuzek@example.si' } }), desk.clerk);
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${reg.body.id}&key=checkCompleteness`);
    const res = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { complete: true });
    expect(res.status).to.equal(422);
    const messages = res.body.error.details.map((d: { path: string; message: string }) => `${d.path}: ${d.message}`);
    expect(messages).to.have.length(2);
    expect(messages[0]).to.include('complete: ').and.include('popravimo');
    expect(messages[1]).to.include('pooblastilo');
    // Nothing changed; the DPO asks for exactly that
    const asked = await desk.complete(reg.body.id, 'checkCompleteness', { complete: false, missing: ['Navedite, katere podatke naj popravimo.', 'Priložite pooblastilo.'] });
    expect(asked.status).to.equal('awaiting_remedy');
    const trace = await desk.call('get', `/api/v1/requests/${reg.body.id}/trace`, undefined, desk.auditor);
    const evaluations = trace.body.events.filter((e: { type: string; data: { ruleSet?: string } }) => e.type === 'rule.evaluated' && e.data.ruleSet === 'completeness');
    expect(evaluations).to.have.length(1);
    expect(evaluations[0].data.facts).to.deep.include({ needsMeasures: true, measuresGiven: false, representativePresent: true, representativeAuthorisationAttached: false });
  });

  it('Scenario: a remedy for a request that is not waiting for one is a conflict', async () => {
    desk = await openDesk();
    const reg = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    const res = await desk.call('post', `/api/v1/requests/${reg.body.id}/remedy`, { receivedAt: '2026-03-02T11:00:00+01:00' }, desk.clerk);
    expect(res.status).to.equal(409);
  });
});
