import { expect } from 'chai';
import request from 'supertest';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { csrfOf, PASSWORD, postLogin, signedIn } from '../../support/web.js';
import { getView, LONG_REASONING, MINOR_BY_PARENT, register, toDecide, type View } from '../requests/support.js';

/** The one open task of a case with this key, as the API lists it. */
async function taskOf(desk: Desk, requestId: string, key: string): Promise<string> {
  const res = await desk.call('get', `/api/v1/tasks?requestId=${requestId}&key=${key}`);
  expect(res.body.items, `open task ${key}`).to.have.length(1);
  return res.body.items[0].id;
}

/** A form as a browser sends it: repeated names for checkboxes, the session's CSRF token. */
function form(csrf: string, fields: [string, string][]): string {
  return new URLSearchParams([['_csrf', csrf], ...fields]).toString();
}

const submit = (agent: request.Agent, taskId: string, csrf: string, fields: [string, string][]) =>
  agent.post(`/tasks/${taskId}`).type('form').send(form(csrf, fields));

/** The HTML of one list row of a task. */
function rowOf(html: string, taskId: string): string {
  const m = new RegExp(`<tr[^>]*data-task="${taskId}"[\\s\\S]*?</tr>`).exec(html);
  expect(m, `a row for task ${taskId}`).to.not.equal(null);
  return m![0];
}

/** What the form says next to a field: the text of its error element. */
function errorOf(html: string, id: string): string {
  const m = new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(html);
  expect(m, `an error next to ${id}`).to.not.equal(null);
  return m![1]!;
}

const inputNames = (html: string) => [...html.matchAll(/<(?:input|textarea|select)[^>]*\bname="([^"]+)"/g)].map((m) => m[1]!);

