import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LetterRenderer } from '../../../src/letters/render.js';
import { LETTER_FIELDS, type FieldDoc } from '../../../src/letters/templatePolicy.js';
import { AuditEventEntity, LetterEntity, LetterTemplateEntity, type LetterRow } from '../../../src/persistence/entities/index.js';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { letterText, register, toDecide, type View } from '../requests/support.js';

const PASSWORD = 'correct horse battery staple';
const LETTERS_DIR = path.join(PROJECT_ROOT, 'views', 'letters');
const file = (f: string) => fs.readFileSync(path.join(LETTERS_DIR, f), 'utf8');

const OLD_SENTENCE = 'Potrdilo izdajamo na vašo željo (42. člen Uredbe o upravnem poslovanju).';
const NEW_SENTENCE = 'Potrdilo vam pošiljamo, ker ste ga želeli (42. člen Uredbe o upravnem poslovanju); shranite ga.';

async function legalToken(desk: Desk): Promise<string> {
  const username = `legal-${Math.random().toString(36).slice(2, 8)}`;
  const created = await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles: ['legal'] }, desk.admin);
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const token = await desk.call('post', '/api/v1/auth/token', { username, password: PASSWORD });
  return token.body.token as string;
}

const letterRow = (desk: Desk, id: string) => desk.system.db.read((m) => m.getRepository(LetterEntity).findOneByOrFail({ id })) as Promise<LetterRow>;
const letterOf = (view: View, kind: string) => [...view.letters].reverse().find((l: { kind: string }) => l.kind === kind) as { id: string };

