import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { resource } from '../../support/system.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { AuditEventEntity } from '../../../src/persistence/entities/index.js';

const REAL = fs.readFileSync(path.join(PROJECT_ROOT, 'processes', 'dsr-request.bpmn'), 'utf8');
const RENAMED = 'Je zahteva popolna? (preverjeno še: žig, podpis, čas)';
const PASSWORD = 'correct horse battery staple';

async function legalToken(desk: Desk): Promise<{ username: string; token: string }> {
  const username = `legal-${Math.random().toString(36).slice(2, 8)}`;
  const created = await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles: ['legal'] }, desk.admin);
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const res = await request(desk.app).post('/api/v1/auth/token').send({ username, password: PASSWORD });
  return { username, token: res.body.token as string };
}

const postXml = (desk: Desk, url: string, xml: string, token: string) =>
  request(desk.app).post(url).set('authorization', `Bearer ${token}`).set('content-type', 'application/xml').send(xml);

describe('Feature: process versions with their running instances, and the form check of the modeler (issue 7 item 1)', () => {
  let desk: Desk;
  afterEach(async () => desk?.close());

  it('Scenario: a request runs on version 1, version 2 is deployed with a note; new requests start on 2, the list counts running instances per version', async () => {
    desk = await openDesk();
    const legal = await legalToken(desk);
    // Given a request started on the version deployed at start-up
    const first = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body.process).to.include({ definitionKey: 'dsrRequest', version: 1 });
    let list = await desk.call('get', '/api/v1/definitions', undefined, legal.token);
    expect(list.status).to.equal(200);
    const v1only = list.body.items.find((d: { key: string }) => d.key === 'dsrRequest');
    expect(v1only.versions.map((v: { version: number; running: number }) => [v.version, v.running])).to.deep.equal([[1, 1]]);

    // When legal deploys a changed diagram with a note (the form check asked for: every user task of the real diagram has its form)
    const changed = REAL.replace('name="Zahteva popolna?"', `name="${RENAMED}"`);
    const deployed = await postXml(desk, `/api/v1/definitions?forms=required&note=${encodeURIComponent('Novo ime razcepa (navodilo, čl. 6)')}`, changed, legal.token);
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    expect(deployed.body).to.include({ key: 'dsrRequest', version: 2 });

    // Then the versions list shows 1 running instance on v1 and none on v2, with author and note
    list = await desk.call('get', '/api/v1/definitions', undefined, legal.token);
    const versions = list.body.items.find((d: { key: string }) => d.key === 'dsrRequest').versions;
    expect(versions.map((v: { version: number; running: number }) => [v.version, v.running])).to.deep.equal([[1, 1], [2, 0]]);
    expect(versions[1]).to.include({ deployedBy: legal.username, note: 'Novo ime razcepa (navodilo, čl. 6)' });

    // And a new request starts on version 2 while the first stays on version 1
    const second = await desk.call('post', '/api/v1/requests', requestBody({ subject: { firstName: 'Bor', lastName: 'Kranjc', address: 'Prešernova 2, 4000 Kranj', email: 'bor.kranjc@example.si' } }), desk.clerk);
    expect(second.status, JSON.stringify(second.body)).to.equal(201);
    expect(second.body.process.version).to.equal(2);
    expect((await desk.call('get', `/api/v1/requests/${first.body.id}`)).body.process.version).to.equal(1);
    list = await desk.call('get', '/api/v1/definitions', undefined, legal.token);
    expect(list.body.items.find((d: { key: string }) => d.key === 'dsrRequest').versions.map((v: { running: number }) => v.running)).to.deep.equal([1, 1]);
    // The Slovenian name is stored as typed
    const stored = await desk.system.definitions.newest('dsrRequest');
    expect(stored!.diagram.meta.elements.get('isComplete')!.name).to.equal(RENAMED);

    // The same diagram again is no new version
    const same = await postXml(desk, '/api/v1/definitions?forms=required', changed, legal.token);
    expect(same.status).to.equal(200);
    expect(same.body.version).to.equal(2);

    // The deploy is audited with its author and note
    const audit = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findBy({ type: 'definition.deployed', actor: legal.username }));
    expect(audit).to.have.length(1);
    expect(JSON.parse(audit[0]!.data)).to.include({ key: 'dsrRequest', version: 2, note: 'Novo ime razcepa (navodilo, čl. 6)' });
  });

  it('Scenario: with ?forms=required a user task whose form does not exist is refused, naming the element; without it the start-up rules stay as they were', async () => {
    desk = await openDesk();
    const legal = await legalToken(desk);
    // approval.bpmn: "review" names camunda:formKey="review", "archive" names none; neither has a file in views/forms
    const xml = resource('approval.bpmn');
    const checked = await postXml(desk, '/api/v1/definitions/check?forms=required', xml, legal.token);
    expect(checked.status).to.equal(422);
    expect(checked.body.error.code).to.equal('deployment_invalid');
    const details = checked.body.error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path)).to.include.members(['archive', 'review']);
    expect(details.find((d) => d.path === 'archive')!.message).to.equal('<archive> user task has no form: views/forms/archive.hbs does not exist');
    expect(details.find((d) => d.path === 'review')!.message).to.include('views/forms/review.hbs');
    const refused = await postXml(desk, '/api/v1/definitions?forms=required', xml, legal.token);
    expect(refused.status).to.equal(422);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).to.include('review');
    expect((await desk.call('get', '/api/v1/definitions', undefined, legal.token)).body.items.map((d: { key: string }) => d.key)).to.not.include('approval');

    // A formKey naming a missing form in the real diagram, on a task whose own form exists
    const wrongKey = REAL.replace('camunda:formKey="decide"', 'camunda:formKey="odlocitevPravneSluzbe"');
    const wrong = await postXml(desk, '/api/v1/definitions/check?forms=required', wrongKey, legal.token);
    expect(wrong.status).to.equal(422);
    expect(wrong.body.error.details).to.deep.equal([{ path: 'decide', message: '<decide> user task names the form "odlocitevPravneSluzbe" (camunda:formKey), but views/forms/odlocitevPravneSluzbe.hbs does not exist' }]);

    // Without the option: the rules of start-up (and of the plain API), forms not asked for; only the
    // handler this desk does not register remains
    const plain = await postXml(desk, '/api/v1/definitions/check', xml, legal.token);
    expect(plain.status, JSON.stringify(plain.body)).to.equal(422);
    expect(plain.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['compute']);
    // The real diagram passes the form check; unchanged from the deployed version 1
    const real = await postXml(desk, '/api/v1/definitions/check?forms=required', REAL, legal.token);
    expect(real.status, JSON.stringify(real.body)).to.equal(200);
    expect(real.body).to.include({ key: 'dsrRequest', unchangedVersion: 1 });
    // A check deploys nothing; the script task is still refused by the check
    const script = await postXml(desk, '/api/v1/definitions/check', resource('script-task.bpmn'), legal.token);
    expect(script.status).to.equal(422);
    expect(script.body.error.details.map((d: { path: string }) => d.path)).to.include('evilScript');
    // processes/ holds the request's diagram and the appeal's (issue 16 #6); the check added neither
    expect((await desk.call('get', '/api/v1/definitions', undefined, legal.token)).body.items.map((d: { key: string }) => d.key).sort()).to.deep.equal(['dsrAppeal', 'dsrRequest']);
    // Only legal may check
    expect((await postXml(desk, '/api/v1/definitions/check', REAL, desk.dpo)).status).to.equal(403);
  });
});
