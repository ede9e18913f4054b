import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { register, type View } from './support.js';
import { appendAudit, verifyAudit } from '../../../src/persistence/audit.js';
import { ACCESS_CHUNK, caseKeys, caseLog, logAccess } from '../../../src/requests/accessLog.js';
import { AuditEventEntity, DsrRequestEntity } from '../../../src/persistence/entities/index.js';

interface Read { seq: number; actor: string; type: string; data: Record<string, unknown> }

/** The access log of a case as its pages find it: reads of it alone, and lists that showed it (by the index). */
async function readsOf(desk: Desk, requestId: string): Promise<Read[]> {
  return desk.system.db.read(async (m) => {
    const row = await m.getRepository(DsrRequestEntity).findOneByOrFail({ id: requestId });
    const page = await caseLog(m, await caseKeys(m, requestId, row.instanceId), { filter: 'reads', order: 'asc' });
    return page.events.map((e) => ({ seq: e.seq, actor: e.actor, type: e.type, data: JSON.parse(e.data) as Record<string, unknown> }));
  });
}

/** The desk's API users are named after their role (`clerk-3`, `records_owner-7`). */
const byRole = (role: string) => new RegExp(`^${role}-\\d+$`);

describe('Issue 10 #4: every answer, page, export or file with a person\'s data leaves a read in the case\'s access log', function () {
  // Many calls per test, and MariaDB on a shared machine: an allowance, not a timing.
  this.timeout(180_000);
  let desk: Desk;
  let email: View;
  let paper: View;
  let drafted: View;
  let incomplete: View;
  let draftId: string;
  let since: Map<string, number>;

  before(async () => {
    desk = await openDesk();
    email = await register(desk);
    paper = await register(desk, { channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:00:00+01:00', subject: { firstName: 'Bor', lastName: 'Kranjc', address: 'Prešernova 2, 4000 Kranj' } });
    const eml = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'eml', 'zahteva-seznanitev.eml'));
    const dropped = await desk.call('post', '/api/v1/intake/emails', undefined, desk.clerk).set('content-type', 'message/rfc822').send(eml);
    expect(dropped.status, JSON.stringify(dropped.body)).to.equal(201);
    draftId = dropped.body.id;
    // Read before it is a case: found from the case once it is one
    expect((await desk.call('get', `/api/v1/intake/drafts/${draftId}`, undefined, desk.clerk)).status).to.equal(200);
    const d = dropped.body;
    const reg = await desk.call('post', `/api/v1/intake/drafts/${draftId}/register`, { ...d.proposal, rights: ['access'], subject: { ...d.proposal.subject, emso: '0101990505005' }, acknowledgementRequested: false }, desk.clerk);
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    drafted = reg.body;
    // A case awaiting its remedy: on the deadlines overview of the DPO
    incomplete = await register(desk, { rights: [], subject: { firstName: 'Rok', lastName: 'Mlakar', email: 'rok@example.si' } });
    await desk.complete(incomplete.id, 'checkCompleteness', { complete: false, missing: ['pravica'] });
  });
  after(async () => desk.close());

  /** Remember how many reads each case has now. */
  const mark = async () => {
    since = new Map();
    for (const v of [email, paper, drafted, incomplete]) since.set(v.id, (await readsOf(desk, v.id)).length);
  };
  /** The reads of a case added since the mark. */
  const fresh = async (v: View) => (await readsOf(desk, v.id)).slice(since.get(v.id));

  const api = [
    { name: 'GET /requests (a list of up to 500 cases)', role: 'clerk', call: () => desk.call('get', '/api/v1/requests?limit=500', undefined, desk.clerk), cases: () => [email, paper, drafted], type: 'requests.listed' },
    { name: 'GET /requests/:id', role: 'auditor', call: () => desk.call('get', `/api/v1/requests/${email.id}`, undefined, desk.auditor), cases: () => [email], type: 'request.viewed' },
    { name: 'a letter as HTML', role: 'dpo', call: () => desk.call('get', `/api/v1/requests/${email.id}/letters/${email.letters[0].id}`).set('accept', 'text/html'), cases: () => [email], type: 'letter.viewed' },
    { name: 'a letter as PDF', role: 'dpo', call: () => desk.call('get', `/api/v1/requests/${paper.id}/letters/${paper.letters[0].id}`).set('accept', 'application/pdf'), cases: () => [paper], type: 'letter.viewed' },
    { name: 'GET /register (JSON)', role: 'auditor', call: () => desk.call('get', '/api/v1/register', undefined, desk.auditor), cases: () => [email, paper, drafted], type: 'register.viewed' },
    { name: 'GET /register?format=csv', role: 'dpo', call: () => desk.call('get', '/api/v1/register?format=csv'), cases: () => [email, paper, drafted], type: 'register.exported' },
    { name: 'GET /requests/:id/trace', role: 'auditor', call: () => desk.call('get', `/api/v1/requests/${paper.id}/trace`, undefined, desk.auditor), cases: () => [paper], type: 'request.viewed' },
    { name: 'GET /letters?queue=print (names the persons)', role: 'clerk', call: () => desk.call('get', '/api/v1/letters?queue=print', undefined, desk.clerk), cases: () => [paper], type: 'letters.listed' },
    { name: 'GET /letters?queue=outbox', role: 'clerk', call: () => desk.call('get', '/api/v1/letters?queue=outbox', undefined, desk.clerk), cases: () => [email], type: 'letters.listed' },
    { name: 'GET /intake/drafts?status=registered', role: 'clerk', call: () => desk.call('get', '/api/v1/intake/drafts?status=registered', undefined, desk.clerk), cases: () => [drafted], type: 'intake.drafts_listed' },
    { name: 'GET /intake/drafts/:id', role: 'dpo', call: () => desk.call('get', `/api/v1/intake/drafts/${draftId}`), cases: () => [drafted], type: 'intake.draft_viewed' },
    { name: 'GET /intake/drafts/:id/raw (the e-mail as it arrived)', role: 'clerk', call: () => desk.call('get', `/api/v1/intake/drafts/${draftId}/raw`, undefined, desk.clerk), cases: () => [drafted], type: 'intake.email_downloaded' },
    { name: 'POST /phone-inquiries (a disclosure)', role: 'clerk', call: () => desk.call('post', '/api/v1/phone-inquiries', { identifiers: { caseNumber: email.caseNumber, emso: '0101990505005' } }, desk.clerk), cases: () => [email], type: 'phone.inquiry_answered' },
  ];

  for (const p of api) {
    it(`API: ${p.name} records who read which case(s), findable from each case`, async () => {
      await mark();
      const res = await p.call();
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
      for (const v of p.cases()) {
        const reads = await fresh(v);
        expect(reads.some((r) => r.type === p.type && byRole(p.role).test(r.actor)), `${v.caseNumber}: ${JSON.stringify(reads.map((r) => [r.type, r.actor]))}`).to.equal(true);
      }
    });
  }

  it('API: the answer of a task or of an event carries the case: a read too', async () => {
    await mark();
    const tasks = await desk.call('get', `/api/v1/tasks?requestId=${paper.id}&key=checkCompleteness`);
    const done = await desk.call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { complete: true });
    expect(done.status).to.equal(200);
    expect((await fresh(paper)).map((r) => [r.type, r.data.after])).to.deep.include(['request.viewed', 'checkCompleteness']);
  });

  const pages = [
    { name: 'the case list', role: 'clerk', url: () => '/requests', cases: () => [email, paper, drafted], type: 'requests.listed' },
    { name: 'the case page', role: 'clerk', url: () => `/requests/${email.id}`, cases: () => [email], type: 'request.viewed' },
    { name: 'a letter on the case page', role: 'dpo', url: () => `/requests/${email.id}/letters/${email.letters[0].id}`, cases: () => [email], type: 'letter.viewed' },
    { name: 'a letter downloaded', role: 'dpo', url: () => `/requests/${email.id}/letters/${email.letters[0].id}/download`, cases: () => [email], type: 'letter.viewed' },
    { name: 'the register', role: 'auditor', url: () => '/register', cases: () => [email, paper, drafted], type: 'register.viewed' },
    { name: 'the register exported as CSV', role: 'dpo', url: () => '/register/export.csv', cases: () => [email, paper, drafted], type: 'register.exported' },
    { name: 'the trace', role: 'auditor', url: () => `/requests/${paper.id}/trace`, cases: () => [paper], type: 'request.viewed' },
    { name: 'the task list (names the persons)', role: 'dpo', url: () => '/tasks', cases: () => [email, drafted], type: 'tasks.listed' },
    { name: 'the print queue', role: 'clerk', url: () => '/letters', cases: () => [paper], type: 'letters.listed' },
    { name: 'the e-mail outbox', role: 'clerk', url: () => '/letters?queue=outbox', cases: () => [email], type: 'letters.listed' },
    { name: 'the page of an e-mail', role: 'clerk', url: () => `/intake/emails/${draftId}`, cases: () => [drafted], type: 'intake.draft_viewed' },
    { name: 'the e-mail as it arrived', role: 'clerk', url: () => `/intake/emails/${draftId}/original.eml`, cases: () => [drafted], type: 'intake.email_downloaded' },
    { name: 'the deadlines overview', role: 'dpo', url: () => '/', cases: () => [incomplete], type: 'dashboard.viewed' },
    { name: 'the PDF of a letter to print', role: 'clerk', url: () => `/letters/${paper.letters[0].id}.pdf`, cases: () => [paper], type: 'letter.viewed' },
  ];

  for (const p of pages) {
    it(`page: ${p.name} records who read which case(s), findable from each case`, async () => {
      const { agent, username } = await signedIn(desk, p.role);
      await mark();
      const res = await agent.get(p.url());
      expect(res.status, res.text?.slice(0, 300)).to.equal(200);
      for (const v of p.cases()) {
        const reads = await fresh(v);
        expect(reads.map((r) => [r.type, r.actor]), `${v.caseNumber}`).to.deep.include([p.type, username]);
      }
    });
  }

  it('page: a task form and the phone desk record the read', async () => {
    const dpo = await signedIn(desk, 'dpo');
    await mark();
    const task = (await desk.call('get', `/api/v1/tasks?requestId=${email.id}&key=checkCompleteness`)).body.items[0];
    expect((await dpo.agent.get(`/tasks/${task.id}`)).status).to.equal(200);
    expect((await fresh(email)).map((r) => [r.type, r.actor])).to.deep.include(['request.viewed', dpo.username]);
    const clerk = await signedIn(desk, 'clerk');
    await mark();
    const phone = await clerk.agent.post('/phone').type('form').send(new URLSearchParams({ _csrf: clerk.csrf, 'identifiers[caseNumber]': paper.caseNumber, 'identifiers[taxNumber]': '50223054' }).toString());
    expect(phone.status).to.be.oneOf([200, 422]);
    if (phone.status === 200) expect((await fresh(paper)).map((r) => r.actor)).to.include(clerk.username);
  });

  it('a list is one hashed event per 500 cases and an index row per case; the chain stays whole', async () => {
    const ids = Array.from({ length: ACCESS_CHUNK * 2 + 17 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const before = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).count());
    await logAccess(desk.system.db, desk.system.clock.now(), { actor: 'lister', type: 'register.exported', requestIds: [...ids, email.id], data: { via: 'test' } });
    const after = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).count());
    expect(after - before).to.equal(3);
    const found = await desk.system.db.read((m) => caseLog(m, { requestId: ids[1010]!, instanceId: null }, { filter: 'reads', order: 'desc' }));
    expect(found.total).to.equal(1);
    const data = JSON.parse(found.events[0]!.data) as { requestIds: string[]; part: number; parts: number };
    expect(data.requestIds).to.include(ids[1010]).and.have.length.at.most(ACCESS_CHUNK);
    expect([data.part, data.parts]).to.deep.equal([3, 3]);
    expect((await fresh(email)).map((r) => r.actor)).to.include('lister');
    expect((await verifyAudit(desk.system.db)).ok).to.equal(true);
  });

  it('the case page with 2,000 reads stays small: one page of the log at a time, filtered by steps, reads or all', async () => {
    const c = await register(desk, { subject: { firstName: 'Eva', lastName: 'Zupan', email: 'eva@example.si' } });
    const dpo = await signedIn(desk, 'dpo');
    const small = await dpo.agent.get(`/requests/${c.id}?log=all`);
    // 2,000 reads of the case (as 2,000 views would leave them), appended in one go
    const at = desk.system.clock.now();
    await desk.system.db.transaction((tx) => appendAudit(tx, desk.system.db, Array.from({ length: 2000 }, (_, i) => ({ at, actor: `reader-${i}`, type: 'request.viewed', subjectId: c.id, data: { caseNumber: c.caseNumber } }))));
    const page = await dpo.agent.get(`/requests/${c.id}?log=reads`);
    expect(page.status).to.equal(200);
    const rows = page.text.match(/<tr class="log-read">/g) ?? [];
    expect(rows).to.have.length(50);
    expect(page.text).to.include('reader-1999').and.not.include('reader-1000<');
    expect(page.text.length, 'the page grows by one page of the log, not by 2,000 rows').to.be.lessThan(small.text.length + 50 * 400);
    expect(page.text).to.match(/od 200\d/).and.include('rel="next"');
    const second = await dpo.agent.get(`/requests/${c.id}?log=reads&logPage=2`);
    expect(second.text).to.include('reader-1949').and.not.include('reader-1999<');
    // Steps only: none of the reads
    const steps = await dpo.agent.get(`/requests/${c.id}`);
    expect(steps.text).to.include('Zahteva evidentirana').and.not.include('reader-');
    expect(steps.text.match(/<tr class="log-read">/g) ?? []).to.have.length(0);
    // All: both, one page
    const all = await dpo.agent.get(`/requests/${c.id}?log=all`);
    expect((all.text.match(/<tr class="log-read">/g) ?? []).length).to.be.at.most(50);
    // A clerk sees the steps only, whatever it asks for
    const clerk = await signedIn(desk, 'clerk');
    const clerkPage = await clerk.agent.get(`/requests/${c.id}?log=reads`);
    expect(clerkPage.text).to.not.include('reader-').and.not.include('Dnevnik vpogledov');
    // The trace page too: one page of events, filtered
    const auditor = await signedIn(desk, 'auditor');
    const trace = await auditor.agent.get(`/requests/${c.id}/trace?log=reads`);
    expect(trace.status).to.equal(200);
    expect((trace.text.match(/<tr id="event-/g) ?? []).length).to.equal(100);
    expect(trace.text.length).to.be.lessThan(400_000);
    const traceSteps = await auditor.agent.get(`/requests/${c.id}/trace`);
    expect(traceSteps.text).to.include('Zahteva evidentirana').and.not.include('reader-');
    // The API pages the trace when asked, and says how many there are
    const api = await desk.call('get', `/api/v1/requests/${c.id}/trace?log=reads&limit=10&offset=5`, undefined, desk.auditor);
    expect(api.body.events).to.have.length(10);
    expect(api.body.total).to.be.at.least(2000);
    expect(api.body.visited).to.include('checkCompleteness');
  });
});
