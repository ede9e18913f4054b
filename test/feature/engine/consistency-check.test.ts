import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { register, toDecide, LONG_REASONING } from '../requests/support.js';
import { checkConsistency } from '../../../src/check/consistency.js';
import { checkCommand } from '../../../src/cli.js';
import { DsrRequestEntity, JobEntity, LetterEntity, UserTaskEntity } from '../../../src/persistence/entities/index.js';

describe('Issue 11: `npm run cli -- check` finds every case whose rows disagree', () => {
  let desk: Desk;
  beforeEach(async () => {
    desk = await openDesk();
  });
  afterEach(async () => desk?.close());

  const problems = async () => (await checkConsistency(desk.system)).discrepancies.map((d) => `${d.caseNumber}: ${d.problem}`);

  it('a healthy database agrees everywhere, and the command exits 0', async () => {
    await register(desk);
    const decided = await toDecide(desk);
    await desk.complete(decided.id, 'decide', { outcome: 'granted', reasoning: LONG_REASONING });
    await register(desk, { channel: 'post', mailbox: undefined, rights: [] });
    const report = await checkConsistency(desk.system);
    expect(report.discrepancies).to.deep.equal([]);
    expect(report.cases).to.equal(3);
    expect(report.letters).to.be.greaterThan(2);
    const lines: string[] = [];
    expect(await checkCommand(urlOf(desk), (l) => lines.push(l))).to.equal(0);
    expect(lines.at(-1)).to.equal('everything agrees');
  });

  it('a lost task row, a changed letter and a "decided" case without a decision are each named, and the command exits 1', async () => {
    const a = await register(desk);
    const b = await toDecide(desk);
    const { db } = desk.system;
    await db.transaction(async (tx) => {
      await tx.getRepository(UserTaskEntity).delete({ instanceId: a.process.instanceId, status: 'open' });
      const letter = await tx.getRepository(LetterEntity).findOneByOrFail({ requestId: a.id, kind: 'acknowledgement' });
      await tx.getRepository(LetterEntity).update({ id: letter.id }, { html: `${letter.html}<p>dodano pozneje</p>` });
      await tx.getRepository(DsrRequestEntity).update({ id: b.id }, { status: 'decided' });
    });
    const found = await problems();
    expect(found).to.include(`${a.caseNumber}: waits at the task checkCompleteness but has no open task row for it`);
    expect(found.some((p) => p.startsWith(`${a.caseNumber}: letter `) && p.includes('changed after it was issued'))).to.equal(true);
    expect(found).to.include(`${b.caseNumber}: is "decided" but has no decision`);
    expect(found).to.have.length(3);
    const lines: string[] = [];
    expect(await checkCommand(urlOf(desk), (l) => lines.push(l))).to.equal(1);
    expect(lines.some((l) => l.includes('checkCompleteness'))).to.equal(true);
  });

  it('a timer job written twice for one timer is found', async () => {
    const view = await register(desk, { rights: [] });
    const asked = await desk.complete(view.id, 'checkCompleteness', { complete: false, missing: ['rights'] });
    // The remedy time limit runs from the person's receipt of the request for remedy (N6.2): its timer starts then.
    const letter = asked.letters.find((l: { kind: string }) => l.kind === 'remedy_request');
    const delivered = await desk.call('post', `/api/v1/requests/${view.id}/delivery`, { deliveredOn: asked.letters.length ? '2026-03-02' : '', letterId: letter.id });
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    const { db } = desk.system;
    const timer = await db.read((m) => m.getRepository(JobEntity).findOneByOrFail({ instanceId: view.process.instanceId, kind: 'timer' }));
    await db.transaction((tx) => tx.getRepository(JobEntity).insert({ ...timer, id: '00000000-0000-4000-8000-000000000001' }));
    expect(await problems()).to.include(`${view.caseNumber}: has 2 timer job(s) for the timer ${timer.elementId}; exactly one is expected`);
  });
});

function urlOf(desk: Desk): string {
  const o = desk.system.db.dataSource.options as { type: string; database?: string; url?: string };
  if (o.type === 'better-sqlite3' || o.type === 'sqlite') return `sqlite:${o.database}`;
  return process.env.DATABASE_URL!;
}
