import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { AuditEventEntity, LetterEntity } from '../../../src/persistence/entities/index.js';
import { getView, register, toDecide } from '../requests/support.js';

const form = (csrf: string, fields: Record<string, string> = {}) => new URLSearchParams({ _csrf: csrf, ...fields }).toString();

/** The table row of a letter in a queue. */
const rowOf = (html: string, id: string, prefix = 'letter') => new RegExp(`<tr id="${prefix}-${id}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

/** A PDF's body as bytes (supertest leaves binary bodies alone only when told). */
const binary = (r: request.Test) => r.buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});

function pdfText(pdf: Buffer): string | null {
  try {
    return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
  } catch {
    return null; // poppler-utils not installed: the PDF itself is checked
  }
}

const PAPER = { channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:00:00+01:00', subject: { firstName: 'Žiga', lastName: 'Čebašek', emso: '0101990505005', address: 'Šmartinska cesta 1, 1000 Ljubljana' } };

describe('Feature: the print queue and the outbox pages (issue 6 items 2–3; N10.1, X4)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N10.1 X4 Scenario: a paper decision is opened as PDF, printed, posted and its return receipt entered; the queue follows', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, PAPER);
    const v = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Posredujemo vam izpis vaših podatkov.' });
    const decision = v.letters.find((l: { kind: string }) => l.kind === 'decision');
    const ack = v.letters.find((l: { kind: string }) => l.kind === 'acknowledgement');
    let { agent, csrf, username } = await signedIn(desk, 'clerk');

    const page = await agent.get('/letters');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Tiskanje in oddaja na pošto').and.include('id="print-queue"');
    const row = rowOf(page.text, decision.id);
    expect(row).to.include(`href="/requests/${v.id}"`).and.include(v.caseNumber).and.include('Žiga Čebašek')
      .and.include('Odločitev o zahtevi').and.include(decision.documentNumber).and.include(`href="/letters/${decision.id}.pdf"`)
      .and.include('še ne').and.include(`action="/letters/${decision.id}/printed"`).and.include('value="2026-03-02"');
    expect(rowOf(page.text, ack.id)).to.include('Potrdilo o prejemu zahteve');

    // The PDF, shown in the browser, with č, š, ž intact
    const pdf = await binary(agent.get(`/letters/${decision.id}.pdf`));
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect(pdf.headers['content-disposition']).to.match(/^inline; filename=".+\.pdf"$/);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).to.equal('%PDF-');
    const text = pdfText(pdf.body as Buffer);
    if (text !== null) expect(text).to.include('Čebašek').and.include('Šmartinska');
    const viewed = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findOneBy({ subjectId: v.id, type: 'letter.viewed' }));
    expect(viewed?.actor).to.equal(username);

    // Printed
    const printed = await agent.post(`/letters/${decision.id}/printed`).type('form').send(form(csrf));
    expect(printed.status).to.equal(303);
    expect(printed.headers.location).to.equal('/letters?notice=printed');
    const after = await agent.get(printed.headers.location);
    expect(after.text).to.include('Pismo je označeno kot natisnjeno.');
    expect(rowOf(after.text, decision.id)).to.include('Natisnjeno znova').and.not.include('še ne');

    // Posted: a day in the future is refused next to the field; the right day takes it out of the queue
    await desk.clockTo('2026-03-03T10:00:00+01:00');
    ({ agent, csrf } = await signedIn(desk, 'clerk'));
    const future = await agent.post(`/letters/${decision.id}/posted`).type('form').send(form(csrf, { postedOn: '2026-03-04' }));
    expect(future.status).to.equal(422);
    const futureRow = rowOf(future.text, decision.id);
    expect(futureRow).to.include(`<p class="error" id="posted-${decision.id}-error">Datum oddaje je v prihodnosti.</p>`)
      .and.include('value="2026-03-04"').and.include('aria-invalid="true"');
    expect(future.text).to.include(`href="#posted-${decision.id}"`);
    const garbage = await agent.post(`/letters/${decision.id}/posted`).type('form').send(form(csrf, { postedOn: '3. 3. 2026' }));
    expect(garbage.status).to.equal(422);
    expect(rowOf(garbage.text, decision.id)).to.include('Vpišite veljaven datum oddaje.');
    const posted = await agent.post(`/letters/${decision.id}/posted`).type('form').send(form(csrf, { postedOn: '2026-03-03' }));
    expect(posted.status).to.equal(303);
    const queue = await agent.get('/letters');
    expect(rowOf(queue.text, decision.id)).to.equal('');
    expect(rowOf(queue.text, ack.id)).to.not.equal('');
    const again = await agent.post(`/letters/${decision.id}/posted`).type('form').send(form(csrf, { postedOn: '2026-03-03' }));
    expect(again.status).to.equal(409);
    expect(again.text).to.include('Pismo je že oddano na pošto');

    // The decision now waits for its return receipt
    const waiting = rowOf(queue.text, decision.id, 'delivery');
    expect(waiting).to.include(v.caseNumber).and.include('3. 3. 2026').and.include(`action="/letters/${decision.id}/delivered"`);
    expect(queue.text).to.not.include('Posredujemo vam izpis');
    await desk.clockTo('2026-03-06T10:00:00+01:00');
    ({ agent, csrf } = await signedIn(desk, 'clerk'));
    const early = await agent.post(`/letters/${decision.id}/delivered`).type('form').send(form(csrf, { deliveredOn: '2026-03-07' }));
    expect(early.status).to.equal(422);
    expect(rowOf(early.text, decision.id, 'delivery')).to.include('Datum vročitve je v prihodnosti.');
    const delivered = await agent.post(`/letters/${decision.id}/delivered`).type('form').send(form(csrf, { deliveredOn: '2026-03-05' }));
    expect(delivered.status, delivered.text.slice(0, 2000)).to.equal(303);
    expect(delivered.headers.location).to.equal('/letters?notice=delivered');
    expect((await getView(desk, v.id)).deadlines).to.deep.equal({ clarificationUntil: '2026-03-13' });
    const done = await agent.get('/letters');
    expect(rowOf(done.text, decision.id, 'delivery')).to.equal('');
    const twice = await agent.post(`/letters/${decision.id}/delivered`).type('form').send(form(csrf, { deliveredOn: '2026-03-05' }));
    expect(twice.status).to.equal(409);
    expect(twice.text).to.include('id="conflict"');

    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.filter((e: { type: string }) => e.type.startsWith('letter.p')).map((e: { type: string }) => e.type)).to.deep.equal(['letter.printed', 'letter.posted']);
  });

  it('X4 Scenario: without SMTP_URL, e-mail letters wait in the outbox with their state and the last error in Slovenian; they cannot be posted', async () => {
    desk = await openDesk();
    const v = await register(desk, { subject: { firstName: 'Živa', lastName: 'Čuček', emso: '0101990505005', email: 'ziva.cucek@example.si' } });
    const { agent, csrf } = await signedIn(desk, 'dpo');
    const page = await agent.get('/letters?queue=outbox');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('id="no-smtp"').and.include('SMTP_URL').and.include('E-pošta: odložena pošta');
    const letter = v.letters[0];
    const row = rowOf(page.text, letter.id);
    expect(row).to.include(v.caseNumber).and.include('Živa Čuček').and.include('ziva.cucek@example.si')
      .and.include('Potrdilo o prejemu zahteve').and.include('čaka v odloženi pošti');
    // The print tab does not list it
    expect(rowOf((await agent.get('/letters')).text, letter.id)).to.equal('');

    // A failed send (as the mail job records it): its state and reason in Slovenian, the server's words beside them
    await desk.system.db.transaction((tx) => tx.getRepository(LetterEntity).update({ id: letter.id }, { mailStatus: 'queued', mailError: 'connect ECONNREFUSED 127.0.0.1:2525' }));
    const failed = rowOf((await agent.get('/letters?queue=outbox')).text, letter.id);
    expect(failed).to.include('v vrsti za pošiljanje').and.include('Strežnik SMTP ni dosegljiv').and.include('ECONNREFUSED');

    const posted = await agent.post(`/letters/${letter.id}/posted`).type('form').send(form(csrf, { postedOn: '2026-03-02' }));
    expect(posted.status).to.equal(409);
    expect(posted.text).to.include('To pismo se pošlje po elektronski pošti');
    const printed = await agent.post(`/letters/${letter.id}/printed`).type('form').send(form(csrf));
    expect(printed.status).to.equal(409);
  });

  it('Scenario: only the clerk and the DPO reach the queues and the PDFs; an unknown letter is 404; a form without its token is refused', async () => {
    desk = await openDesk();
    const v = await register(desk, PAPER);
    const letter = v.letters[0];
    for (const role of ['auditor', 'records_owner']) {
      const { agent, csrf } = await signedIn(desk, role);
      expect((await agent.get('/letters')).status).to.equal(403);
      expect((await agent.get(`/letters/${letter.id}.pdf`)).status).to.equal(403);
      expect((await agent.post(`/letters/${letter.id}/printed`).type('form').send(form(csrf))).status).to.equal(403);
    }
    const { agent, csrf } = await signedIn(desk, 'clerk');
    expect((await agent.get('/letters/00000000-0000-0000-0000-000000000000.pdf')).status).to.equal(404);
    expect((await agent.post('/letters/00000000-0000-0000-0000-000000000000/printed').type('form').send(form(csrf))).status).to.equal(404);
    expect((await agent.post(`/letters/${letter.id}/printed`).type('form').send('')).status).to.equal(403);
    const stored = await desk.system.db.read((m) => m.getRepository(LetterEntity).findOneByOrFail({ id: letter.id }));
    expect(stored.printedAt).to.equal(null);
    expect((await request(desk.app).get('/letters')).status).to.equal(303);
  });
});
