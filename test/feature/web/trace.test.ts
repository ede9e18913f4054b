import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { toDecide } from '../requests/support.js';
import { AuditEventEntity, ProcessDefinitionEntity } from '../../../src/persistence/entities/index.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

describe('Feature: the auditor traces a case on its diagram (issue 5 item 8, X2)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('Scenario: the page lists the path, every event with its variables and rule explanations, and the audit chain result; the view is logged', async () => {
    desk = await openDesk();
    const view = await toDecide(desk);
    const { agent, username } = await signedIn(desk, 'auditor');
    const res = await agent.get(`/requests/${view.id}/trace`);
    expect(res.status, res.text.slice(0, 500)).to.equal(200);
    expect(res.text).to.include(`Sled zadeve ${view.caseNumber}`);
    // The path, in order, and where it waits now
    expect(res.text).to.match(/class="trace-path"/).and.match(/data-element="checkCompleteness"/).and.match(/data-element="decide"/);
    expect(res.text).to.match(/<li class="trace-path-waiting">\s*<a href="#event-\d+" data-element="decide">/);
    // The event table: who, what, task variables and the rule explanation
    expect(res.text).to.include('class="trace-events"').and.include('Naloga opravljena').and.include('task.completed');
    expect(res.text).to.include('Pravila ovrednotena').and.include('Nabor pravil <strong>completeness</strong>').and.include('Pravilo »');
    expect(res.text).to.include('<dt>method</dt><dd>qualified_signature</dd>');
    // This case's events are checked on every view; the whole chain on request
    expect(res.text).to.include('data-audit="ok"').and.include('Dogodki te zadeve so nespremenjeni').and.include('Preveri celotno verigo').and.not.include('data-chain=');
    const all = await agent.get(`/requests/${view.id}/trace?chain=all`);
    expect(all.status).to.equal(200);
    expect(all.text).to.include('data-chain="ok"').and.include('Celotna veriga je nepretrgana');
    // With the bundle the script is included; without it the page says why there is no diagram
    const bundled = fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'static', 'trace.js'));
    if (bundled) expect(res.text).to.match(/<script src="\/static\/bundle\/trace\.js\?v(=|&#x3D;)\w+" defer><\/script>/).and.include('data-trace-url=');
    else expect(res.text).to.include('odjemalska skripta (bpmn-js) ni zgrajena').and.not.include('<script');
    expect(res.text).to.not.match(/<script(?![^>]*\bsrc=)/);
    const logged = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findOneBy({ type: 'request.viewed', actor: username, subjectId: view.id }));
    expect(logged, 'the trace view is in the access log').to.exist;
  });

  it('Scenario: an altered event of the case breaks its chain, shown with the first broken event; one of another case shows only in the full check', async () => {
    desk = await openDesk();
    const view = await toDecide(desk);
    const other = await toDecide(desk, { subject: { firstName: 'Bor', lastName: 'Kranjc', address: 'Prešernova 2, 4000 Kranj', email: 'bor.kranjc@example.si' } });
    const { agent } = await signedIn(desk, 'auditor');
    // An event of the other case first: this case's own check still holds, the full chain does not
    const otherEvent = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findOneOrFail({ where: { type: 'task.completed', instanceId: other.process.instanceId }, order: { seq: 'ASC' } }));
    await desk.system.db.transaction((tx) => tx.getRepository(AuditEventEntity).update({ seq: otherEvent.seq }, { actor: 'someone-else' }));
    const first = await agent.get(`/requests/${view.id}/trace?chain=all`);
    expect(first.text).to.include('data-audit="ok"').and.include('data-chain="broken"').and.include(`pri dogodku št. ${otherEvent.seq}`);
    // Then one of this case
    const own = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findOneOrFail({ where: { type: 'task.completed', instanceId: view.process.instanceId }, order: { seq: 'ASC' } }));
    await desk.system.db.transaction((tx) => tx.getRepository(AuditEventEntity).update({ seq: own.seq }, { actor: 'someone-else' }));
    const res = await agent.get(`/requests/${view.id}/trace`);
    expect(res.status).to.equal(200);
    expect(res.text).to.include('data-audit="broken"').and.include(`pri dogodku št. ${own.seq}`);
  });

  it('Scenario: a clerk may not open the trace (403, denial audited); an unknown case is 404; no session goes to sign-in', async () => {
    desk = await openDesk();
    const view = await toDecide(desk);
    const clerk = await signedIn(desk, 'clerk');
    const denied = await clerk.agent.get(`/requests/${view.id}/trace`);
    expect(denied.status).to.equal(403);
    expect(denied.text).to.include('Dostop zavrnjen').and.not.include('trace-events');
    expect((await clerk.agent.get(`/requests/${view.id}/trace.json`)).status).to.equal(403);
    const denials = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findBy({ type: 'security.denied', actor: clerk.username }));
    expect(denials.map((d) => JSON.parse(d.data).path)).to.deep.equal([`/requests/${view.id}/trace`, `/requests/${view.id}/trace.json`]);
    const auditor = await signedIn(desk, 'auditor');
    const unknown = await auditor.agent.get('/requests/00000000-0000-4000-8000-000000000000/trace');
    expect(unknown.status).to.equal(404);
    expect(unknown.text).to.include('Iskanega zapisa ni.');
    expect((await auditor.agent.get('/requests/00000000-0000-4000-8000-000000000000/trace.json')).status).to.equal(404);
    const { default: request } = await import('supertest');
    const anonymous = await request(desk.app).get(`/requests/${view.id}/trace`);
    expect(anonymous.status).to.equal(303);
    expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent(`/requests/${view.id}/trace`)}`);
  });

  it('Scenario: the JSON for the diagram carries the XML of the version the instance started on, the path, where it waits and events by element', async () => {
    desk = await openDesk();
    const view = await toDecide(desk);
    // A newer version deployed after the case started: the case still shows its own
    const v1 = await desk.system.db.read((m) => m.getRepository(ProcessDefinitionEntity).findOneByOrFail({ key: 'dsrRequest', version: 1 }));
    const newer = v1.xml.replace(/(<process id="dsrRequest" name=")([^"]*)"/, '$1$2 (v2)"');
    expect(newer).to.not.equal(v1.xml);
    const deployed = await desk.system.definitions.deploy(newer, 'legal-test');
    expect(deployed.version).to.equal(2);
    const { agent } = await signedIn(desk, 'dpo');
    const res = await agent.get(`/requests/${view.id}/trace.json`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/application\/json/);
    expect(res.body.definition).to.include({ key: 'dsrRequest', version: 1 });
    expect(res.body.xml).to.equal(v1.xml);
    expect(res.body.process).to.include({ definitionKey: 'dsrRequest', version: 1, status: 'running' });
    expect(res.body.visited).to.include.members(['checkCompleteness', 'verifyIdentity', 'checkRecords', 'decide']);
    expect(res.body.waiting).to.deep.equal(['decide']);
    const completeness = res.body.byElement.checkCompleteness as { seq: number; relation: string }[];
    expect(completeness.map((x) => x.relation)).to.include.members(['on', 'waits']);
    const completed = res.body.events.find((e: { seq: number; type: string }) => e.type === 'task.completed' && completeness.some((x) => x.seq === e.seq));
    expect(completed.variables).to.deep.equal([{ name: 'complete', value: 'da' }]);
    const rule = res.body.events.find((e: { type: string }) => e.type === 'rule.evaluated');
    expect(rule.rule.ruleSet).to.be.a('string');
    expect(rule.rule.lines.length).to.be.greaterThan(0);
    expect(rule.elementId).to.be.a('string');
    expect(res.body.byElement[rule.elementId].some((x: { seq: number }) => x.seq === rule.seq)).to.equal(true);
  });
});