describe('Feature: letter templates are versioned data, edited by the legal department (issue 7 item 4)', () => {
  let desk: Desk;
  let legal: string;
  beforeEach(async () => {
    desk = await openDesk();
    legal = await legalToken(desk);
  });
  afterEach(async () => desk.close());

  it('Scenario: at start the files of views/letters are version 1 of each template, by "system", audited', async () => {
    const list = await desk.call('get', '/api/v1/letter-templates', undefined, legal);
    expect(list.status).to.equal(200);
    expect(list.body.items.map((t: { name: string }) => t.name)).to.deep.equal([
      'acknowledgement', 'remedy_request', 'dismissal', 'extension_notice', 'decision', 'clarification_answer', 'recipient_notification', 'layout', 'letterhead', 'signature',
    ]);
    for (const t of list.body.items) expect(t, t.name).to.deep.include({ version: 1, author: 'system' });
    expect(list.body.items.find((t: { name: string }) => t.name === 'letterhead')).to.deep.include({ type: 'partial', file: 'views/letters/partials/letterhead.hbs', title: 'Glava dopisa' });

    const one = await desk.call('get', '/api/v1/letter-templates/decision', undefined, desk.dpo);
    expect(one.status).to.equal(200);
    expect(one.body.source).to.equal(file('decision.hbs'));
    expect(one.body.versions).to.have.length(1);
    expect(one.body.fields.map((f: { name: string }) => f.name)).to.include('caseNumber').and.include('recipient').and.not.include('body');
    const audit = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findBy({ type: 'templates.deployed' }));
    expect(audit).to.have.length(10);
    expect(audit.every((a) => a.actor === 'system')).to.equal(true);

    expect((await desk.call('get', '/api/v1/letter-templates/nope', undefined, legal)).status).to.equal(404);
    expect((await desk.call('get', '/api/v1/letter-templates', undefined, desk.clerk)).status).to.equal(403);
    const doc = await desk.call('get', '/api/v1/openapi.json');
    for (const [m, p] of [['get', '/letter-templates'], ['get', '/letter-templates/{name}'], ['get', '/letter-templates/{name}/versions/{version}'], ['post', '/letter-templates/{name}'], ['post', '/letter-templates/{name}/preview']]) {
      expect(doc.body.paths[p!]?.[m!], `${m} ${p} in the OpenAPI document`).to.exist;
    }
  });

  it('X4 Scenario: a letter already issued keeps its HTML, hash and template version; a new letter shows the new text and a new template version', async () => {
    const first = await register(desk);
    const oldLetter = await letterRow(desk, letterOf(first, 'acknowledgement').id);
    expect(oldLetter.html).to.include(OLD_SENTENCE);
    const oldHtml = await letterText(desk, first, 'acknowledgement');

    const source = file('acknowledgement.hbs').replace(OLD_SENTENCE, NEW_SENTENCE);
    const saved = await desk.call('post', '/api/v1/letter-templates/acknowledgement', { source, note: 'Prijaznejši stavek o potrdilu' }, legal);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    expect(saved.body).to.deep.include({ name: 'acknowledgement', version: 2, created: true });

    const second = await register(desk);
    const newLetter = await letterRow(desk, letterOf(second, 'acknowledgement').id);
    expect(newLetter.html).to.include(NEW_SENTENCE).and.not.include(OLD_SENTENCE);
    expect(newLetter.templateVersion).to.match(/^[0-9a-f]{16}$/).and.not.equal(oldLetter.templateVersion);

    // The old letter, in the database and through the API, is exactly as it was issued
    const again = await letterRow(desk, oldLetter.id);
    expect({ html: again.html, sha256: again.sha256, templateVersion: again.templateVersion }).to.deep.equal({ html: oldLetter.html, sha256: oldLetter.sha256, templateVersion: oldLetter.templateVersion });
    expect(await letterText(desk, first, 'acknowledgement')).to.equal(oldHtml);

    // Each letter's template version names the template versions that rendered it
    const store = desk.requests.deps.letters.store!;
    expect((await store.resolve('acknowledgement', oldLetter.templateVersion)).map((s) => [s.kindVersion, s.layoutVersion])).to.deep.equal([[1, 1]]);
    expect((await store.resolve('acknowledgement', newLetter.templateVersion)).map((s) => [s.kindVersion, s.layoutVersion])).to.deep.equal([[2, 1]]);
    const detail = await desk.call('get', '/api/v1/letter-templates/acknowledgement', undefined, legal);
    expect(detail.body.versions.map((v: { version: number; letters: number; author: string; note: string }) => [v.version, v.letters, v.note])).to.deep.equal([
      [2, 1, 'Prijaznejši stavek o potrdilu'], [1, 1, 'Iz datoteke views/letters/acknowledgement.hbs'],
    ]);
    expect(detail.body.versions[0].author).to.match(/^legal-/);
    const audit = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findBy({ type: 'templates.deployed' }));
    const mine = audit.filter((a) => a.actor !== 'system');
    expect(mine).to.have.length(1);
    expect(JSON.parse(mine[0]!.data)).to.deep.include({ name: 'acknowledgement', version: 2, note: 'Prijaznejši stavek o potrdilu', previousVersion: 1 });
  });

  it('Scenario: the same text again is no new version (200); a rollback saves an old text as the newest version, and new letters render as before', async () => {
    const source = file('acknowledgement.hbs').replace(OLD_SENTENCE, NEW_SENTENCE);
    expect((await desk.call('post', '/api/v1/letter-templates/acknowledgement', { source, note: 'sprememba' }, legal)).status).to.equal(201);
    const same = await desk.call('post', '/api/v1/letter-templates/acknowledgement', { source: source.replace(/\n/g, '\r\n'), note: 'še enkrat' }, legal);
    expect(same.status).to.equal(200);
    expect(same.body).to.deep.include({ version: 2, created: false });

    const before = await register(desk);
    const back = await desk.call('post', '/api/v1/letter-templates/acknowledgement', { restoreVersion: 1, note: 'Vrnitev: stavek ostaja, kot je bil' }, legal);
    expect(back.status, JSON.stringify(back.body)).to.equal(201);
    expect(back.body.version).to.equal(3);
    const v3 = await desk.call('get', '/api/v1/letter-templates/acknowledgement/versions/3', undefined, legal);
    expect(v3.body).to.deep.include({ restoredFrom: 1, source: file('acknowledgement.hbs') });
    const after = await register(desk);
    const newLetter = await letterRow(desk, letterOf(after, 'acknowledgement').id);
    expect(newLetter.html).to.include(OLD_SENTENCE);
    // The same texts render the same template version as the seeded one (and as letters before templates were data)
    const seeded = new LetterRenderer(LETTERS_DIR).render('acknowledgement', {});
    expect(newLetter.templateVersion).to.equal(seeded.templateVersion);
    expect((await letterRow(desk, letterOf(before, 'acknowledgement').id)).html).to.include(NEW_SENTENCE);
    expect((await desk.call('get', '/api/v1/letter-templates/acknowledgement/versions/9', undefined, legal)).status).to.equal(404);
    expect((await desk.call('post', '/api/v1/letter-templates/acknowledgement', { restoreVersion: 9, note: 'x' }, legal)).status).to.equal(404);
  });

  it('Scenario: a text that breaks the policy is refused with each issue\'s line and column; nothing is saved', async () => {
    const source = file('decision.hbs').replace('<p>{{reasoning}}</p>', '<p>{{{reasoning}}}</p>').replace('{{caseNumber}}', '{{caseNumbr}}');
    const res = await desk.call('post', '/api/v1/letter-templates/decision', { source, note: 'poskus' }, legal);
    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('validation_failed');
    const line = file('decision.hbs').split('\n').findIndex((l) => l.includes('<p>{{reasoning}}</p>')) + 1;
    expect(res.body.error.details).to.deep.include({ path: 'source', message: `vrstica ${line}, stolpec 4: neubežan izpis ({{{ … }}} ali {{& … }}) ni dovoljen: besedilo iz zadeve bi lahko postalo HTML; uporabite dvojne zavite oklepaje {{ … }}` });
    expect(res.body.error.details.map((d: { message: string }) => d.message).join('\n')).to.include('polje »caseNumbr« ne obstaja v modelu dopisa (ste mislili »caseNumber«?)');
    for (const bad of ['<script>alert(1)</script>', '<p onclick="x">x</p>', '<a href="javascript:x">x</a>', '<img src="https://example.com/x.png">', '{{lookup recipient "name"}}', '{{#> letterhead}}x{{/letterhead}}']) {
      const r = await desk.call('post', '/api/v1/letter-templates/decision', { source: bad, note: 'poskus' }, legal);
      expect(r.status, bad).to.equal(422);
      expect(r.body.error.details[0].message, bad).to.match(/^vrstica \d+, stolpec \d+: /);
    }
    const noNote = await desk.call('post', '/api/v1/letter-templates/decision', { source: file('decision.hbs') + '<p>x</p>\n' }, legal);
    expect(noNote.status).to.equal(422);
    expect(noNote.body.error.details.map((d: { path: string }) => d.path)).to.include('note');
    expect((await desk.call('post', '/api/v1/letter-templates/decision', { source: 'x', note: 'x' }, desk.dpo)).status).to.equal(403);
    expect((await desk.call('post', '/api/v1/letter-templates/memo', { source: 'x', note: 'x' }, legal)).status).to.equal(404);
    const detail = await desk.call('get', '/api/v1/letter-templates/decision', undefined, legal);
    expect(detail.body.versions).to.have.length(1);
  });

  it('Scenario: the preview renders an unsaved text on the fictitious sample case (č, š, ž), or says what is wrong', async () => {
    const source = file('decision.hbs').replace('<h2>Obrazložitev</h2>', '<h2>Obrazložitev odločitve</h2>');
    const res = await desk.call('post', '/api/v1/letter-templates/decision/preview', { source }, legal);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.html).to.include('Obrazložitev odločitve').and.include('Živa Čuček Šušteršič').and.include('Ščitarjevo 3').and.include('pristojbino v znesku 1,20 EUR');
    expect(res.body.html).to.include('zoper to odločitev lahko v 15 dneh');
    const granted = await desk.call('post', '/api/v1/letter-templates/decision/preview', { source, sample: 'email' }, legal);
    expect(granted.body.html).to.include('Matjaž Žagar').and.include('če se z odgovorom ne strinjate').and.not.include('pristojbino');
    const layout = await desk.call('post', '/api/v1/letter-templates/layout/preview', { source: file('layout.hbs').replace('<main>', '<main>\n<p>POSKUSNA POSTAVITEV</p>'), kind: 'dismissal' }, legal);
    expect(layout.body.kind).to.equal('dismissal');
    expect(layout.body.html).to.include('POSKUSNA POSTAVITEV').and.include('Sklep o zavrženju zahteve');
    const bad = await desk.call('post', '/api/v1/letter-templates/decision/preview', { source: '<p>\n{{{reasoning}}}</p>' }, legal);
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0]).to.deep.include({ path: 'source' });
    expect(bad.body.error.details[0].message).to.match(/^vrstica 2, stolpec 1: neubežan izpis/);
    // Nothing was saved by previewing
    expect((await desk.call('get', '/api/v1/letter-templates/decision', undefined, legal)).body.version).to.equal(1);
  });

  it('Scenario: a new layout changes every new letter; a decision letter shows the new sentence', async () => {
    const view = await toDecide(desk);
    const layout = file('layout.hbs').replace('{{> signature}}', '{{> signature}}\n<p class="contact">Dopis je izdelan v informacijskem sistemu Zavoda.</p>');
    expect((await desk.call('post', '/api/v1/letter-templates/layout', { source: layout, note: 'Opomba o izdelavi' }, legal)).status).to.equal(201);
    const decided = await desk.complete(view.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Posredujemo vam izpis vaših podatkov.' });
    expect(await letterText(desk, decided, 'decision')).to.include('Dopis je izdelan v informacijskem sistemu Zavoda.');
    expect(await letterText(desk, decided, 'acknowledgement')).to.not.include('Dopis je izdelan');
    const counts = await desk.call('get', '/api/v1/letter-templates/layout', undefined, legal);
    expect(counts.body.versions.map((v: { version: number; letters: number }) => [v.version, v.letters])).to.deep.equal([[2, 1], [1, 1]]);
  });

  it('Scenario: another server process on the same database picks up a save; a restart seeds only changed files', async () => {
    const other = new LetterRenderer(LETTERS_DIR, { db: desk.system.db, clock: desk.system.clock, refreshMs: 0 });
    await other.ready;
    expect(await other.refresh()).to.equal(false);
    const source = file('acknowledgement.hbs').replace(OLD_SENTENCE, NEW_SENTENCE);
    expect((await desk.call('post', '/api/v1/letter-templates/acknowledgement', { source, note: 'sprememba' }, legal)).status).to.equal(201);
    expect(await other.refresh()).to.equal(true);
    expect(other.render('acknowledgement', { caseNumber: 'X' }).html).to.include(NEW_SENTENCE);
    expect(other.render('acknowledgement', {}).versions).to.deep.equal({ template: 2, layout: 1, letterhead: 1, signature: 1 });

    // A restart with the same files adds nothing (the editor's version 2 stays in force) …
    const count = () => desk.system.db.read((m) => m.getRepository(LetterTemplateEntity).count());
    expect(await count()).to.equal(11);
    await new LetterRenderer(LETTERS_DIR, { db: desk.system.db, refreshMs: 0 }).ready;
    expect(await count()).to.equal(11);
    expect(desk.requests.deps.letters.render('acknowledgement', {}).html).to.include(NEW_SENTENCE);
    // … a release with a changed file makes that file the newest version, by "system"
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letters-'));
    try {
      fs.cpSync(LETTERS_DIR, dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'partials', 'signature.hbs'), file('partials/signature.hbs').replace('Lep pozdrav,', 'S spoštovanjem,'));
      const restarted = new LetterRenderer(dir, { db: desk.system.db, clock: desk.system.clock, refreshMs: 0 });
      await restarted.ready;
      expect(await count()).to.equal(12);
      const sig = await desk.call('get', '/api/v1/letter-templates/signature', undefined, legal);
      expect(sig.body).to.deep.include({ version: 2, author: 'system', note: 'Iz datoteke views/letters/partials/signature.hbs' });
      expect(restarted.render('acknowledgement', {}).html).to.include('S spoštovanjem,').and.include(NEW_SENTENCE);
      // A file that breaks the policy stops the start
      fs.writeFileSync(path.join(dir, 'decision.hbs'), '<p>{{{reasoning}}}</p>');
      expect(() => new LetterRenderer(dir, { db: desk.system.db, refreshMs: 0 })).to.throw(/decision\.hbs breaks the letter template policy: vrstica 1, stolpec 4/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Scenario: the fields the editor knows are the fields real letters are rendered with', async () => {
    const letters = desk.requests.deps.letters;
    const models: Record<string, unknown>[] = [];
    const render = letters.render.bind(letters);
    letters.render = (kind, model) => {
      models.push(model);
      return render(kind, model);
    };
    const view = await toDecide(desk, { acknowledgementRequested: true });
    await desk.complete(view.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Ugodeno.' });
    const viaPost = await register(desk, requestBody({ channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:00:00+01:00' }));
    expect(viaPost.letters).to.have.length(1);
    expect(models.length).to.be.at.least(3);
    const known = (fields: readonly FieldDoc[], value: Record<string, unknown>, where: string) => {
      for (const [key, v] of Object.entries(value)) {
        const f = fields.find((x) => x.name === key);
        expect(f, `${where}${key} is in LETTER_FIELDS`).to.exist;
        if (f!.type === 'group' && v && typeof v === 'object') known(f!.fields ?? [], v as Record<string, unknown>, `${where}${key}.`);
      }
    };
    for (const m of models) known(LETTER_FIELDS, m, '');
    // and every common field is in every model
    const common = LETTER_FIELDS.filter((f) => !f.only && !['sender', 'ipAddress'].includes(f.name)).map((f) => f.name);
    for (const m of models) expect(Object.keys(m)).to.include.members(common);
  });
});
