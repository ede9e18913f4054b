import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { validateEmso, validateTaxNumber, validateZzzsNumber } from '../../../src/domain/identifiers.js';

/** A form body exactly as a browser sends it: repeated names for checkboxes, brackets for groups. */
function browserForm(fields: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  return p.toString();
}

/** What a clerk types for Žiga Čebašek, by e-mail unless told otherwise. */
function typed(csrf: string, over: Record<string, string | string[] | undefined> = {}) {
  return browserForm({
    _csrf: csrf,
    channel: 'email',
    receivedDate: '2026-03-02',
    receivedTime: '10:15',
    mailbox: 'dpo@zzzs.si',
    'subject[firstName]': 'Žiga',
    'subject[lastName]': 'Čebašek',
    'subject[emso]': '0101990505005',
    'subject[taxNumber]': '50223054',
    'subject[zzzsNumber]': '012345678',
    'subject[address]': 'Šmartinska cesta 1, 1000 Ljubljana',
    'subject[email]': 'ziga.cebasek@example.si',
    'subject[phone]': '01 234 56 78',
    rights: ['access', 'erasure'],
    measures: 'Želim izpis vseh podatkov o zdravljenju in izbris starega naslova.',
    acknowledgementRequested: 'on',
    'identityEvidence[qualifiedSignature]': 'on',
    ...over,
  });
}

async function apiView(desk: Desk, id: string) {
  const res = await desk.call('get', `/api/v1/requests/${id}`);
  expect(res.status).to.equal(200);
  return res.body;
}

const idFrom = (location: string) => /^\/requests\/([0-9a-f-]{36})\?registered=1$/.exec(location)?.[1];

