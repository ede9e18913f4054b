import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { toDecide, type View } from './support.js';

/** pdftotext -layout of a PDF, whitespace collapsed; fails (never skips) without poppler-utils. */
function pdfText(pdf: Buffer): string {
  if (spawnSync('pdftotext', ['-v']).error) throw new Error('pdftotext not found: run `apt-get install -y poppler-utils` to run the PDF tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letter-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'letter.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The response body as bytes, whatever its type. */
const bytes = (t: request.Test) => t.buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});

describe('Feature: a letter printed as an A4 PDF (issue 6, paper out)', () => {
  let desk: Desk;
  beforeEach(async () => (desk = await openDesk()));
  afterEach(async () => desk.close());

  const letterOf = (view: View, kind: string) => view.letters.find((l: { kind: string }) => l.kind === kind) as { id: string; documentNumber: string };

  it('X4 Scenario: the acknowledgement and the decision of a paper request as PDF: A4, the case number, the person\'s name with č, š, ž, the legal instruction', async () => {
    const subject = { firstName: 'Živa', lastName: 'Čuček Šušteršič', emso: '0101990505005', taxNumber: '50223054', address: 'Ščitarjevo 3, 1000 Ljubljana' };
    const v = await toDecide(desk, { channel: 'post', mailbox: undefined, subject });
    const decided = await desk.complete(v.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Posredujemo vam izpis vaših podatkov iz zbirke obveznega zdravstvenega zavarovanja.' });

    const ack = letterOf(decided, 'acknowledgement');
    const res = await bytes(desk.call('get', `/api/v1/requests/${v.id}/letters/${ack.id}`).set('accept', 'application/pdf'));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/pdf/);
    expect(res.headers['content-disposition']).to.match(/^inline; filename="[0-9A-Za-z_-]+\.pdf"$/);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(pdf.toString('latin1')).to.include('/MediaBox [0 0 595.28 841.89]');
    const text = pdfText(pdf);
    expect(text).to.include(`zadeva ${v.caseNumber}`).and.include(`Zadevo vodimo pod številko ${v.caseNumber}`).and.include(`Številka: ${ack.documentNumber}`);
    expect(text).to.include('Živa Čuček Šušteršič').and.include('Ščitarjevo 3').and.include('Potrdilo o prejemu zahteve').and.include('stran 1 od 1');

    const decision = letterOf(decided, 'decision');
    const d = await bytes(desk.call('get', `/api/v1/requests/${v.id}/letters/${decision.id}`).set('accept', 'application/pdf'));
    expect(d.status).to.equal(200);
    const dText = pdfText(d.body as Buffer);
    expect(dText).to.include(`Odločitev o zahtevi — zadeva ${v.caseNumber}`).and.include('Zahtevi se ugodi.').and.include('Posredujemo vam izpis vaših podatkov');
    expect(dText).to.include('Pravni pouk').and.include('Informacijskem pooblaščencu').and.include('Pooblaščena oseba za varstvo osebnih podatkov');

    // The same letter again: the same bytes (a stored or attached PDF keeps its hash); HTML is still the default.
    const again = await bytes(desk.call('get', `/api/v1/requests/${v.id}/letters/${ack.id}`).set('accept', 'application/pdf'));
    expect((again.body as Buffer).equals(pdf)).to.equal(true);
    const html = await desk.call('get', `/api/v1/requests/${v.id}/letters/${ack.id}`).set('accept', 'text/html');
    expect(html.headers['content-type']).to.match(/^text\/html/);
    expect(html.text).to.include('Živa Čuček Šušteršič');
  });

  it('Issue 10 #8 Scenario: a decision whose reasoning is one 20,000-character word: its PDF has the whole word, wrapped, and /healthz answers while it is laid out', async function () {
    this.timeout(60_000);
    const word = 'Ščž0123456789'.repeat(2000).slice(0, 20_000);
    const v = await toDecide(desk, { channel: 'post', mailbox: undefined });
    const decided = await desk.complete(v.id, 'decide', { outcome: 'granted', grounds: [], reasoning: word });
    const decision = letterOf(decided, 'decision');
    const order: string[] = [];
    const pdfCall = bytes(desk.call('get', `/api/v1/requests/${v.id}/letters/${decision.id}`).set('accept', 'application/pdf')).then((r) => {
      order.push('pdf');
      return r;
    });
    const health = await desk.call('get', '/healthz');
    order.push('healthz');
    const res = await pdfCall;
    expect(health.status).to.equal(200);
    expect(order, 'the health check did not wait for the layout').to.deep.equal(['healthz', 'pdf']);
    expect(res.status).to.equal(200);
    // The word's lines (the only long tokens of these characters; page numbers and the address are short), in order.
    const pieces = pdfText(res.body as Buffer).replace(/\u200b/g, '').split(' ').filter((t) => t.length >= 13 && /^[Ščž0-9]+$/.test(t));
    expect(pieces.length, 'wrapped over many lines').to.be.greaterThan(200);
    expect(pieces.join('') === word, 'the whole word, in order').to.equal(true);
  });
});
