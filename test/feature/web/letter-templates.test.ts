import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { AuditEventEntity, LetterTemplateEntity } from '../../../src/persistence/entities/index.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const file = (f: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'views', 'letters', f), 'utf8');

/** Text as Handlebars prints it into a page (the editor's textarea, the preview's srcdoc). */
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x60;/g, '`').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const textareaOf = (html: string) => unescape(/<textarea id="source"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '');
const srcdocOf = (html: string) => unescape(/<iframe id="preview"[^>]*srcdoc="([^"]*)"/.exec(html)?.[1] ?? '');
const rowOf = (html: string, id: string) => new RegExp(`<tr id="${id}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

const OLD = 'Če ste zahtevali pojasnilo, začne rok za pritožbo teči, ko prejmete odgovor na zahtevo za pojasnilo oziroma ko se izteče rok zanj.';
const NEW = 'Pritožbo lahko vložite tudi po elektronski pošti na naslov gp.ip@ip-rs.si.';

describe('Feature: the legal department edits the letters in the browser (issue 7 item 4)', () => {
  let desk: Desk;
  beforeEach(async () => (desk = await openDesk()));
  afterEach(async () => desk.close());

  it('Scenario: the list of templates with version, author and time, for the legal department only', async () => {
    const { agent } = await signedIn(desk, 'legal');
    const home = await agent.get('/');
    expect(home.text).to.include('<a href="/templates">Dopisi</a>');
    const list = await agent.get('/templates');
    expect(list.status).to.equal(200);
    expect(list.text).to.include('<h1>Dopisi: predloge</h1>');
    const decision = rowOf(list.text, 'template-decision');
    expect(decision).to.include('href="/templates/decision"').and.include('Odločitev o zahtevi').and.include('views/letters/decision.hbs')
      .and.include('<td>1</td>').and.include('<td>system</td>').and.include('2. 3. 2026');
    expect(rowOf(list.text, 'template-layout')).to.include('Postavitev dopisa').and.include('postavitev');
    expect(rowOf(list.text, 'template-signature')).to.include('partials/signature.hbs').and.include('delna predloga');

    const clerk = await signedIn(desk, 'clerk');
    expect((await clerk.agent.get('/')).text).to.not.include('href="/templates"');
    expect((await clerk.agent.get('/templates')).status).to.equal(403);
    expect((await clerk.agent.get('/templates/decision')).status).to.equal(403);
    expect((await clerk.agent.post('/templates/decision').type('form').send(form({ _csrf: clerk.csrf, source: 'x', note: 'x', action: 'save' }))).status).to.equal(403);
    expect((await agent.get('/templates/memo')).status).to.equal(404);
  });

  it('Scenario: the editor shows the text, a preview on the sample case, the fields and the versions; the live preview answers in JSON', async () => {
    const { agent, csrf } = await signedIn(desk, 'legal');
    const page = await agent.get('/templates/decision');
    expect(page.status).to.equal(200);
    expect(textareaOf(page.text)).to.equal(file('decision.hbs'));
    expect(page.text).to.include('<script src="/static/template-editor.js" defer></script>');
    expect(page.text).to.include('id="source-ok"').and.include('Shrani novo različico').and.include('Opomba o spremembi');
    const preview = srcdocOf(page.text);
    expect(preview).to.include('<!DOCTYPE html>').and.include('Živa Čuček Šušteršič').and.include('Zahtevi se delno ugodi.').and.include(OLD);
    expect(page.text).to.include('sandbox=""');
    expect(page.text).to.include('<code>recipient.name</code>').and.include('<code>groundsText</code>').and.not.include('<code>recipients[].name</code>');
    expect(rowOf(page.text, 'version-1')).to.include('system').and.include('Iz datoteke views/letters/decision.hbs').and.include('v veljavi');

    const source = file('decision.hbs').replace(OLD, NEW);
    const live = await agent.post('/templates/decision/preview').set('x-csrf-token', csrf).type('form').send(form({ source, sample: 'email' }));
    expect(live.status).to.equal(200);
    expect(live.body.html).to.include(NEW).and.include('Matjaž Žagar').and.not.include(OLD);
    expect(live.body.issues).to.deep.equal([]);
    const bad = await agent.post('/templates/decision/preview').set('x-csrf-token', csrf).type('form').send(form({ source: source.replace('<p>{{reasoning}}</p>', '<p>{{{reasoning}}}</p>') }));
    expect(bad.status, 'issues are the answer of a preview, not a failed request').to.equal(200);
    expect(bad.body).to.deep.include({ ok: false, html: null });
    const line = source.split('\n').findIndex((l) => l.includes('<p>{{reasoning}}</p>')) + 1;
    expect(bad.body.issues).to.have.length(1);
    expect(bad.body.issues[0]).to.deep.include({ line, column: 4 });
    expect(bad.body.issues[0].text).to.match(new RegExp(`^vrstica ${line}, stolpec 4: neubežan izpis`));
    // Without the CSRF token the preview is refused
    expect((await agent.post('/templates/decision/preview').type('form').send(form({ source }))).status).to.equal(403);

    // The layout is previewed inside a letter of one's choice
    const layout = await agent.get('/templates/layout?kind=dismissal');
    expect(layout.text).to.include('<option value="dismissal" selected>').and.include('id="preview-kind">Sklep o zavrženju zahteve');
    expect(srcdocOf(layout.text)).to.include('SKLEP').and.include('se zavrže.');
  });

  it('Scenario: without JavaScript "Predogled" shows the typed text; a triple-stash is refused on save with its line; a save with a note is a new, audited version', async () => {
    const { agent, csrf, username } = await signedIn(desk, 'legal');
    const source = file('decision.hbs').replace(OLD, NEW);
    const shown = await agent.post('/templates/decision').type('form').send(form({ _csrf: csrf, source, note: '', action: 'preview', sample: 'post' }));
    expect(shown.status).to.equal(200);
    expect(textareaOf(shown.text)).to.equal(source);
    expect(srcdocOf(shown.text)).to.include(NEW);

    const stash = source.replace('<p>{{reasoning}}</p>', '<p>{{{reasoning}}}</p>');
    const line = stash.split('\n').findIndex((l) => l.includes('{{{reasoning}}}')) + 1;
    const refused = await agent.post('/templates/decision').type('form').send(form({ _csrf: csrf, source: stash, note: 'Poskus', action: 'save' }));
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include('Predloga ni bila shranjena').and.include(`vrstica ${line}, stolpec 4: neubežan izpis`);
    expect(refused.text).to.include(`data-line="${line}" data-column="4"`);
    expect(textareaOf(refused.text)).to.equal(stash);

    const noNote = await agent.post('/templates/decision').type('form').send(form({ _csrf: csrf, source, note: '  ', action: 'save' }));
    expect(noNote.status).to.equal(422);
    expect(noNote.text).to.include('id="note-error"').and.include('Vpišite opombo o spremembi');
    expect(await desk.system.db.read((m) => m.getRepository(LetterTemplateEntity).countBy({ name: 'decision' }))).to.equal(1);

    // Saved from a browser: the textarea sends CRLF; stored as the file's LF
    const saved = await agent.post('/templates/decision').type('form').send(form({ _csrf: csrf, source: source.replace(/\n/g, '\r\n'), note: 'Pravni pouk: pritožba tudi po e-pošti', action: 'save' }));
    expect(saved.status).to.equal(303);
    expect(saved.headers.location).to.equal('/templates/decision?notice=saved&version=2');
    const after = await agent.get(saved.headers.location);
    expect(after.text).to.include('Nova različica je shranjena').and.include('(različica 2)');
    expect(textareaOf(after.text)).to.equal(source);
    expect(rowOf(after.text, 'version-2')).to.include(username).and.include('Pravni pouk: pritožba tudi po e-pošti').and.include('v veljavi');
    expect(rowOf(after.text, 'version-1')).to.include('href="/templates/decision/versions/1"').and.include('href="/templates/decision?from&#x3D;1"');
    const audit = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findBy({ type: 'templates.deployed', actor: username }));
    expect(audit).to.have.length(1);
    expect(JSON.parse(audit[0]!.data)).to.deep.include({ name: 'decision', version: 2, note: 'Pravni pouk: pritožba tudi po e-pošti' });

    // The same text again is no new version
    const same = await agent.post('/templates/decision').type('form').send(form({ _csrf: csrf, source, note: 'znova', action: 'save' }));
    expect(same.status).to.equal(200);
    expect(same.text).to.include('id="unchanged"');
  });

  it('Scenario: an old version is viewed and saved again as the newest (rollback), from its page or from the editor', async () => {
    const { agent, csrf } = await signedIn(desk, 'legal');
    const source = file('decision.hbs').replace(OLD, NEW);
    expect((await agent.post('/templates/decision').type('form').send(form({ _csrf: csrf, source, note: 'Nov stavek', action: 'save' }))).status).to.equal(303);

    const v1 = await agent.get('/templates/decision/versions/1');
    expect(v1.status).to.equal(200);
    expect(v1.text).to.include('Odločitev o zahtevi: različica 1').and.include('system').and.include('id="restore-form"');
    expect(unescape(v1.text)).to.include(OLD);
    expect(srcdocOf(v1.text)).to.include(OLD).and.not.include(NEW);
    expect((await agent.get('/templates/decision/versions/2')).text).to.not.include('id="restore-form"');
    expect((await agent.get('/templates/decision/versions/7')).status).to.equal(404);

    const restored = await agent.post('/templates/decision/versions/1/restore').type('form').send(form({ _csrf: csrf, note: 'Vrnitev: stavek ostaja' }));
    expect(restored.status).to.equal(303);
    expect(restored.headers.location).to.equal('/templates/decision?notice=restored&version=3');
    const editor = await agent.get(restored.headers.location);
    expect(textareaOf(editor.text)).to.equal(file('decision.hbs'));
    expect(rowOf(editor.text, 'version-3')).to.include('vrnitev na 1').and.include('Vrnitev: stavek ostaja');

    // From the editor: version 2 loaded and saved unchanged is a rollback to 2
    const loaded = await agent.get('/templates/decision?from=2');
    expect(textareaOf(loaded.text)).to.equal(source);
    expect(loaded.text).to.include('id="loaded-from"').and.include('name="from" value="2"').and.include('value="Vrnitev na različico 2"');
    const again = await agent.post('/templates/decision').type('form').send(form({ _csrf: csrf, source, note: 'Vrnitev na različico 2', from: '2', action: 'save' }));
    expect(again.headers.location).to.equal('/templates/decision?notice=restored&version=4');
    const v4 = await desk.requests.deps.letters.store!.version('decision', 4);
    expect(v4).to.deep.include({ restoredFrom: 2, note: 'Vrnitev na različico 2' });
    expect(desk.requests.deps.letters.render('decision', {}).versions.template).to.equal(4);
  });
});
