import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import request from 'supertest';
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { AuditEventEntity } from '../../../src/persistence/entities/index.js';
import { lintDiagram } from '../../../src/engine/lintDiagram.js';
import { moddleOptions } from '../../../src/engine/bpmnSource.js';
import { lintConfigModule, serverLintRules } from '../../../src/web/modeler/lintConfig.mjs';

const REAL = fs.readFileSync(path.join(PROJECT_ROOT, 'processes', 'dsr-request.bpmn'), 'utf8');
const RENAMED = 'Je zahteva popolna? (preverjeno še: žig, podpis, čas)';

describe('Feature: the legal department edits, checks, deploys and compares process versions in /modeler (issue 7 item 1)', () => {
  let desk: Desk;
  afterEach(async () => desk?.close());

  /** A signed-in legal user whose JSON calls carry the session and the CSRF header, as the page's script does. */
  async function legal() {
    const s = await signedIn(desk, 'legal');
    const post = (url: string, body: unknown, token: string | null = s.csrf) => {
      const r = s.agent.post(url).set('accept', 'application/json');
      return (token === null ? r : r.set('x-csrf-token', token)).send(body as object);
    };
    return { ...s, post };
  }

  it('Scenario: the page lists every version with author, time, note and running instances, and opens one; only legal may', async () => {
    desk = await openDesk();
    // A request runs on version 1
    const started = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(started.body.process.version).to.equal(1);
    const { agent } = await legal();
    const res = await agent.get('/modeler');
    expect(res.status, res.text.slice(0, 500)).to.equal(200);
    expect(res.text).to.include('Urejevalnik postopkov').and.include('<a href="/modeler" aria-current="page">Postopek</a>');
    expect(res.text).to.match(/<tr data-version="1" data-id="[^"]+" class="modeler-open-row">/);
    expect(res.text).to.include('deployed from dsr-request.bpmn').and.include('<td class="modeler-running" data-running="1">1</td>');
    const bundled = fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'static', 'modeler.js'));
    if (bundled) expect(res.text).to.match(/<script src="\/static\/bundle\/modeler\.js\?v(=|&#x3D;)\w+" defer><\/script>/).and.include('id="modeler-canvas"').and.include('name="_csrf"');
    else expect(res.text).to.include('odjemalska skripta (bpmn-js) ni zgrajena').and.not.include('<script');
    expect(res.text).to.not.match(/<script(?![^>]*\bsrc=)/);

    const list = await agent.get('/modeler/definitions.json');
    expect(list.status).to.equal(200);
    const def = list.body.items.find((d: { key: string }) => d.key === 'dsrRequest');
    expect(def.versions).to.have.length(1);
    expect(def.versions[0]).to.include({ version: 1, running: 1, deployedBy: 'system', newest: true });
    const one = await agent.get(`/modeler/versions/${def.versions[0].id}.json`);
    expect(one.status).to.equal(200);
    expect(one.body).to.include({ key: 'dsrRequest', version: 1, running: 1 });
    expect(one.body.xml).to.equal(REAL);
    expect((await agent.get('/modeler/versions/00000000-0000-4000-8000-000000000000.json')).status).to.equal(404);
    expect((await agent.get('/modeler?version=00000000-0000-4000-8000-000000000000')).status).to.equal(404);

    // Other roles: 403 page, no menu item; no session: sign-in
    const dpo = await signedIn(desk, 'dpo');
    const denied = await dpo.agent.get('/modeler');
    expect(denied.status).to.equal(403);
    expect(denied.text).to.include('pravna služba').and.not.include('href="/modeler"');
    expect((await dpo.agent.post('/modeler/check').set('x-csrf-token', dpo.csrf).send({ xml: REAL })).status).to.equal(403);
    const anonymous = await request(desk.app).get('/modeler');
    expect(anonymous.status).to.equal(303);
  });

  it('Scenario: "Preveri" runs the deploy rules plus the form check and names each element as typed; it needs the CSRF token', async () => {
    desk = await openDesk();
    const { post } = await legal();
    const ok = await post('/modeler/check', { xml: REAL });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.equal({ ok: true, key: 'dsrRequest', unchangedVersion: 1, errors: [], warnings: ok.body.warnings });

    // A formKey with no form, an unknown role and a condition with code in it
    const broken = REAL
      .replace('camunda:formKey="decide"', 'camunda:formKey="odlocitevPravneSluzbe"')
      .replace('<userTask id="verifyIdentity" name="Ugotovi istovetnost (čl. 7)" camunda:formKey="verifyIdentity" camunda:candidateGroups="dpo"', '<userTask id="verifyIdentity" name="Ugotovi istovetnost (čl. 7)" camunda:formKey="verifyIdentity" camunda:candidateGroups="pravna_sluzba"')
      .replace('${environment.variables.isComplete}', '${environment.variables.isComplete || true}');
    expect(broken).to.not.equal(REAL);
    const res = await post('/modeler/check', { xml: broken });
    expect(res.status).to.equal(200);
    expect(res.body.ok).to.equal(false);
    const byElement = Object.fromEntries(res.body.errors.map((e: { elementId: string }) => [e.elementId, e]));
    expect(byElement.decide).to.include({ path: 'decide', elementId: 'decide', elementName: 'Odloči o zahtevi (čl. 8, 9, 15, 16)', elementType: 'bpmn:UserTask' });
    expect(byElement.decide.message).to.equal('Uporabniška naloga navaja obrazec »odlocitevPravneSluzbe« (camunda:formKey), ki ne obstaja (views/forms/odlocitevPravneSluzbe.hbs).');
    expect(byElement.decide.detail).to.include('views/forms/odlocitevPravneSluzbe.hbs does not exist');
    expect(byElement.verifyIdentity.message).to.equal('Uporabniška naloga navaja neznano vlogo »pravna_sluzba«.');
    expect(byElement.complete).to.include({ elementName: 'da', elementType: 'bpmn:SequenceFlow' });
    expect(byElement.complete.message).to.include('Pogoj »${environment.variables.isComplete || true}« ni dovoljen');

    // Not XML at all: one issue for the diagram as a whole
    const junk = await post('/modeler/check', { xml: '<definitions' });
    expect(junk.body.ok).to.equal(false);
    expect(junk.body.errors[0]).to.include({ path: 'definitions', elementId: null });
    expect(junk.body.errors[0].message).to.match(/^Diagram ni veljaven BPMN 2\.0 XML/);
    expect((await post('/modeler/check', {})).status).to.equal(422);
    // Without the session's token the check is refused
    expect((await post('/modeler/check', { xml: REAL }, null)).status).to.equal(403);
    expect((await post('/modeler/check', { xml: REAL }, 'x'.repeat(43))).status).to.equal(403);
  });

  it('Scenario: "Objavi" needs a note, refuses a diagram with errors, creates version 2 (audited), says so when nothing changed; the diff names the changed gateway', async () => {
    desk = await openDesk();
    const first = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    const { agent, username, post } = await legal();
    const changed = REAL.replace('name="Zahteva popolna?"', `name="${RENAMED}"`);

    const noNote = await post('/modeler/deploy', { xml: changed, note: '   ' });
    expect(noNote.status).to.equal(422);
    expect(noNote.body.errors).to.have.length(1);
    expect(noNote.body.errors[0]).to.include({ path: 'note', message: 'Vpišite opombo k spremembi: kaj in zakaj se spreminja.' });
    const withErrors = await post('/modeler/deploy', { xml: changed.replace('camunda:formKey="decide"', 'camunda:formKey="nobenega"'), note: 'poskus' });
    expect(withErrors.status).to.equal(422);
    expect(withErrors.body.errors.map((e: { elementId: string }) => e.elementId)).to.deep.equal(['decide']);

    const note = 'Novo ime razcepa po spremembi navodila (čl. 6, šifra ž-12)';
    const deployed = await post('/modeler/deploy', { xml: changed, note });
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    expect(deployed.body).to.include({ ok: true, created: true, key: 'dsrRequest', version: 2, message: 'Objavljena je različica 2.' });
    expect(deployed.body.openUrl).to.equal(`/modeler?version=${deployed.body.id}&deployed=2`);
    const audit = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findBy({ type: 'definition.deployed', actor: username }));
    expect(audit).to.have.length(1);
    expect(JSON.parse(audit[0]!.data)).to.include({ key: 'dsrRequest', version: 2, note });

    const again = await post('/modeler/deploy', { xml: changed, note: 'še enkrat' });
    expect(again.status).to.equal(200);
    expect(again.body).to.include({ ok: true, created: false, version: 2, message: 'Diagram je enak zadnji različici (2); nova različica ni nastala.' });

    // The list: version 2 with author and note, running instances 1 on v1 and 0 on v2; the page after the deploy says so
    const list = (await agent.get('/modeler/definitions.json')).body.items.find((d: { key: string }) => d.key === 'dsrRequest');
    expect(list.versions.map((v: { version: number; running: number; newest: boolean }) => [v.version, v.running, v.newest])).to.deep.equal([[2, 0, true], [1, 1, false]]);
    expect(list.versions[0]).to.include({ deployedBy: username, note });
    const page = await agent.get(deployed.body.openUrl);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Objavljena je različica 2 postopka').and.include(note.replace('ž', 'ž'));
    expect(page.text).to.match(/<tr data-version="2" data-id="[^"]+" class="modeler-open-row">/);
    const newRequest = await desk.call('post', '/api/v1/requests', requestBody({ subject: { firstName: 'Bor', lastName: 'Kranjc', address: 'Prešernova 2, 4000 Kranj', email: 'bor.kranjc@example.si' } }), desk.clerk);
    expect(newRequest.body.process.version).to.equal(2);
    expect((await desk.call('get', `/api/v1/requests/${first.body.id}`)).body.process.version).to.equal(1);

    // The diff of 1 → 2: the gateway's name, before and after, as typed
    const v1 = list.versions[1].id, v2 = list.versions[0].id;
    const diff = await agent.get(`/modeler/diff.json?from=${v1}&to=${v2}`);
    expect(diff.status).to.equal(200);
    expect(diff.body.added).to.deep.equal([]);
    expect(diff.body.removed).to.deep.equal([]);
    expect(diff.body.changed).to.deep.equal([{ id: 'isComplete', type: 'bpmn:ExclusiveGateway', name: RENAMED, typeLabel: 'razcep (eden)', attrs: [{ attr: 'name', before: 'Zahteva popolna?', after: RENAMED }] }]);
    expect(diff.body.toXml).to.include(RENAMED);
    const diffPage = await agent.get(`/modeler/diff?from=${v1}&to=${v2}`);
    expect(diffPage.status).to.equal(200);
    expect(diffPage.text).to.include('Spremenjeno (1)').and.include('<li data-element="isComplete"><strong>Je zahteva popolna? (preverjeno še: žig, podpis, čas)</strong>')
      .and.include('<td>Zahteva popolna?</td>').and.include('Dodano (0)');
    // By default the newest against the one before
    expect((await agent.get('/modeler/diff')).text).to.include('Spremenjeno (1)');
  });

  it('Scenario: the diff lists added, removed and changed elements by id and name, either way round', async () => {
    desk = await openDesk();
    const { post, agent } = await legal();
    // v2 renames a user task and adds a text annotation (drawn)
    const v2 = REAL
      .replace('name="Ugotovi istovetnost (čl. 7)"', 'name="Ugotovi istovetnost prosilca (čl. 7)"')
      .replace('</process>', '  <textAnnotation id="opomba"><text>Glej čl. 7 navodila: žig in podpis</text></textAnnotation>\n  </process>')
      .replace('</bpmndi:BPMNPlane>', '  <bpmndi:BPMNShape id="opomba_di" bpmnElement="opomba"><dc:Bounds x="100" y="20" width="200" height="40" /></bpmndi:BPMNShape>\n    </bpmndi:BPMNPlane>');
    const deployed = await post('/modeler/deploy', { xml: v2, note: 'ime naloge in opomba' });
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    const list = (await agent.get('/modeler/definitions.json')).body.items.find((d: { key: string }) => d.key === 'dsrRequest');
    const [newer, older] = list.versions.map((v: { id: string }) => v.id);
    const forward = (await agent.get(`/modeler/diff.json?from=${older}&to=${newer}`)).body;
    expect(forward.added).to.deep.equal([{ id: 'opomba', type: 'bpmn:TextAnnotation', name: 'Glej čl. 7 navodila: žig in podpis', typeLabel: 'opomba' }]);
    expect(forward.removed).to.deep.equal([]);
    expect(forward.changed.map((c: { id: string }) => c.id)).to.include('verifyIdentity');
    expect(forward.changed.find((c: { id: string }) => c.id === 'verifyIdentity').attrs).to.deep.equal([{ attr: 'name', before: 'Ugotovi istovetnost (čl. 7)', after: 'Ugotovi istovetnost prosilca (čl. 7)' }]);
    // The other way round: the annotation is removed, the name changes back
    const backward = (await agent.get(`/modeler/diff.json?from=${newer}&to=${older}`)).body;
    expect(backward.removed.map((x: { id: string; name: string }) => [x.id, x.name])).to.deep.equal([['opomba', 'Glej čl. 7 navodila: žig in podpis']]);
    expect(backward.added).to.deep.equal([]);
    expect(backward.changed.find((c: { id: string }) => c.id === 'verifyIdentity').attrs[0]).to.deep.equal({ attr: 'name', before: 'Ugotovi istovetnost prosilca (čl. 7)', after: 'Ugotovi istovetnost (čl. 7)' });
    const page = await agent.get(`/modeler/diff?from=${newer}&to=${older}`);
    expect(page.text).to.include('Odstranjeno (1)').and.include('<ul data-diff="removed"><li data-element="opomba"><strong>Glej čl. 7 navodila: žig in podpis</strong>');
    if (fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'static', 'modeler.js'))) expect(page.text).to.include('id="diff-canvas-old"');
    expect((await agent.get(`/modeler/diff.json?from=${newer}&to=nope`)).status).to.equal(404);
  });

  it('Scenario: the editor lints with the server\'s rules: the bundled config gives the same reports as lintDiagram', async () => {
    const rules = serverLintRules(PROJECT_ROOT);
    expect(rules).to.include({ 'no-disconnected': 'error', 'label-required': 'warn' });
    // The module the build bundles imports every rule by name and resolves nothing else
    const source = lintConfigModule(rules);
    for (const name of Object.keys(rules)) expect(source).to.include(`import rule${Object.keys(rules).indexOf(name)} from "bpmnlint/rules/${name}";`);
    // Linting with that config and the same static resolution gives what the server reports, for the real diagram and a faulty one
    const require = createRequire(import.meta.url);
    const { Linter } = require('bpmnlint') as { Linter: new (o: object) => { lint(root: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>> } };
    const StaticResolver = require('bpmnlint/lib/resolver/static-resolver') as new (cache: Record<string, unknown>) => object;
    const cache: Record<string, unknown> = {};
    for (const name of Object.keys(rules)) cache[`rule:bpmnlint/${name}`] = require(`bpmnlint/rules/${name}`);
    const faulty = REAL.replace(/<sequenceFlow id="toIsComplete"[^>]*\/>/, '').replace('name="Zahteva popolna?"', '');
    for (const xml of [REAL, faulty]) {
      const { rootElement } = (await new BpmnModdle(moddleOptions).fromXML(xml)) as unknown as { rootElement: unknown };
      const client = await new Linter({ config: { rules }, resolver: new StaticResolver(cache) }).lint(rootElement);
      const clientReports = Object.entries(client).flatMap(([rule, reports]) => reports.map((r) => `${rule} ${r.id} ${r.category}`)).sort();
      const serverReports = (await lintDiagram(xml)).map(({ rule, report }) => `${rule} ${report.id} ${report.category}`).sort();
      expect(clientReports).to.deep.equal(serverReports);
      if (xml === faulty) expect(serverReports.length).to.be.greaterThan(0);
    }
  });
});
