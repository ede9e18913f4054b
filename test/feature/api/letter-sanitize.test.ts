import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { LETTER_CSP } from '../../../src/letters/sanitize.js';
import { LetterEntity, type LetterRow } from '../../../src/persistence/entities/index.js';
import { letterMailEffect } from '../../../src/requests/letterMail.js';
import type { Mailer } from '../../../src/mail/transport.js';
import { openDesk, type Desk } from '../../support/requests.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { signedIn } from '../../support/web.js';
import { ATTACKS, externalReferences } from '../../unit/letters/attacks.js';
import { register } from '../requests/support.js';

const LETTERS_DIR = path.join(PROJECT_ROOT, 'views', 'letters');
const file = (f: string) => fs.readFileSync(path.join(LETTERS_DIR, f), 'utf8');
const PASSWORD = 'correct horse battery staple';

const head = ATTACKS.filter((a) => a.where === 'head').map((a) => a.html).join('\n');
const body = ATTACKS.filter((a) => a.where === 'body').map((a) => a.html).join('\n');
const plantedLayout = () => file('layout.hbs').replace('</head>', `${head}\n</head>`);
const plantedAcknowledgement = () => `${file('acknowledgement.hbs')}\n${body}\n`;

describe('Issue 10 #7 Feature: letters stay inside, whatever their templates say', function () {
  this.timeout(60_000);
  let desk: Desk;
  beforeEach(async () => (desk = await openDesk()));
  afterEach(async () => desk.close());

  it('Scenario: the template route refuses every attack class with 422 (early feedback), and nothing is saved', async () => {
    const username = `legal-${Math.random().toString(36).slice(2, 8)}`;
    expect((await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles: ['legal'] }, desk.admin)).status).to.equal(201);
    const legal = (await desk.call('post', '/api/v1/auth/token', { username, password: PASSWORD })).body.token as string;
    for (const attack of ATTACKS) {
      const [name, source] = attack.where === 'head'
        ? ['layout', file('layout.hbs').replace('</head>', `${attack.html}\n</head>`)]
        : ['acknowledgement', `${file('acknowledgement.hbs')}\n${attack.html}\n`];
      const res = await desk.call('post', `/api/v1/letter-templates/${name}`, { source, note: attack.name }, legal);
      expect(res.status, `${attack.name}: ${JSON.stringify(res.body)}`).to.equal(422);
      expect(res.body.error.details[0].path).to.equal('source');
    }
    const versions = await desk.call('get', '/api/v1/letter-templates/acknowledgement', undefined, legal);
    expect(versions.body.versions).to.have.length(1);
  });

  it('Scenario: templates planted straight into the store (past the policy): the stored, shown and e-mailed letter has no external reference; the letter pages send the strict CSP', async () => {
    const store = desk.requests.deps.letters.store!;
    const now = desk.system.clock.now();
    await store.deploy('layout', plantedLayout(), 'attacker', 'mimo pravil', now);
    await store.deploy('acknowledgement', plantedAcknowledgement(), 'attacker', 'mimo pravil', now);
    expect(await desk.requests.deps.letters.refresh(true)).to.equal(true);

    const view = await register(desk);
    const ack = view.letters.find((l: { kind: string }) => l.kind === 'acknowledgement') as { id: string };
    const row = await desk.system.db.read((m) => m.getRepository(LetterEntity).findOneByOrFail({ id: ack.id })) as LetterRow;
    expect(externalReferences(row.html), row.html).to.deep.equal([]);
    // The letter is still the letter: the planted templates did render (their text is there), only the outside references went.
    expect(row.html).to.include('Potrdilo o prejemu zahteve').and.include('povezava').and.include('klik');

    const api = await desk.call('get', `/api/v1/requests/${view.id}/letters/${ack.id}`).set('accept', 'text/html');
    expect(api.status).to.equal(200);
    expect(api.headers['content-security-policy']).to.equal(LETTER_CSP);
    expect(externalReferences(api.text)).to.deep.equal([]);

    const web = await signedIn(desk, 'clerk');
    for (const url of [`/requests/${view.id}/letters/${ack.id}`, `/requests/${view.id}/letters/${ack.id}/download`]) {
      const page = await web.agent.get(url);
      expect(page.status, url).to.equal(200);
      expect(page.headers['content-security-policy'], url).to.equal(LETTER_CSP);
    }

    // The e-mail carries the same sanitized HTML (and its plain-text part and PDF are made from it).
    const sent: Parameters<Mailer['send']>[0][] = [];
    const mailer = { send: async (m: Parameters<Mailer['send']>[0]) => { sent.push(m); return { messageId: '<x@zzzs.si>', response: '250 OK' }; } } as unknown as Mailer;
    const effect = letterMailEffect(desk.requests.deps, mailer, 'dpo@zzzs.si');
    await effect.perform({ letter: row } as never);
    expect(sent).to.have.length(1);
    expect(externalReferences(sent[0]!.html)).to.deep.equal([]);
  });

  it('Scenario: a letter stored before the sanitizer (its HTML written into the table) is e-mailed sanitized', async () => {
    const view = await register(desk);
    const ack = view.letters.find((l: { kind: string }) => l.kind === 'acknowledgement') as { id: string };
    const row = await desk.system.db.read((m) => m.getRepository(LetterEntity).findOneByOrFail({ id: ack.id })) as LetterRow;
    const old = { ...row, html: row.html.replace('</head>', `${head}</head>`).replace('</main>', `${body}</main>`) };
    expect(externalReferences(old.html)).to.not.deep.equal([]);
    const sent: { html: string; text: string }[] = [];
    const mailer = { send: async (m: { html: string; text: string }) => { sent.push(m); return { messageId: '<y@zzzs.si>', response: '250 OK' }; } } as unknown as Mailer;
    await letterMailEffect(desk.requests.deps, mailer, 'dpo@zzzs.si').perform({ letter: old } as never);
    expect(externalReferences(sent[0]!.html), sent[0]!.html).to.deep.equal([]);
    expect(sent[0]!.text).to.not.include('evil.example');
    expect(sent[0]!.html).to.include('Potrdilo o prejemu zahteve');
  });
});
