import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { getView } from '../requests/support.js';
import { DsrRequestEntity } from '../../../src/persistence/entities/index.js';

const fixture = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'eml', name));

/** What views/static/eml-upload.js sends: the file as it is, the page's token in a header. */
const upload = (agent: request.Agent, csrf: string, name: string) =>
  agent.post('/intake/emails').set('content-type', 'message/rfc822').set('x-csrf-token', csrf).send(fixture(name));

const draftIdOf = (location: string) => /^\/intake\/emails\/([0-9a-f-]{36})\?notice=(received|seen)$/.exec(location)?.[1];

/** A form body as a browser sends it. */
function browserForm(fields: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  return p.toString();
}

/** The text of the error next to a field (rendered, or the script's box that the server fills). */
const errorOf = (html: string, id: string) => new RegExp(`<p class="error" id="${id}-error"[^>]*>([^<]*)</p>`).exec(html)?.[1];

const drafts = async (desk: Desk) => (await desk.call('get', '/api/v1/intake/drafts', undefined, desk.clerk)).body.items as { id: string }[];

describe('Feature: the clerk registers e-mail requests from .eml files (issue 6 item 4; N2.1, N7.2)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N2.1 Scenario: an .eml uploaded with the x-csrf-token header becomes a draft; the clerk completes the proposal and registers it', async () => {
    desk = await openDesk();
    const { agent, csrf, username } = await signedIn(desk, 'clerk');
    const list = await agent.get('/intake/emails');
    expect(list.status).to.equal(200);
    expect(list.text).to.include('id="eml-upload"').and.include('src="/static/eml-upload.js"').and.include('name="eml"')
      .and.include('Ali prilepite vsebino sporočila (izvorno besedilo)').and.include('id="drafts-empty"');
    expect(list.text).to.not.match(/<script>|\sonclick=/);

    const res = await upload(agent, csrf, 'zahteva-seznanitev.eml');
    expect(res.status, res.text.slice(0, 1500)).to.equal(303);
    const id = draftIdOf(res.headers.location);
    expect(id, res.headers.location).to.be.a('string');
    const page = await agent.get(res.headers.location);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Sporočilo je prejeto kot osnutek').and.include('Živa Čuček Šušteršič &lt;ziva.cucek@example.si&gt;')
      .and.include('Zahteva za seznanitev z osebnimi podatki').and.include('dpo@zzzs.si')
      .and.include('zahtevam seznanitev').and.include('Ščitarjevo 3').and.include('osebna-izkaznica.pdf')
      .and.include('Sporočilo ni elektronsko podpisano.').and.include(`href="/intake/emails/${id}/original.eml"`);
    // Issue 10 #9: received when the server got it (the upload, 12:00); the sender's Date: shown as claimed
    expect(page.text).to.match(/id="received-at">2\. 3\. 2026, 12:00/).and.match(/id="claimed-at">2\. 3\. 2026, 09:41[^<]*<span class="hint">\(kot ga navaja pošiljatelj; ni čas prejema\)/);
    // The proposal fills the form
    expect(page.text).to.include('name="subject[firstName]" value="Živa"').and.include('name="subject[lastName]" value="Čuček Šušteršič"')
      .and.include('name="subject[email]" value="ziva.cucek@example.si"').and.include('value="2026-03-02"').and.include('value="12:00"')
      .and.include('<option value="dpo@zzzs.si" selected>').and.include('Kvalificiran e-podpis preverjen');
    expect(page.text).to.not.match(/name="identityEvidence\[qualifiedSignature\]" checked/);

    // The list shows it
    const listed = await agent.get('/intake/emails');
    expect(listed.text).to.include(`href="/intake/emails/${id}"`).and.include('Živa Čuček Šušteršič').and.include('osebna-izkaznica.pdf');

    // The original, as it arrived
    const raw = await agent.get(`/intake/emails/${id}/original.eml`);
    expect(raw.status).to.equal(200);
    expect(raw.headers['content-type']).to.match(/^message\/rfc822/);
    expect(raw.headers['content-disposition']).to.match(/^attachment; filename="sporocilo-.+\.eml"$/);

    // As the script asks for it: where to go, without a redirect (a fetch's redirect would be upgraded to https by the CSP)
    const asScript = await upload(agent, csrf, 'zahteva-seznanitev.eml').set('accept', 'application/json');
    expect(asScript.status).to.equal(200);
    expect(asScript.body).to.deep.equal({ location: `/intake/emails/${id}?notice=seen` });
    // The same file again: the same draft
    const again = await upload(agent, csrf, 'zahteva-seznanitev.eml');
    expect(again.status).to.equal(303);
    expect(again.headers.location).to.equal(`/intake/emails/${id}?notice=seen`);

    // A wrong EMŠO is said next to its field, the values stay
    const base = {
      _csrf: csrf, receivedDate: '2026-03-02', receivedTime: '09:41:07', mailbox: 'dpo@zzzs.si',
      'subject[firstName]': 'Živa', 'subject[lastName]': 'Čuček Šušteršič', 'subject[email]': 'ziva.cucek@example.si',
      'subject[address]': 'Ščitarjevo 3, 1000 Ljubljana', rights: ['access'], measures: 'Zahtevam seznanitev z mojimi podatki.',
      acknowledgementRequested: 'on', 'identityEvidence[qualifiedSignature]': 'on',
    };
    const bad = await agent.post(`/intake/emails/${id}/register`).type('form').send(browserForm({ ...base, 'subject[emso]': '0101990505006', 'subject[firstName]': '' }));
    expect(bad.status).to.equal(422);
    expect(errorOf(bad.text, 'subject-emso')).to.equal('Kontrolna številka EMŠO ni pravilna.');
    expect(errorOf(bad.text, 'subject-firstName')).to.equal('Ime je obvezno.');
    expect(bad.text).to.match(/id="subject-emso"[^>]*value="0101990505006"[^>]*aria-describedby="subject-emso-hint subject-emso-error" aria-invalid="true"/);
    expect(bad.text).to.include('href="#subject-emso"').and.include('Zahtevam seznanitev z mojimi podatki.');
    expect(await drafts(desk)).to.have.length(1);

    // Registered
    const ok = await agent.post(`/intake/emails/${id}/register`).type('form').send(browserForm({ ...base, 'subject[emso]': '0101990505005' }));
    expect(ok.status, ok.text.slice(0, 2000)).to.equal(303);
    const requestId = /^\/requests\/([0-9a-f-]{36})\?registered=1$/.exec(ok.headers.location)?.[1];
    expect(requestId, ok.headers.location).to.be.a('string');
    const view = await getView(desk, requestId!);
    expect(view).to.deep.include({ channel: 'email', mailbox: 'dpo@zzzs.si', receivedAt: '2026-03-02T08:41:07.000Z', rights: ['access'], acknowledgementRequested: true });
    expect(view.subject).to.deep.include({ firstName: 'Živa', lastName: 'Čuček Šušteršič', emso: '0101990505005' });
    const row = await desk.system.db.read((m) => m.getRepository(DsrRequestEntity).findOneByOrFail({ id: requestId! }));
    expect(JSON.parse(row.identityEvidence)).to.deep.equal({ qualifiedSignature: true, idDocumentSeen: false });
    expect(await drafts(desk)).to.deep.equal([]);
    const trace = await desk.call('get', `/api/v1/requests/${requestId}/trace`, undefined, desk.auditor);
    expect(trace.body.events.find((e: { type: string }) => e.type === 'intake.draft_registered').actor).to.equal(username);

    // Twice is refused in Slovenian; the draft page now points to the case
    const twice = await agent.post(`/intake/emails/${id}/register`).type('form').send(browserForm({ ...base, 'subject[emso]': '0101990505005' }));
    expect(twice.status).to.equal(409);
    expect(twice.text).to.include('Sporočilo je že evidentirano ali zavrženo');
    const closed = await agent.get(`/intake/emails/${id}`);
    expect(closed.text).to.include('evidentirano kot zahteva').and.include(`href="/requests/${requestId}"`).and.not.include('id="draft-form"');
  });

  it('Scenario: a malformed file or one without a sender is refused with its reason next to the upload field; nothing is stored', async () => {
    desk = await openDesk();
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const png = await upload(agent, csrf, 'ni-eml.eml');
    expect(png.status).to.equal(422);
    expect(errorOf(png.text, 'eml-file')).to.equal('Datoteka nima glave e-poštnega sporočila (npr. From:, Date:).');
    expect(png.text).to.match(/id="eml-file"[^>]*aria-invalid="true"/).and.include('Nič ni bilo shranjeno.');
    const noFrom = await upload(agent, csrf, 'brez-posiljatelja.eml');
    expect(noFrom.status).to.equal(422);
    expect(errorOf(noFrom.text, 'eml-file')).to.equal('Manjka pošiljatelj (glava From).');
    // The script asks for JSON: the reason comes as the API's error shape, nothing stored either
    const asScript = await upload(agent, csrf, 'ni-eml.eml').set('accept', 'application/json');
    expect(asScript.status).to.equal(422);
    expect(asScript.body).to.deep.equal({ error: { message: 'Datoteka nima glave e-poštnega sporočila (npr. From:, Date:).' } });
    // Without the token in the header, nothing happens
    const forged = await agent.post('/intake/emails').set('content-type', 'message/rfc822').send(fixture('zahteva-seznanitev.eml'));
    expect(forged.status).to.equal(403);
    expect(await drafts(desk)).to.deep.equal([]);
  });

  it('Scenario: without the script, the pasted source of a signed message becomes a draft; its signature is noted; empty or not an e-mail says why', async () => {
    desk = await openDesk();
    const { agent, csrf } = await signedIn(desk, 'dpo');
    const empty = await agent.post('/intake/emails').type('form').send(browserForm({ _csrf: csrf, eml: '  ' }));
    expect(empty.status).to.equal(422);
    expect(errorOf(empty.text, 'eml')).to.equal('Prilepite izvorno besedilo sporočila ali izberite datoteko .eml.');
    const prose = await agent.post('/intake/emails').type('form').send(browserForm({ _csrf: csrf, eml: 'Spoštovani, prosim za izpis mojih podatkov.' }));
    expect(prose.status).to.equal(422);
    expect(errorOf(prose.text, 'eml')).to.include('nima glave');
    expect(prose.text).to.include('Spoštovani, prosim za izpis mojih podatkov.</textarea>');

    const res = await agent.post('/intake/emails').type('form').send(browserForm({ _csrf: csrf, eml: fixture('podpisana-smime.eml').toString('utf8') }));
    expect(res.status, res.text.slice(0, 1500)).to.equal(303);
    const id = draftIdOf(res.headers.location)!;
    const page = await agent.get(`/intake/emails/${id}`);
    expect(page.text).to.include('Marko Žagar').and.include('OEMB@zzzs.si').and.include('podpisano s S/MIME');
    // Discarded: gone from the list, kept as discarded
    const discarded = await agent.post(`/intake/emails/${id}/discard`).type('form').send(browserForm({ _csrf: csrf }));
    expect(discarded.status).to.equal(303);
    expect(discarded.headers.location).to.equal('/intake/emails?notice=discarded');
    expect((await agent.get(discarded.headers.location)).text).to.include('Sporočilo je zavrženo').and.include('id="drafts-empty"');
    expect((await desk.call('get', '/api/v1/intake/drafts?status=discarded', undefined, desk.clerk)).body.items).to.have.length(1);
    expect((await agent.post(`/intake/emails/${id}/discard`).type('form').send(browserForm({ _csrf: csrf }))).status).to.equal(409);
  });

  it('Scenario: only the clerk and the DPO take in e-mails; signed out goes to sign-in; an unknown draft is 404', async () => {
    desk = await openDesk();
    for (const role of ['records_owner', 'auditor']) {
      const { agent, csrf } = await signedIn(desk, role);
      expect((await agent.get('/intake/emails')).status).to.equal(403);
      expect((await upload(agent, csrf, 'zahteva-seznanitev.eml')).status).to.equal(403);
    }
    expect(await drafts(desk)).to.deep.equal([]);
    expect((await request(desk.app).get('/intake/emails')).status).to.equal(303);
    const { agent } = await signedIn(desk, 'clerk');
    expect((await agent.get('/intake/emails/00000000-0000-0000-0000-000000000000')).status).to.equal(404);
    expect((await agent.get('/intake/emails/00000000-0000-0000-0000-000000000000/original.eml')).status).to.equal(404);
  });
});
