import { expect } from 'chai';
import request from 'supertest';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { getView, register, toDecide } from '../requests/support.js';

/** The phone form as a browser sends it: only what the clerk typed, checkboxes when ticked. */
function typed(csrf: string, ids: Record<string, string>, flags: { healthRelated?: boolean; suspicion?: boolean } = {}): string {
  const p = new URLSearchParams({ _csrf: csrf });
  for (const key of ['caseNumber', 'emso', 'zzzsNumber', 'taxNumber', 'lastDocumentDate', 'upnReference']) p.append(`identifiers[${key}]`, ids[key] ?? '');
  if (flags.healthRelated) p.append('healthRelated', 'on');
  if (flags.suspicion) p.append('suspicion', 'on');
  return p.toString();
}

const ask = (agent: request.Agent, csrf: string, ids: Record<string, string>, flags?: { healthRelated?: boolean; suspicion?: boolean }) =>
  agent.post('/phone').type('form').send(typed(csrf, ids, flags));

/** The result block of the page. */
const resultOf = (html: string) => /<section aria-labelledby="result-heading"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

/** What the form says next to a field. */
const errorOf = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];

describe('Feature: the phone desk page for the clerk on a call (issue 6 item 5; S2.1–S2.3)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('S2.1 S2.3 Scenario: EMŠO and case number suffice; the page tells the procedural facts only, never the outcome or content of the decision', async () => {
    desk = await openDesk();
    const reasoning = 'Velja omejitev po 23. členu Splošne uredbe; podatki o zdravljenju se ne razkrijejo.';
    const atDecide = await toDecide(desk, {}, { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] });
    const v = await desk.complete(atDecide.id, 'decide', { outcome: 'refused', grounds: ['art23_restriction'], reasoning });
    const { agent, csrf, username } = await signedIn(desk, 'clerk');

    const empty = await agent.get('/phone');
    expect(empty.status).to.equal(200);
    expect(empty.text).to.include('name="identifiers[emso]"').and.include('name="identifiers[lastDocumentDate]"').and.include('type="date"')
      .and.include('name="healthRelated"').and.include('Postopek lahko razkrije zdravstveno stanje')
      .and.include('Sum, da klicatelj ni oseba, za katero se izdaja').and.include('name="_csrf"');

    const res = await ask(agent, csrf, { emso: '0101990505005', caseNumber: v.caseNumber });
    expect(res.status, res.text.slice(0, 1500)).to.equal(200);
    const result = resultOf(res.text);
    expect(result).to.include('Istovetnost je zadostno preverjena').and.include('Ujemajočih podatkov: 2 od potrebnih 2')
      .and.include('EMŠO, številka zadeve').and.include('id="disclosure"').and.include('Zahteva prejeta</dt><dd>2. 3. 2026')
      .and.include('potrdilo o prejemu zahteve').and.include('odločitev o zahtevi').and.include(v.caseNumber);
    // S2.3: the reminder is there, and nothing of the decision is
    expect(result).to.include('id="no-content-warning"').and.include('odločitve ter njene vsebine in obrazložitve po telefonu');
    expect(res.text).to.not.include(reasoning).and.not.match(/zavrn|ugod|23\. člen|art23|refused|Zbirka podatkov/i);
    // values kept
    expect(res.text).to.include('value="0101990505005"').and.include(`value="${v.caseNumber}"`);

    // Every inquiry is in the case's trace with the clerk's name, without the identifiers' values
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    const phone = trace.body.events.filter((e: { type: string }) => e.type.includes('phone'));
    expect(phone.map((e: { type: string; actor: string }) => [e.type, e.actor])).to.deep.equal([['phone.inquiry_answered', username]]);
    expect(JSON.stringify(phone)).to.not.include('0101990505005');
  });

  it('S2.3 Scenario: a dismissed request: the caller hears that a decision was sent and when, not that the request was dismissed', async () => {
    desk = await openDesk();
    const reg = await desk.call('post', '/api/v1/requests', requestBody({ rights: [] }), desk.clerk);
    const asked = await desk.complete(reg.body.id, 'checkCompleteness', { complete: false, missing: ['Navedite, katero pravico uveljavljate.'] });
    // The time limit runs from the person's receipt of the request for remedy (N6.2): received the same day.
    const letter = asked.letters.find((l: { kind: string }) => l.kind === 'remedy_request');
    expect((await desk.call('post', `/api/v1/requests/${reg.body.id}/delivery`, { deliveredOn: '2026-03-02', letterId: letter.id }, desk.clerk)).status).to.equal(200);
    await desk.clockTo('2026-03-10T09:00:00+01:00'); // the time limit for the remedy ended on 9 March
    await desk.complete(reg.body.id, 'issueDismissal', { confirmed: true }); // the DPO issues the sklep
    const after = await getView(desk, reg.body.id);
    expect(after.status).to.equal('dismissed');
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await ask(agent, csrf, { taxNumber: '50223054', caseNumber: after.caseNumber });
    const result = resultOf(res.text);
    expect(result).to.include('Istovetnost je zadostno preverjena').and.include('poziv k dopolnitvi zahteve').and.include('odločitev o zahtevi')
      .and.include('10. 3. 2026');
    expect(res.text).to.not.match(/zavr[žz]|dismiss/i);
  });

  it('S2.1 Scenario: a wrong check digit does not count: the page says why, what else to ask, and tells nothing about the case', async () => {
    desk = await openDesk();
    const v = await register(desk);
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await ask(agent, csrf, { emso: '0101990505006', caseNumber: v.caseNumber });
    expect(res.status).to.equal(200);
    const result = resultOf(res.text);
    expect(result).to.include('Podatki ne zadoščajo').and.include('Potrebnih ustreznih podatkov: 2; ujemajočih: 1')
      .and.include('<li><strong>EMŠO</strong>: Kontrolna številka EMŠO ni pravilna.</li>')
      .and.include('Kaj še vprašati:').and.include('enolični identifikator');
    expect(result).to.not.include('id="disclosure"').and.not.include('Zahteva prejeta').and.not.include('potrdilo o prejemu');
    // the case number is the caller's own words: kept in the form, not echoed as a fact of the case
    expect(result).to.not.include(v.caseNumber);
    expect(res.text).to.include('value="0101990505006"');
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.map((e: { type: string }) => e.type)).to.include('phone.inquiry_refused');
  });

  it('S2.2 Scenario: health or suspicion ticked: three are needed; a third identifier makes it enough', async () => {
    desk = await openDesk();
    const v = await register(desk);
    const { agent, csrf } = await signedIn(desk, 'dpo');
    const two = { emso: '0101990505005', caseNumber: v.caseNumber };
    for (const flag of [{ healthRelated: true }, { suspicion: true }]) {
      const res = await ask(agent, csrf, two, flag);
      expect(resultOf(res.text)).to.include('Podatki ne zadoščajo').and.include('Potrebnih ustreznih podatkov: 3').and.include('dva podatka');
      expect(res.text).to.match(flag.healthRelated ? /name="healthRelated" checked/ : /name="suspicion" checked/);
    }
    const three = await ask(agent, csrf, { ...two, lastDocumentDate: '2026-03-02' }, { healthRelated: true });
    expect(resultOf(three.text)).to.include('Istovetnost je zadostno preverjena').and.include('Ujemajočih podatkov: 3 od potrebnih 3')
      .and.include('datum zadnjega dokumenta Zavoda');
  });

  it('Scenario: an unknown case, nothing typed, a date that is not one: said in Slovenian next to the field, values kept', async () => {
    desk = await openDesk();
    await register(desk);
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const unknown = await ask(agent, csrf, { caseNumber: '0072-99/2026', taxNumber: '50223055' });
    expect(unknown.status).to.equal(404);
    expect(resultOf(unknown.text)).to.include('id="not-found"').and.include('Zadeve s temi podatki ni.');
    expect(unknown.text).to.include('value="0072-99/2026"').and.include('value="50223055"');

    const none = await ask(agent, csrf, {});
    expect(none.status).to.equal(422);
    expect(errorOf(none.text, 'identifiers')).to.equal('Vpišite vsaj en podatek, ki ga je povedal klicatelj.');
    expect(none.text).to.include('class="errors-summary"').and.include('href="#identifiers"');

    const badDate = await ask(agent, csrf, { caseNumber: '0072-1/2026', lastDocumentDate: '2. 3. 2026' });
    expect(badDate.status).to.equal(422);
    expect(errorOf(badDate.text, 'identifiers-lastDocumentDate')).to.equal('Vpišite veljaven datum (dan, mesec, leto).');
    expect(badDate.text).to.match(/id="identifiers-lastDocumentDate"[^>]*aria-describedby="identifiers-lastDocumentDate-error"[^>]*aria-invalid="true"/);
    expect(badDate.text).to.include('value="0072-1/2026"');
  });

  it('Scenario: a records owner or an auditor may not use the phone desk; a form without its token is refused', async () => {
    desk = await openDesk();
    const v = await register(desk);
    for (const role of ['records_owner', 'auditor']) {
      const { agent, csrf } = await signedIn(desk, role);
      expect((await agent.get('/phone')).status).to.equal(403);
      expect((await ask(agent, csrf, { emso: '0101990505005', caseNumber: v.caseNumber })).status).to.equal(403);
    }
    const { agent } = await signedIn(desk, 'clerk');
    const forged = await agent.post('/phone').type('form').send(`identifiers[caseNumber]=${encodeURIComponent(v.caseNumber)}`);
    expect(forged.status).to.equal(403);
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.filter((e: { type: string }) => e.type.includes('phone'))).to.deep.equal([]);
    // Signed out: to the sign-in page
    const anonymous = await request(desk.app).get('/phone');
    expect(anonymous.status).to.equal(303);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fphone');
  });
});
