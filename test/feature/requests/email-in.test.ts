import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

const fixture = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'eml', name));

describe('Feature: e-mail requests arrive as .eml files and become draft registrations (N2.1, issue 6)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  const drop = (name: string, token?: string) => desk.call('post', '/api/v1/intake/emails', undefined, token ?? desk.clerk).set('content-type', 'message/rfc822').send(fixture(name));

  it('N2.1 Scenario: a Slovenian multipart e-mail with an attachment: sender, time, mailbox, text and the file are kept; the clerk confirms it', async () => {
    desk = await openDesk();
    const res = await drop('zahteva-seznanitev.eml');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const d = res.body;
    // Issue 10 #9: received when our server got it (the upload); the sender's Date: is kept as claimed
    expect(d).to.deep.include({ status: 'draft', mailbox: 'dpo@zzzs.si', subject: 'Zahteva za seznanitev z osebnimi podatki', receivedAt: '2026-03-02T11:00:00.000Z', claimedAt: '2026-03-02T08:41:07.000Z', signature: null });
    expect(d.sender).to.deep.equal({ email: 'ziva.cucek@example.si', name: 'Živa Čuček Šušteršič' });
    expect(d.text).to.include('zahtevam seznanitev').and.include('Ščitarjevo 3').and.include('Živa Čuček Šušteršič');
    expect(d.attachments).to.have.length(1);
    expect(d.attachments[0]).to.deep.include({ filename: 'osebna-izkaznica.pdf', contentType: 'application/pdf' });
    expect(d.attachments[0].sha256).to.match(/^[0-9a-f]{64}$/);
    expect(d.proposal).to.deep.include({ channel: 'email', mailbox: 'dpo@zzzs.si', receivedAt: '2026-03-02T11:00:00.000Z' });
    expect(d.proposal.subject).to.deep.equal({ firstName: 'Živa', lastName: 'Čuček Šušteršič', email: 'ziva.cucek@example.si' });
    // The same message again is the same draft, not a second one
    const again = await drop('zahteva-seznanitev.eml');
    expect(again.status).to.equal(200);
    expect(again.body.id).to.equal(d.id);
    // The original, attachments and all, can be downloaded as it arrived
    const raw = await desk.call('get', `/api/v1/intake/drafts/${d.id}/raw`, undefined, desk.clerk);
    expect(raw.status).to.equal(200);
    expect(raw.headers['content-type']).to.match(/^message\/rfc822/);
    expect(raw.text ?? String(raw.body)).to.include('osebna-izkaznica.pdf');
    // The clerk completes the proposal and registers it
    const input = { ...d.proposal, rights: ['access'], subject: { ...d.proposal.subject, emso: '0101990505005', address: 'Ščitarjevo 3, 1000 Ljubljana' }, acknowledgementRequested: false };
    const reg = await desk.call('post', `/api/v1/intake/drafts/${d.id}/register`, input, desk.clerk);
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    expect(reg.body).to.deep.include({ channel: 'email', mailbox: 'dpo@zzzs.si', receivedAt: '2026-03-02T11:00:00.000Z' });
    expect(reg.body.measures).to.include('zahtevam seznanitev');
    const after = await desk.call('get', `/api/v1/intake/drafts/${d.id}`, undefined, desk.clerk);
    expect(after.body).to.deep.include({ status: 'registered', requestId: reg.body.id });
    expect((await desk.call('get', '/api/v1/intake/drafts', undefined, desk.clerk)).body.items).to.deep.equal([]);
    const twice = await desk.call('post', `/api/v1/intake/drafts/${d.id}/register`, input, desk.clerk);
    expect(twice.status).to.equal(409);
    const trace = await desk.call('get', `/api/v1/requests/${reg.body.id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.map((e: { type: string }) => e.type)).to.include('intake.draft_registered');
  });

  it('N7.2 Scenario: an S/MIME-signed e-mail to a unit mailbox is noted as signed for the identity check; the signature is not a file of the request', async () => {
    desk = await openDesk();
    const res = await drop('podpisana-smime.eml');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.mailbox).to.equal('OEMB@zzzs.si');
    expect(res.body.signature.kind).to.equal('smime');
    expect(res.body.signature.note).to.include('kvalificiran');
    expect(res.body.attachments).to.deep.equal([]);
    expect(res.body.text).to.include('Marko Žagar');
    // Noted, not assumed: the clerk says whether it is qualified
    expect(res.body.proposal.identityEvidence).to.deep.equal({ qualifiedSignature: false, idDocumentSeen: false });
  });

  it('Scenario: an e-mail in windows-1250 keeps č, š, ž', async () => {
    desk = await openDesk();
    const res = await drop('windows-1250.eml');
    expect(res.status).to.equal(201);
    expect(res.body.sender.name).to.equal('Tomaž Šorli');
    expect(res.body.text).to.include('priimka v Čeč').and.include('Tomaž Šorli');
    expect(res.body.mailbox).to.equal('DI@zzzs.si');
    const raw = await desk.call('get', `/api/v1/intake/drafts/${res.body.id}/raw`, undefined, desk.clerk).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(Buffer.compare(raw.body as Buffer, fixture('windows-1250.eml'))).to.equal(0);
  });

  it('Scenario: a message without a sender, or a file that is not an e-mail, is refused with the reason and nothing is stored', async () => {
    desk = await openDesk();
    const noFrom = await drop('brez-posiljatelja.eml');
    expect(noFrom.status).to.equal(422);
    expect(noFrom.body.error.details).to.deep.equal([{ path: 'eml', message: 'Manjka pošiljatelj (glava From).' }]);
    const png = await drop('ni-eml.eml');
    expect(png.status).to.equal(422);
    expect(png.body.error.details[0].message).to.include('nima glave');
    const wrongType = await desk.call('post', '/api/v1/intake/emails', { eml: 'x' }, desk.clerk);
    expect(wrongType.status).to.equal(422);
    expect((await desk.call('get', '/api/v1/intake/drafts', undefined, desk.clerk)).body.items).to.deep.equal([]);
    expect((await drop('zahteva-seznanitev.eml', desk.owner)).status).to.equal(403);
  });

  it('Scenario: a misdirected message is discarded and kept', async () => {
    desk = await openDesk();
    const d = (await drop('windows-1250.eml')).body;
    const res = await desk.call('post', `/api/v1/intake/drafts/${d.id}/discard`, {}, desk.clerk);
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('discarded');
    expect((await desk.call('get', '/api/v1/intake/drafts?status=discarded', undefined, desk.clerk)).body.items).to.have.length(1);
  });
});
