import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { getView, register } from './support.js';
import { dashboardData } from '../../../src/web/dashboard/queries.js';

/** Issue 16 #4: a missed time limit stays recorded (case, register, trace), whatever happens after. */
describe('N6.2 N8.1 Feature: missed time limits stay on the record (issue 16 #4)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N6.2 Scenario: the request for remedy went out after its 5 working days; after the remedy the case is in time again, but the miss stays in the view, the register and the trace', async () => {
    desk = await openDesk();
    const reg = await register(desk, { rights: [] });
    expect(reg.deadlines.remedyRequestBy).to.equal('2026-03-09');
    expect(reg.missedDeadlines).to.deep.equal([]);
    // Noticed at the end of the due day, while the completeness check is still open
    await desk.clockTo('2026-03-10T00:00:01+01:00');
    const noticed = await getView(desk, reg.id);
    expect(noticed.overdue).to.equal(true);
    expect(noticed.missedDeadlines.map((m: { deadline: string; due: string; noticedBy: string }) => [m.deadline, m.due, m.noticedBy])).to.deep.equal([['remedyRequestBy', '2026-03-09', 'system']]);
    // Marked incomplete late; the person remedies: nothing is overdue any more, the miss is still there
    await desk.clockTo('2026-03-11T09:00:00+01:00');
    const asked = await desk.complete(reg.id, 'checkCompleteness', { complete: false, missing: ['Navedite pravico.'] });
    await desk.clockTo('2026-03-12T09:00:00+01:00');
    const remedied = await desk.call('post', `/api/v1/requests/${reg.id}/remedy`, { receivedAt: '2026-03-12T08:00:00+01:00', rights: ['access'] }, desk.clerk);
    expect(remedied.status, JSON.stringify(remedied.body)).to.equal(200);
    expect(asked.status).to.equal('awaiting_remedy');
    expect(remedied.body.overdue).to.equal(false);
    expect(remedied.body.missedDeadlines).to.have.length(1);
    expect(remedied.body.missedDeadlines[0]).to.include({ deadline: 'remedyRequestBy', due: '2026-03-09' });
    const register16 = await desk.call('get', '/api/v1/register');
    expect(register16.body.items.find((i: { caseNumber: string }) => i.caseNumber === reg.caseNumber).missedDeadlines).to.deep.equal([{ deadline: 'remedyRequestBy', due: '2026-03-09' }]);
    const csv = await desk.call('get', '/api/v1/register?format=csv');
    expect(csv.text).to.include('missedDeadlines').and.include('remedyRequestBy:2026-03-09');
    const trace = await desk.call('get', `/api/v1/requests/${reg.id}/trace`, undefined, desk.auditor);
    const missed = trace.body.events.filter((e: { type: string }) => e.type === 'deadline.missed');
    expect(missed).to.have.length(1);
    expect(missed[0].data).to.include({ deadline: 'remedyRequestBy', due: '2026-03-09' });
    const page = await desk.call('get', `/api/v1/requests/${reg.id}`);
    expect(page.body.missedDeadlines[0].label).to.include('6. člen');
    // The DPO's dashboard lists it among this month's missed time limits
    const dashboard = await dashboardData(desk.system.db, desk.system.clock.now(), ['dpo']);
    expect(dashboard.missed!.items.map((i) => [i.caseNumber, i.due])).to.deep.equal([[reg.caseNumber, '2026-03-09']]);
  });

  it('N8.1 Scenario: a decision taken after its due date records the miss once, though the case is decided (and not overdue) now', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    await desk.complete(reg.id, 'verifyIdentity', { method: 'qualified_signature', verified: true });
    await desk.complete(reg.id, 'checkRecords', { art23Restriction: false, collections: ['Obvezno zdravstveno zavarovanje'] }, desk.owner);
    await desk.clockTo('2026-04-08T10:00:00+02:00');
    const decided = await desk.complete(reg.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    expect(decided.overdue).to.equal(false);
    expect(decided.missedDeadlines.map((m: { deadline: string; due: string }) => [m.deadline, m.due])).to.deep.equal([['decisionDue', '2026-04-02']]);
  });
});
