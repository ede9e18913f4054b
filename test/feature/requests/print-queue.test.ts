import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { register, toDecide } from './support.js';

describe('Feature: paper letters are printed and posted; e-mail letters wait in the outbox without SMTP (N10.1, X4)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N10.1 X4 Scenario: a decision on a paper request waits in the print queue, is printed, posted, and its delivery starts the clocks', async () => {
    desk = await openDesk();
    const v = await toDecide(desk, { channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:00:00+01:00' });
    await desk.complete(v.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    await register(desk); // an e-mail request: its acknowledgement is not on paper
    const queue = await desk.call('get', '/api/v1/letters?queue=print', undefined, desk.clerk);
    expect(queue.status).to.equal(200);
    expect(queue.body.items.map((l: { kind: string; caseNumber: string }) => [l.kind, l.caseNumber])).to.deep.equal([['acknowledgement', v.caseNumber], ['decision', v.caseNumber]]);
    const decision = queue.body.items[1];
    expect(decision).to.deep.include({ person: 'Ana Novak', printedAt: null, postedOn: null });
    const printed = await desk.call('post', `/api/v1/letters/${decision.id}/printed`, {}, desk.clerk);
    expect(printed.status).to.equal(200);
    expect(printed.body.printedAt).to.be.a('string');
    await desk.clockTo('2026-03-03T10:00:00+01:00');
    const future = await desk.call('post', `/api/v1/letters/${decision.id}/posted`, { postedOn: '2026-03-04' }, desk.clerk);
    expect(future.status).to.equal(422);
    expect(future.body.error.details[0].path).to.equal('postedOn');
    const posted = await desk.call('post', `/api/v1/letters/${decision.id}/posted`, { postedOn: '2026-03-03' }, desk.clerk);
    expect(posted.status).to.equal(200);
    expect(posted.body.postedOn).to.equal('2026-03-03');
    expect((await desk.call('post', `/api/v1/letters/${decision.id}/posted`, { postedOn: '2026-03-03' }, desk.clerk)).status).to.equal(409);
    const after = await desk.call('get', '/api/v1/letters?queue=print', undefined, desk.clerk);
    expect(after.body.items.map((l: { kind: string }) => l.kind)).to.deep.equal(['acknowledgement']);
    // The return receipt: the person received it on 5 March
    await desk.clockTo('2026-03-06T10:00:00+01:00');
    const delivered = await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-05' }, desk.clerk);
    expect(delivered.body.deadlines).to.deep.equal({ clarificationUntil: '2026-03-13' });
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.filter((e: { type: string }) => e.type.startsWith('letter.p')).map((e: { type: string; actor: string }) => [e.type, e.actor.split('-')[0]]))
      .to.deep.equal([['letter.printed', 'clerk'], ['letter.posted', 'clerk']]);
  });

  it('X4 Scenario: without SMTP, e-mail letters are listed in the outbox and cannot be marked as posted', async () => {
    desk = await openDesk();
    const v = await register(desk);
    const outbox = await desk.call('get', '/api/v1/letters?queue=outbox', undefined, desk.dpo);
    expect(outbox.body.items).to.have.length(1);
    expect(outbox.body.items[0]).to.deep.include({ caseNumber: v.caseNumber, kind: 'acknowledgement', mailStatus: 'outbox', recipient: 'ana.novak@example.si' });
    expect((await desk.call('post', `/api/v1/letters/${outbox.body.items[0].id}/posted`, { postedOn: '2026-03-02' }, desk.clerk)).status).to.equal(409);
    expect((await desk.call('get', '/api/v1/letters?queue=elsewhere', undefined, desk.clerk)).status).to.equal(422);
    expect((await desk.call('get', '/api/v1/letters?queue=print', undefined, desk.auditor)).status).to.equal(403);
  });
});
