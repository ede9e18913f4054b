import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { smtpMailer } from '../../../src/mail/transport.js';
import { JobEntity, LetterEntity } from '../../../src/persistence/entities/index.js';
import { register, toDecide } from './support.js';

describe('Feature: letters to e-mail requests are sent by e-mail (N10.1, N11.1, X4)', () => {
  let desk: Desk;
  let smtp: TestSmtp;
  afterEach(async () => {
    await desk.close();
    await smtp?.close();
  });

  const withSmtp = async () => {
    smtp = await startSmtp();
    desk = await openDesk(undefined, { mail: { mailer: smtpMailer(smtp.url), from: 'dpo@zzzs.si' } });
  };
  const runJobs = () => desk.system.worker.runDue();

  it('N11.1 X4 Scenario: the acknowledgement and the decision arrive at the person\'s address with the case number in the subject, HTML, text and the PDF', async () => {
    await withSmtp();
    const v = await toDecide(desk, { subject: { firstName: 'Živa', lastName: 'Čuček Šušteršič', emso: '0101990505005', email: 'ziva.cucek@example.si', address: 'Ščitarjevo 3, 1000 Ljubljana' } });
    await desk.complete(v.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Posredujemo vam izpis vaših podatkov.' });
    await runJobs();
    expect(smtp.received).to.have.length(2);
    // Both jobs are due at once: they may arrive in either order.
    const bySubject = (start: string) => smtp.received.find((r) => r.mail.subject?.startsWith(start));
    const ack = bySubject('Potrdilo o prejemu');
    const decision = bySubject('Odločitev o zahtevi');
    expect(ack!.envelopeTo).to.deep.equal(['ziva.cucek@example.si']);
    expect(ack!.mail.from?.text).to.equal('dpo@zzzs.si');
    expect(ack!.mail.subject).to.equal(`Potrdilo o prejemu zahteve — zadeva ${v.caseNumber}`);
    expect(decision!.mail.subject).to.include(v.caseNumber);
    expect(decision!.mail.text).to.include('Živa Čuček Šušteršič').and.include('Zahtevi se ugodi.').and.include('Pravni pouk');
    expect(String(decision!.mail.html)).to.include('Posredujemo vam izpis vaših podatkov.');
    expect(decision!.mail.attachments.map((a) => a.contentType)).to.deep.equal(['application/pdf']);
    expect(decision!.mail.attachments[0]!.content.subarray(0, 4).toString()).to.equal('%PDF');
    const view = (await desk.call('get', `/api/v1/requests/${v.id}`)).body;
    const sent = view.letters.find((l: { kind: string }) => l.kind === 'decision');
    expect(sent).to.deep.include({ mailStatus: 'sent', messageId: decision!.mail.messageId });
    expect(sent.sentAt).to.be.a('string');
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    expect(trace.body.events.filter((e: { type: string }) => e.type === 'letter.sent').map((e: { actor: string }) => e.actor)).to.deep.equal(['system', 'system']);
  });

  it('N10.1 Scenario: a request that came on paper is not e-mailed: its letters wait for printing', async () => {
    await withSmtp();
    await register(desk, { channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:00:00+01:00' });
    await runJobs();
    expect(smtp.received).to.have.length(0);
    const letters = await desk.system.db.read((m) => m.getRepository(LetterEntity).find());
    expect(letters.map((l) => l.mailStatus)).to.deep.equal(['print']);
  });

  it('X4 Scenario: a busy mail server: the job is retried and the letter arrives exactly once', async () => {
    await withSmtp();
    smtp.failNext(2);
    await register(desk);
    await runJobs();
    expect(smtp.received).to.have.length(0);
    let letter = (await desk.system.db.read((m) => m.getRepository(LetterEntity).find()))[0]!;
    expect(letter.mailStatus).to.equal('queued');
    expect(letter.mailError).to.include('Try again later');
    // Backoff: the retries come later
    await desk.clockTo('2026-03-02T13:00:00+01:00');
    await desk.clockTo('2026-03-02T15:00:00+01:00');
    expect(smtp.received).to.have.length(1);
    letter = (await desk.system.db.read((m) => m.getRepository(LetterEntity).find()))[0]!;
    expect(letter.mailStatus).to.equal('sent');
    await desk.clockTo('2026-03-03T15:00:00+01:00');
    expect(smtp.received).to.have.length(1);
  });

  it('X4 Scenario: a letter found half-sent after a crash is not sent again: it becomes an incident for a person', async () => {
    await withSmtp();
    await register(desk);
    // As if a worker had marked it and died before recording the result
    await desk.system.db.transaction((tx) => tx.getRepository(LetterEntity).update({ channel: 'email' }, { mailStatus: 'sending' }));
    const run = await runJobs();
    expect(run.incidents).to.equal(1); // at once: retrying cannot tell whether it was sent
    await desk.clockTo('2026-03-05T12:00:00+01:00');
    expect(smtp.received).to.have.length(0);
    const incidents = await desk.call('get', '/api/v1/incidents', undefined, desk.dpo);
    expect(incidents.body.items ?? incidents.body).to.satisfy((items: { lastError: string }[]) => items.some((i) => i.lastError.includes('may already have been sent')));
  });

  it('Scenario: without SMTP the e-mail letters wait in the outbox; no send job is made', async () => {
    smtp = await startSmtp();
    desk = await openDesk();
    await register(desk);
    await runJobs();
    const letters = await desk.system.db.read((m) => m.getRepository(LetterEntity).find());
    expect(letters.map((l) => l.mailStatus)).to.deep.equal(['outbox']);
    expect(await desk.system.db.read((m) => m.getRepository(JobEntity).countBy({ handler: 'sendLetterMail' }))).to.equal(0);
  });
});