describe('Feature: the clerk registers a request in the intake form (issue 5 item 4; N2.1, N3.1, N3.2, S1.1)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N2.1 N3.1 N3.2 Scenario: a request by e-mail is registered from the form with its mailbox; the case page confirms it', async () => {
    desk = await openDesk();
    const { agent, csrf, username } = await signedIn(desk, 'clerk');
    const form = await agent.get('/requests/new');
    expect(form.status).to.equal(200);
    expect(form.text).to.include('name="subject[emso]"').and.include('name="receivedDate"').and.include('value="2026-03-02"').and.include('value="12:00"')
      .and.include('<option value="DI@zzzs.si">').and.include('src="/static/intake.js"').and.include('data-check="emso"');
    const res = await agent.post('/requests/new').type('form').send(typed(csrf));
    expect(res.status, res.text.slice(0, 2000)).to.equal(303);
    const id = idFrom(res.headers.location);
    expect(id, res.headers.location).to.be.a('string');
    const view = await apiView(desk, id!);
    expect(view).to.deep.include({ channel: 'email', mailbox: 'dpo@zzzs.si', receivedAt: '2026-03-02T09:15:00.000Z', rights: ['access', 'erasure'], acknowledgementRequested: true });
    expect(view.subject).to.deep.include({ firstName: 'Žiga', lastName: 'Čebašek', emso: '0101990505005', taxNumber: '50223054', zzzsNumber: '012345678', address: 'Šmartinska cesta 1, 1000 Ljubljana' });
    expect(view.letters.map((l: { kind: string }) => l.kind)).to.deep.equal(['acknowledgement']); // N3.2
    const page = await agent.get(res.headers.location);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('id="confirmation"').and.include(`Zahteva je evidentirana kot zadeva <strong>${view.caseNumber}</strong>`)
      .and.include('po elektronski pošti, predal dpo@zzzs.si').and.include('Čebašek').and.not.include('id="outside-office-hours"');
    const trace = await desk.call('get', `/api/v1/requests/${id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.find((e: { type: string }) => e.type === 'request.registered').actor).to.equal(username); // N18.1
  });

  it('N2.1 N3.1 Scenario: a request by post is registered, answered by post; a representative is recorded', async () => {
    desk = await openDesk();
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await agent.post('/requests/new').type('form').send(typed(csrf, {
      channel: 'post', mailbox: 'dpo@zzzs.si', receivedTime: '09:00', acknowledgementRequested: undefined, 'identityEvidence[qualifiedSignature]': undefined,
      'representative[name]': 'Odvetniška pisarna Šušteršič', 'representative[kind]': 'attorney', 'representative[authorisationAttached]': 'on', 'representative[address]': 'Slovenska cesta 9, 1000 Ljubljana', rights: 'rectification',
    }));
    expect(res.status, res.text.slice(0, 2000)).to.equal(303);
    const view = await apiView(desk, idFrom(res.headers.location)!);
    // The mailbox of a hidden field is not sent on for a letter by post
    expect(view).to.deep.include({ channel: 'post', mailbox: null, rights: ['rectification'], acknowledgementRequested: false });
    expect(view.representative).to.deep.equal({ name: 'Odvetniška pisarna Šušteršič', kind: 'attorney', authorisationAttached: true, address: 'Slovenska cesta 9, 1000 Ljubljana' });
    expect(view.letters).to.have.length(0);
    const page = await agent.get(`/requests/${view.id}`);
    expect(page.text).to.include('Odvetniška pisarna Šušteršič').and.include('pooblaščenec').and.include('po pošti');
  });

  it('N2.1 S1.1 Scenario: a request in person during office hours is registered without a flag; the time in summer gets +02:00', async () => {
    desk = await openDesk('2026-07-01T12:00:00+02:00'); // a Wednesday in summer time
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await agent.post('/requests/new').type('form').send(typed(csrf, {
      channel: 'in_person', mailbox: '', receivedDate: '2026-07-01', receivedTime: '09:30', 'identityEvidence[idDocumentSeen]': 'on', 'identityEvidence[qualifiedSignature]': undefined,
    }));
    expect(res.status, res.text.slice(0, 2000)).to.equal(303);
    const view = await apiView(desk, idFrom(res.headers.location)!);
    expect(view).to.deep.include({ channel: 'in_person', receivedAt: '2026-07-01T07:30:00.000Z', receivedOn: '2026-07-01' });
    expect(view.flags.outsideOfficeHours).to.equal(undefined);
    const page = await agent.get(res.headers.location);
    expect(page.text).to.include('osebno (Miklošičeva cesta 24)').and.not.include('zunaj uradnih ur');
  });

  it('S1.1 Scenario: a request in person outside office hours is registered and flagged, in the confirmation and on the case page', async () => {
    desk = await openDesk('2026-03-05T16:00:00+01:00'); // Thursday: no office hours at all
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await agent.post('/requests/new').type('form').send(typed(csrf, { channel: 'in_person', mailbox: undefined, receivedDate: '2026-03-05', receivedTime: '10:00' }));
    expect(res.status, res.text.slice(0, 2000)).to.equal(303);
    const page = await agent.get(res.headers.location);
    expect(page.text).to.include('Pozor: zahteva je bila vložena osebno zunaj uradnih ur').and.include('id="outside-office-hours"');
    // Later visits still show the flag (without the confirmation)
    const again = await agent.get(res.headers.location.replace('?registered=1', ''));
    expect(again.text).to.include('id="outside-office-hours"').and.include('zunaj uradnih ur (S1.1').and.not.include('id="confirmation"');
    const list = await agent.get('/requests');
    expect(list.text).to.include('zunaj uradnih ur');
  });

  it('N2.1 Scenario: an invalid EMŠO is shown next to its field in Slovenian; everything typed stays (č, š, ž intact), nothing is registered', async () => {
    desk = await openDesk();
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await agent.post('/requests/new').type('form').send(typed(csrf, { 'subject[emso]': '0101990505006' }));
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="subject-emso-error" aria-live="polite">Kontrolna številka EMŠO ni pravilna\.<\/p>/);
    expect(res.text).to.match(/id="subject-emso" name="subject\[emso\]" value="0101990505006"[^>]*aria-invalid="true"/);
    expect(res.text).to.include('<a href="#subject-emso">Kontrolna številka EMŠO ni pravilna.</a>');
    expect(res.text).to.include('value="Žiga"').and.include('value="Čebašek"').and.include('value="Šmartinska cesta 1, 1000 Ljubljana"')
      .and.include('Želim izpis vseh podatkov o zdravljenju in izbris starega naslova.</textarea>')
      .and.include('<option value="dpo@zzzs.si" selected>').and.include('value="10:15"');
    expect(res.text).to.match(/value="access" id="rights" checked/).and.match(/value="erasure" id="rights-erasure" checked/).and.not.match(/value="objection"[^>]*checked/);
    expect(res.text).to.match(/name="acknowledgementRequested" checked/);
    expect((await desk.call('get', '/api/v1/requests')).body.total).to.equal(0);
    // Tax number and e-mail: each next to its own field, all at once
    const more = await agent.post('/requests/new').type('form').send(typed(csrf, { 'subject[taxNumber]': '50223055', 'subject[email]': 'ni-naslov', 'subject[firstName]': '' }));
    expect(more.status).to.equal(422);
    expect(more.text).to.match(/id="subject-taxNumber-error"[^>]*>Kontrolna številka davčne številke ni pravilna\./)
      .and.match(/id="subject-email-error"[^>]*>E-poštni naslov ni veljaven\./)
      .and.match(/id="subject-firstName-error"[^>]*>Ime je obvezno\./);
  });

  it('N2.1 Scenario: a receipt in the future is refused next to its field; a missing channel and mailbox are named in Slovenian', async () => {
    desk = await openDesk();
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const future = await agent.post('/requests/new').type('form').send(typed(csrf, { receivedDate: '2026-03-02', receivedTime: '12:30' }));
    expect(future.status).to.equal(422);
    expect(future.text).to.match(/id="receivedAt-error">Čas prejema je v prihodnosti\.</).and.include('value="12:30"');
    const bad = await agent.post('/requests/new').type('form').send(typed(csrf, { receivedDate: '2026-02-30' }));
    expect(bad.text).to.match(/id="receivedAt-error">Vpišite veljaven datum in uro prejema\.</);
    const none = await agent.post('/requests/new').type('form').send(typed(csrf, { channel: undefined }));
    expect(none.status).to.equal(422);
    expect(none.text).to.match(/id="channel-error">Izberite, kako je zahteva prispela\.</);
    const noMailbox = await agent.post('/requests/new').type('form').send(typed(csrf, { mailbox: '' }));
    expect(noMailbox.text).to.match(/id="mailbox-error">Pri e-poštni zahtevi je poštni predal obvezen\.</);
    const noKind = await agent.post('/requests/new').type('form').send(typed(csrf, { 'representative[name]': 'Marija Žagar' }));
    expect(noKind.text).to.match(/id="representative-kind-error">Izberite, kdo zastopa posameznika\.</).and.include('value="Marija Žagar"');
    expect((await desk.call('get', '/api/v1/requests')).body.total).to.equal(0);
  });

  it('X6 Scenario: a records owner or an auditor cannot register (403, audited); without a form token nothing happens', async () => {
    desk = await openDesk();
    for (const role of ['records_owner', 'auditor']) {
      const { agent, csrf } = await signedIn(desk, role);
      expect((await agent.get('/requests/new')).status).to.equal(403);
      const post = await agent.post('/requests/new').type('form').send(typed(csrf));
      expect(post.status).to.equal(403);
      expect(post.text).to.include('Za to stran potrebujete vlogo');
    }
    const { agent } = await signedIn(desk, 'clerk');
    expect((await agent.post('/requests/new').type('form').send(typed('wrong-token'))).status).to.equal(403);
    expect((await desk.call('get', '/api/v1/requests')).body.total).to.equal(0);
    const audit = await desk.call('get', '/api/v1/audit/verify', undefined, desk.auditor);
    expect(audit.body.ok).to.equal(true);
  });

  it('N2.1 Scenario: the browser checks identifiers as they are typed exactly as the server does (intake.js)', async () => {
    desk = await openDesk();
    const { agent } = await signedIn(desk, 'clerk');
    const served = await agent.get('/static/intake.js');
    expect(served.status).to.equal(200);
    const source = fs.readFileSync(path.join(PROJECT_ROOT, 'views', 'static', 'intake.js'), 'utf8');
    expect(served.text).to.equal(source);
    const page = await agent.get('/requests/new');
    expect(page.text).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/).and.not.match(/\son[a-z]+="/);

    // A tiny stand-in for the page: the three inputs, their message boxes, the form.
    const boxes: Record<string, { textContent: string; hidden: boolean }> = {};
    const input = (id: string, check: string) => {
      const handlers: Record<string, () => void> = {};
      const classes = new Set<string>();
      boxes[`${id}-error`] = { textContent: '', hidden: true };
      return {
        id, value: '', handlers, attrs: {} as Record<string, string>,
        getAttribute: (n: string) => (n === 'data-check' ? check : null),
        setAttribute(n: string, v: string) { this.attrs[n] = v; },
        removeAttribute(n: string) { delete this.attrs[n]; },
        addEventListener: (e: string, f: () => void) => { handlers[e] = f; },
        closest: () => ({ classList: { add: (c: string) => classes.add(c), remove: (c: string) => classes.delete(c) } }),
      };
    };
    const inputs = { emso: input('subject-emso', 'emso'), tax: input('subject-taxNumber', 'tax'), zzzs: input('subject-zzzsNumber', 'zzzs') };
    const document = {
      querySelectorAll: () => Object.values(inputs),
      querySelector: () => null,
      getElementById: (id: string) => boxes[id] ?? null,
    };
    vm.runInNewContext(source, { document });
    const browser = (which: keyof typeof inputs, value: string) => {
      const i = inputs[which];
      i.value = value;
      i.handlers.blur!();
      const box = boxes[`${i.id}-error`]!;
      return box.hidden ? null : box.textContent;
    };
    const server = (check: { ok: true } | { ok: false; reason: string }) => (check.ok ? null : check.reason);
    let seed = 20260302;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const emsos = ['0101990505005', '0101990505006', '2902000500006', '3102990500000', '123', '01019905050a5'];
    for (let i = 0; i < 400; i++) {
      // Real birth dates most of the time, so that the check digit is what is tested
      const d = String(1 + Math.floor(random() * 28)).padStart(2, '0'), m = String(1 + Math.floor(random() * 12)).padStart(2, '0');
      emsos.push(`${d}${m}${['990', '985', '001', '015'][i % 4]}${digits(6)}`);
    }
    for (const v of emsos) expect(browser('emso', v), v).to.equal(server(validateEmso(v)));
    expect(emsos.filter((v) => validateEmso(v).ok).length, 'some valid EMŠO among the samples').to.be.greaterThan(20);
    const taxes = ['50223054', '50223055', '01234567', '1234567', ...Array.from({ length: 400 }, () => `${1 + Math.floor(random() * 9)}${digits(7)}`)];
    for (const v of taxes) expect(browser('tax', v), v).to.equal(server(validateTaxNumber(v)));
    for (const v of ['012345678', '12345678', '1234567890', '12345678x']) expect(browser('zzzs', v), v).to.equal(server(validateZzzsNumber(v)));
    // While typing a number that is still short, nothing is said yet; a letter is reported at once
    inputs.emso.value = '010199';
    inputs.emso.handlers.input!();
    expect(boxes['subject-emso-error']!.hidden).to.equal(true);
    inputs.emso.value = '01019x';
    inputs.emso.handlers.input!();
    expect(boxes['subject-emso-error']!.textContent).to.equal('EMŠO mora imeti 13 števk.');
    expect(inputs.emso.attrs['aria-invalid']).to.equal('true');
  });
});