describe('Feature: the task list and the task forms (issue 5)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N6.1 Scenario: the DPO sees the open tasks of the role with case number, person and due day; soon and overdue follow the clock', async () => {
    // Given a request received on Monday 2 March 2026: the DPO must check completeness by 9 March (5 working days)
    desk = await openDesk();
    const reg = await register(desk);
    const id = await taskOf(desk, reg.id, 'checkCompleteness');
    const dpo = await signedIn(desk, 'dpo');
    const list = await dpo.agent.get('/tasks');
    expect(list.status).to.equal(200);
    const row = rowOf(list.text, id);
    expect(row).to.include(`href="/requests/${reg.id}"`).and.include(reg.caseNumber).and.include('Ana Novak')
      .and.include(`href="/tasks/${id}"`).and.include('Preveri popolnost zahteve').and.include('9. 3. 2026')
      .and.include('Prevzemi');
    expect(row).to.not.match(/class="[^"]*\b(soon|overdue)\b/);
    // When it is Wednesday: 9 March is three working days away
    // (sessions end after 30 idle minutes, so after each jump of the clock the DPO signs in again)
    await desk.clockTo('2026-03-04T09:00:00+01:00');
    const soon = rowOf((await (await signedIn(desk, 'dpo')).agent.get('/tasks')).text, id);
    expect(soon).to.match(/class="due soon"/).and.include('v 3 delovnih dneh');
    // When 9 March has passed
    await desk.clockTo('2026-03-10T09:00:00+01:00');
    const late = await (await signedIn(desk, 'dpo')).agent.get('/tasks');
    expect(rowOf(late.text, id)).to.match(/class="due overdue"/).and.include('zamuja');
    expect(late.text).to.match(/<span class="count overdue">1<\/span>/);
    // A records owner's list has no DPO task; a clerk's list opens but is empty
    const owner = await signedIn(desk, 'records_owner');
    expect((await owner.agent.get('/tasks')).text).to.not.include(`data-task="${id}"`);
    const clerk = await signedIn(desk, 'clerk');
    const clerkList = await clerk.agent.get('/tasks');
    expect(clerkList.status).to.equal(200);
    expect(clerkList.text).to.include('Ni odprtih nalog');
    // An auditor has no task list
    const auditor = await signedIn(desk, 'auditor');
    expect((await auditor.agent.get('/tasks')).status).to.equal(403);
  });

  it('N18.1 Scenario: a DPO claims a task and releases it; another DPO meets a message, not an error; filters and their counts', async () => {
    desk = await openDesk();
    const first = await register(desk);
    const second = await register(desk, { subject: { ...requestBody().subject, firstName: 'Bojan', lastName: 'Kos' } });
    const a = await taskOf(desk, first.id, 'checkCompleteness');
    const b = await taskOf(desk, second.id, 'checkCompleteness');
    let ana = await signedIn(desk, 'dpo');
    let bor = await signedIn(desk, 'dpo');
    // Ana claims the first task from the filtered list and comes back to the same filter
    const claimed = await ana.agent.post(`/tasks/${a}/claim`).type('form').send(form(ana.csrf, [['back', '/tasks?key=checkCompleteness']]));
    expect(claimed.status).to.equal(303);
    expect(claimed.headers.location).to.equal('/tasks?key=checkCompleteness&notice=claimed');
    const after = await ana.agent.get(claimed.headers.location!);
    expect(after.text).to.include('Naloga je prevzeta.');
    expect(rowOf(after.text, a)).to.include('<strong>jaz</strong>').and.include('Sprosti').and.not.include('Prevzemi');
    // Bor sees who holds it, cannot claim it over her, cannot release it
    const borList = await bor.agent.get('/tasks');
    expect(rowOf(borList.text, a)).to.include(ana.username).and.not.include('Prevzemi').and.not.include('Sprosti');
    const taken = await bor.agent.post(`/tasks/${a}/claim`).type('form').send(form(bor.csrf, []));
    expect(taken.status).to.equal(409);
    expect(taken.text).to.include('Nalogo je prevzel drug uporabnik');
    const notHis = await bor.agent.post(`/tasks/${a}/release`).type('form').send(form(bor.csrf, []));
    expect(notHis.status).to.equal(409);
    expect(notHis.text).to.include('Sprostite lahko le nalogo, ki ste jo prevzeli sami.');
    // Bor's form for it says so, and his submission keeps what he typed
    const page = await bor.agent.get(`/tasks/${a}`);
    expect(page.text).to.include(`Nalogo je prevzel ${ana.username}`);
    const refused = await submit(bor.agent, a, bor.csrf, [['complete', 'false'], ['missing', 'Pooblastilo zastopnika']]);
    expect(refused.status).to.equal(409);
    expect(refused.text).to.include('Nalogo je prevzel drug uporabnik').and.include('Pooblastilo zastopnika');
    // Filters by GET, with counts
    const mine = await ana.agent.get('/tasks?mine=1');
    expect(mine.text).to.include('samo moje (1)').and.include(`data-task="${a}"`).and.not.include(`data-task="${b}"`);
    expect((await ana.agent.get('/tasks?key=decide')).text).to.include('Nobena odprta naloga ne ustreza');
    expect((await ana.agent.get('/tasks?key=checkCompleteness')).text).to.include(`data-task="${b}"`).and.include('Preveri popolnost (2)');
    expect((await ana.agent.get('/tasks?overdue=1')).text).to.include('Nobena odprta naloga ne ustreza');
    // A week later (signed in again: sessions end after 30 idle minutes, the claim stays)
    await desk.clockTo('2026-03-10T09:00:00+01:00');
    ana = await signIn(desk, ana.username);
    bor = await signIn(desk, bor.username);
    const overdue = await ana.agent.get('/tasks?overdue=1');
    expect(overdue.text).to.include(`data-task="${a}"`).and.include(`data-task="${b}"`).and.include('samo zamujene (2)');
    // Ana releases it; now Bor may take it; both are in the trace under their names
    const released = await ana.agent.post(`/tasks/${a}/release`).type('form').send(form(ana.csrf, [['back', `/tasks/${a}`]]));
    expect(released.headers.location).to.equal(`/tasks/${a}?notice=released`);
    expect((await bor.agent.post(`/tasks/${a}/claim`).type('form').send(form(bor.csrf, []))).status).to.equal(303);
    const trace = await desk.call('get', `/api/v1/requests/${first.id}/trace`);
    const claims = trace.body.events.filter((e: { type: string }) => e.type === 'task.claimed' || e.type === 'task.released').map((e: { type: string; actor: string }) => `${e.type} ${e.actor}`);
    expect(claims).to.deep.equal([`task.claimed ${ana.username}`, `task.released ${ana.username}`, `task.claimed ${bor.username}`]);
    // Without the form token nothing happens
    expect((await bor.agent.post(`/tasks/${b}/claim`).type('form').send('')).status).to.equal(403);
  });

  it('Scenario: every form has inputs named after the task variables of the API', async () => {
    desk = await openDesk();
    const dpo = await signedIn(desk, 'dpo');
    const names = async (requestId: string, key: string, agent = dpo.agent) => {
      const res = await agent.get(`/tasks/${await taskOf(desk, requestId, key)}`);
      expect(res.status, res.text.slice(0, 300)).to.equal(200);
      expect(res.text).to.include('name="_csrf"').and.include('<script src="/static/forms.js" defer></script>');
      expect(res.text, 'no inline script (CSP)').to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
      return inputNames(res.text);
    };
    const reg = await register(desk);
    expect(await names(reg.id, 'checkCompleteness')).to.include.members(['complete', 'missing', 'remedyDue']);
    const script = await dpo.agent.get('/static/forms.js');
    expect(script.status).to.equal(200);
    expect(script.headers['content-type']).to.include('javascript');
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    expect(await names(reg.id, 'verifyIdentity')).to.include.members(['method', 'verified']);
    await desk.complete(reg.id, 'verifyIdentity', { method: 'qualified_signature', verified: true });
    const owner = await signedIn(desk, 'records_owner');
    expect(await names(reg.id, 'checkRecords', owner.agent)).to.include.members(['art23Restriction', 'collections', 'notes']);
    await desk.complete(reg.id, 'checkRecords', { art23Restriction: false, collections: ['Obvezno zdravstveno zavarovanje'] }, desk.owner);
    expect(await names(reg.id, 'decide')).to.include.members(['outcome', 'grounds', 'reasoning', 'fee']);
    const erasure = await toDecide(desk, { rights: ['erasure'], measures: 'Izbrišite moje podatke o zdravljenju iz leta 2019.' });
    await desk.complete(erasure.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    expect(await names(erasure.id, 'notifyRecipients')).to.include.members(['recipients[0][name]', 'recipients[0][notifiedOn]', 'recipients[0][impossibleReason]']);
    const refused = await toDecide(desk, {}, { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] });
    await desk.complete(refused.id, 'decide', { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.' });
    await desk.clockTo('2026-03-05T10:00:00+01:00');
    expect((await desk.call('post', `/api/v1/requests/${refused.id}/delivery`, { deliveredOn: '2026-03-04' })).status).to.equal(200);
    expect((await desk.call('post', `/api/v1/requests/${refused.id}/clarification`, { receivedAt: '2026-03-05T09:00:00+01:00' }, desk.clerk)).status).to.equal(200);
    expect(await names(refused.id, 'answerClarification', (await signedIn(desk, 'dpo')).agent)).to.include.members(['answer']);
  });

  it('N6.1 N6.2 Scenario: the DPO finds a request incomplete through the form; a remedy time limit too short is refused next to its field, nothing typed is lost', async () => {
    // Given an e-mail request that names no right
    desk = await openDesk();
    const reg = await register(desk, { rights: [] });
    const id = await taskOf(desk, reg.id, 'checkCompleteness');
    const dpo = await signedIn(desk, 'dpo');
    // The form shows what the completeness rules find lacking, and offers it as the list of what is missing
    const page = await dpo.agent.get(`/tasks/${id}`);
    expect(page.text).to.include('Pravila ugotavljajo, da v zahtevi manjka')
      .and.include('Navedite, katero pravico uveljavljate')
      .and.match(/<textarea id="missing"[^>]*>Navedite, katero pravico uveljavljate/)
      .and.include('najzgodneje 9. 3. 2026');
    // The deadlines of the case are shown with their explanations
    expect(page.text).to.include('Poziv k dopolnitvi najpozneje').and.include('Rok 5 delovnih dni od 2. 3. 2026');
    // When the DPO asks for remedy by 6 March (less than 5 working days)
    const short = await submit(dpo.agent, id, dpo.csrf, [['complete', 'false'], ['missing', 'Navedite pravico.\r\n\r\nPriložite kopijo osebnega dokumenta.'], ['remedyDue', '2026-03-06']]);
    expect(short.status).to.equal(422);
    expect(errorOf(short.text, 'remedyDue')).to.include('vsaj 5 delovnih dni').and.include('9. 3. 2026');
    expect(short.text).to.include('class="errors-summary"').and.include('href="#remedyDue"').and.include('aria-describedby="remedyDue-hint remedyDue-error" aria-invalid="true"');
    expect(short.text).to.include('Navedite pravico.\n\nPriložite kopijo osebnega dokumenta.').and.include('value="2026-03-06"').and.match(/id="complete-false"[^>]*value="false" checked/);
    // Not incomplete without saying what is missing
    const none = await submit(dpo.agent, id, dpo.csrf, [['complete', 'false'], ['missing', '  \n ']]);
    expect(none.status).to.equal(422);
    expect(errorOf(none.text, 'missing')).to.equal('Navedite, kaj manjka.');
    // Nothing chosen: asked to choose
    expect(errorOf((await submit(dpo.agent, id, dpo.csrf, [])).text, 'complete')).to.equal('Izberite, ali je zahteva popolna.');
    // A request the rules find lacking cannot be taken as complete (N4.1), said next to the choice
    const asComplete = await submit(dpo.agent, id, dpo.csrf, [['complete', 'true']]);
    expect(asComplete.status).to.equal(422);
    expect(errorOf(asComplete.text, 'complete')).to.include('Navedite, katero pravico uveljavljate');
    // When corrected (a date typed the Slovenian way is understood): PRG to the case page
    const ok = await submit(dpo.agent, id, dpo.csrf, [['complete', 'false'], ['missing', 'Navedite pravico.\nPriložite kopijo osebnega dokumenta.'], ['remedyDue', '10. 3. 2026']]);
    expect(ok.status, ok.text.slice(0, 2000)).to.equal(303);
    expect(ok.headers.location).to.equal(`/requests/${reg.id}?done=checkCompleteness`);
    const view = await getView(desk, reg.id);
    expect(view.status).to.equal('awaiting_remedy');
    expect(view.deadlines.remedyDue).to.equal('2026-03-10');
    expect(view.flags.missing).to.deep.equal(['Navedite pravico.', 'Priložite kopijo osebnega dokumenta.']);
  });

  it('N7.2 Scenario: the identity form shows which methods suffice for an e-mail request and why; records alone are refused next to the method', async () => {
    desk = await openDesk();
    const reg = await register(desk, { identityEvidence: { qualifiedSignature: false, idDocumentSeen: false } });
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    const id = await taskOf(desk, reg.id, 'verifyIdentity');
    const dpo = await signedIn(desk, 'dpo');
    const page = await dpo.agent.get(`/tasks/${id}`);
    expect(page.status).to.equal(200);
    const method = (value: string) => new RegExp(`id="method-${value}"[\\s\\S]*?<span class="badge (ok|overdue)">([^<]*)</span>\\s*<p class="hint" id="method-${value}-why">([^<]*)</p>`).exec(page.text);
    for (const m of ['qualified_signature', 'paper_confirmation', 'in_person', 'personal_delivery', 'id_document']) expect(method(m)![2], m).to.equal('zadošča');
    expect(method('records_match')![2]).to.equal('ne zadošča');
    expect(method('records_match')![3]).to.include('ujemanje podatkov z evidencami samo ne zadostuje');
    expect(page.text).to.include('po e-pošti').and.include('istovetnost izkazuje');
    const wrong = await submit(dpo.agent, id, dpo.csrf, [['method', 'records_match'], ['verified', 'true']]);
    expect(wrong.status).to.equal(422);
    expect(errorOf(wrong.text, 'method')).to.include('Navadno e-poštno sporočilo ne izkazuje istovetnosti').and.include('Kvalificiran e-podpis');
    expect(wrong.text).to.match(/id="method-records_match"[^>]*checked/).and.match(/id="verified-true"[^>]*checked/);
    const ok = await submit(dpo.agent, id, dpo.csrf, [['method', 'qualified_signature'], ['verified', 'true']]);
    expect(ok.status).to.equal(303);
    expect(ok.headers.location).to.equal(`/requests/${reg.id}?done=verifyIdentity`);
    expect((await getView(desk, reg.id)).openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['checkRecords']);
  });

  it('N18.1 Scenario: a request goes from completeness to decision through the forms: DPO, records owner, DPO', async function () {
    // Four forms, each read and sent, on MariaDB on a shared machine: an allowance, not a timing.
    this.timeout(90_000);
    desk = await openDesk();
    const reg = await register(desk, { channel: 'post', mailbox: undefined, identityEvidence: { qualifiedSignature: false, idDocumentSeen: false } });
    const dpo = await signedIn(desk, 'dpo');
    const owner = await signedIn(desk, 'records_owner');
    const step = async (who: { agent: request.Agent; csrf: string }, key: string, fields: [string, string][]) => {
      const id = await taskOf(desk, reg.id, key);
      expect((await who.agent.get(`/tasks/${id}`)).status).to.equal(200);
      const res = await submit(who.agent, id, who.csrf, fields);
      expect(res.status, res.text.slice(0, 3000)).to.equal(303);
      // Issue 10 #6: a records owner reads a case only while it has a task on it, so it goes back to its list
      if (who === owner) {
        expect(res.headers.location).to.equal('/tasks?notice=completed');
        expect((await who.agent.get(res.headers.location)).text).to.include('Naloga je oddana.');
        expect((await who.agent.get(`/requests/${reg.id}`)).status).to.equal(403);
      } else expect(res.headers.location).to.equal(`/requests/${reg.id}?done=${key}`);
    };
    await step(dpo, 'checkCompleteness', [['complete', 'true'], ['missing', '']]);
    await step(dpo, 'verifyIdentity', [['method', 'records_match'], ['verified', 'true']]);
    await step(owner, 'checkRecords', [['art23Restriction', 'false'], ['collections', 'Obvezno zdravstveno zavarovanje\r\nEvidenca izdanih kartic'], ['notes', '']]);
    await step(dpo, 'decide', [['outcome', 'granted'], ['reasoning', 'Posamezniku se posreduje izpis podatkov iz obeh zbirk.'], ['fee', '']]);
    const view = await getView(desk, reg.id);
    expect(view.status).to.equal('decided');
    expect(view.decision).to.deep.include({ outcome: 'granted', fee: 0 });
    expect(view.flags.collections).to.deep.equal(['Obvezno zdravstveno zavarovanje', 'Evidenca izdanih kartic']);
    expect(view.flags.art23Restriction).to.equal(false);
    expect(view.responsible).to.equal(dpo.username);
    const trace = await desk.call('get', `/api/v1/requests/${reg.id}/trace`);
    const done = trace.body.events.filter((e: { type: string }) => e.type === 'task.completed').map((e: { actor: string; elementId: string }) => `${e.elementId} ${e.actor}`);
    expect(done).to.deep.equal([`checkCompleteness ${dpo.username}`, `verifyIdentity ${dpo.username}`, `checkRecords ${owner.username}`, `decide ${dpo.username}`]);
  });

  it('N15.1 N16.1 Scenario: a refusal without a ground, or on a ground the facts do not support, is shown next to the field; the reasoning typed stays', async () => {
    desk = await openDesk();
    // N15.1: the ground of art. 15 is one a legal representative meets: a parent files for a minor child.
    const atDecide: View = await toDecide(desk, MINOR_BY_PARENT);
    const id = await taskOf(desk, atDecide.id, 'decide');
    const dpo = await signedIn(desk, 'dpo');
    const page = await dpo.agent.get(`/tasks/${id}`);
    expect(page.text).to.include('Število zahtev samo po sebi nikoli ne zadošča').and.include('SEU C-416/23').and.include('Zahteve iste osebe v zadnjih 12 mesecih: <strong>0</strong>');
    expect(page.text).to.match(/id="grounds-art23_restriction"[\s\S]*?dejstva ga ne podpirajo/);
    // No ground at all
    const reasoning = 'Zahteva se zavrne, ker "posameznik" zahteva <vse> podatke.';
    const none = await submit(dpo.agent, id, dpo.csrf, [['outcome', 'refused'], ['reasoning', reasoning]]);
    expect(none.status).to.equal(422);
    expect(errorOf(none.text, 'grounds')).to.equal('Zavrnitev mora navesti vsaj en razlog.');
    expect(none.text).to.include('Zahteva se zavrne, ker &quot;posameznik&quot; zahteva &lt;vse&gt; podatke.</textarea>');
    expect(none.text).to.include('href="#grounds-art15_protected_persons"').and.match(/id="outcome-refused"[^>]*checked/);
    // N15.1: protected persons without the finding is not supported by the facts
    const unsupported = await submit(dpo.agent, id, dpo.csrf, [['outcome', 'refused'], ['grounds', 'art15_protected_persons'], ['reasoning', LONG_REASONING]]);
    expect(unsupported.status).to.equal(422);
    expect(errorOf(unsupported.text, 'grounds')).to.include('Razlog art15_protected_persons ni podprt z dejstvi zadeve');
    expect(unsupported.text).to.match(/id="grounds-art15_protected_persons"[^>]*checked/).and.include(LONG_REASONING);
    // A fee that is not an amount is said at once, with the rest
    const fee = await submit(dpo.agent, id, dpo.csrf, [['outcome', 'refused'], ['reasoning', ''], ['fee', 'deset']]);
    expect(fee.status).to.equal(422);
    expect(errorOf(fee.text, 'fee')).to.include('znesek v evrih');
    expect(errorOf(fee.text, 'reasoning')).to.equal('Obrazložitev je obvezna.');
    expect(errorOf(fee.text, 'grounds')).to.equal('Zavrnitev mora navesti vsaj en razlog.');
    expect(fee.text).to.include('value="deset"');
    // Checking the rules again with the finding and the reasoning typed: the ground is now supported, nothing completed
    const preview = await submit(dpo.agent, id, dpo.csrf, [['outcome', 'refused'], ['grounds', 'art15_protected_persons'], ['protectedPersonsAffected', 'true'], ['reasoning', LONG_REASONING], ['_preview', '1']]);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.match(/id="grounds-art15_protected_persons"[^>]*checked[\s\S]*?dejstva ga podpirajo/);
    expect((await getView(desk, atDecide.id)).openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['decide']);
    // With the finding made, the refusal goes through
    const ok = await submit(dpo.agent, id, dpo.csrf, [['outcome', 'refused'], ['grounds', 'art15_protected_persons'], ['protectedPersonsAffected', 'true'], ['reasoning', LONG_REASONING]]);
    expect(ok.status, ok.text.slice(0, 2000)).to.equal(303);
    const view = await getView(desk, atDecide.id);
    expect(view.decision).to.deep.include({ outcome: 'refused', grounds: ['art15_protected_persons'] });
  });

  it('N16.1 Scenario: the fourth request of a person in a year is flagged, yet "excessive" needs abusive intent shown', async () => {
    desk = await openDesk();
    for (let i = 0; i < 3; i++) await register(desk);
    const atDecide = await toDecide(desk);
    const id = await taskOf(desk, atDecide.id, 'decide');
    const dpo = await signedIn(desk, 'dpo');
    const page = await dpo.agent.get(`/tasks/${id}`);
    expect(page.text).to.include('Zahteve iste osebe v zadnjih 12 mesecih: <strong>3</strong>').and.include('To samo ne zadošča za zavrnitev');
    expect(page.text).to.match(/id="grounds-art16_excessive"[\s\S]*?dejstva ga ne podpirajo/);
    const res = await submit(dpo.agent, id, dpo.csrf, [['outcome', 'refused'], ['grounds', 'art16_excessive'], ['reasoning', LONG_REASONING]]);
    expect(res.status).to.equal(422);
    expect(errorOf(res.text, 'grounds')).to.include('število zahtev samo ne zadošča');
  });

  it('X6 Scenario: a clerk cannot open a DPO task form; a records owner cannot decide; the denial is audited', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    const id = await taskOf(desk, atDecide.id, 'decide');
    const clerk = await signedIn(desk, 'clerk');
    const denied = await clerk.agent.get(`/tasks/${id}`);
    expect(denied.status).to.equal(403);
    expect(denied.text).to.include('To nalogo opravi: pooblaščena oseba').and.not.include('name="outcome"');
    const owner = await signedIn(desk, 'records_owner');
    expect((await owner.agent.get(`/tasks/${id}`)).status).to.equal(403);
    const post = await submit(owner.agent, id, owner.csrf, [['outcome', 'granted'], ['reasoning', 'Ugodeno.']]);
    expect(post.status).to.equal(403);
    expect((await getView(desk, atDecide.id)).openTasks).to.have.length(1);
    const trace = await desk.call('get', `/api/v1/requests/${atDecide.id}/trace`);
    expect(trace.body.events.filter((e: { type: string }) => e.type === 'security.denied')).to.have.length(3);
    expect((await clerk.agent.get('/tasks/no-such-task')).status).to.equal(404);
    expect((await request401(desk, id)).headers.location).to.equal(`/login?next=%2Ftasks%2F${id}`);
  });

  it('Scenario: a task submitted a second time says clearly that it is already completed (409)', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    const id = await taskOf(desk, reg.id, 'checkCompleteness');
    const dpo = await signedIn(desk, 'dpo');
    const fields: [string, string][] = [['complete', 'true']];
    expect((await submit(dpo.agent, id, dpo.csrf, fields)).status).to.equal(303);
    const again = await submit(dpo.agent, id, dpo.csrf, fields);
    expect(again.status).to.equal(409);
    expect(again.text).to.include('Naloga je že zaključena').and.include(`href="/requests/${reg.id}"`);
    const open = await dpo.agent.get(`/tasks/${id}`);
    expect(open.status).to.equal(409);
    expect(open.text).to.include('Naloga je že zaključena');
  });

  it('N1.2 Scenario: recipients are entered as rows; an empty row is ignored, a row without a date or reason is refused next to it', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, { rights: ['erasure'], measures: 'Izbrišite moje podatke o zdravljenju iz leta 2019.' });
    await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    const id = await taskOf(desk, atDecide.id, 'notifyRecipients');
    const dpo = await signedIn(desk, 'dpo');
    const more = await submit(dpo.agent, id, dpo.csrf, [['recipients[0][name]', 'Ministrstvo za zdravje'], ['_more', '1']]);
    expect(more.status).to.equal(200);
    expect(more.text).to.include('value="Ministrstvo za zdravje"').and.include('name="recipients[4][name]"');
    const bad = await submit(dpo.agent, id, dpo.csrf, [
      ['recipients[0][name]', ''], ['recipients[0][notifiedOn]', ''], ['recipients[0][impossibleReason]', ''],
      ['recipients[1][name]', 'Ministrstvo za zdravje'], ['recipients[1][notifiedOn]', ''], ['recipients[1][impossibleReason]', ''],
    ]);
    expect(bad.status).to.equal(422);
    // The empty row is gone: the ministry is now row 1 (index 0), with the message next to its date
    expect(errorOf(bad.text, 'recipients-0-notifiedOn')).to.equal('Navedite datum obvestila ali razlog, zakaj ni bilo mogoče.');
    expect(bad.text).to.match(/id="recipients-0-name" name="recipients\[0\]\[name\]" value="Ministrstvo za zdravje"/);
    const ok = await submit(dpo.agent, id, dpo.csrf, [
      ['recipients[0][name]', 'Ministrstvo za zdravje'], ['recipients[0][notifiedOn]', '2026-03-02'], ['recipients[0][impossibleReason]', ''],
      ['recipients[1][name]', 'Zavarovalnica Triglav, d. d.'], ['recipients[1][notifiedOn]', ''], ['recipients[1][impossibleReason]', 'Zapisov o posredovanju ni več.'],
      ['recipients[2][name]', ''], ['recipients[2][notifiedOn]', ''], ['recipients[2][impossibleReason]', ''],
    ]);
    expect(ok.status, ok.text.slice(0, 2000)).to.equal(303);
    expect((await getView(desk, atDecide.id)).flags.recipients).to.deep.equal([
      { name: 'Ministrstvo za zdravje', notifiedOn: '2026-03-02' },
      { name: 'Zavarovalnica Triglav, d. d.', impossibleReason: 'Zapisov o posredovanju ni več.' },
    ]);
  });
});

/** The same user signs in again (a new session). */
async function signIn(desk: Desk, username: string): Promise<{ agent: request.Agent; username: string; csrf: string }> {
  const agent = request.agent(desk.app);
  expect((await postLogin(agent, { username, password: PASSWORD })).status).to.equal(303);
  return { agent, username, csrf: csrfOf((await agent.get('/help')).text) };
}

/** A browser without a session is sent to sign in, and back here afterwards. */
async function request401(desk: Desk, taskId: string) {
  return request(desk.app).get(`/tasks/${taskId}`);
}
