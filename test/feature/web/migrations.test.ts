import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { PASSWORD, csrfOf, signedIn } from '../../support/web.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { AuditEventEntity } from '../../../src/persistence/entities/index.js';

const REAL = fs.readFileSync(path.join(PROJECT_ROOT, 'processes', 'dsr-request.bpmn'), 'utf8');
const CHANGED = REAL.replace('<userTask id="decide" name="Odloči o zahtevi (čl. 8, 9, 15, 16)"', '<userTask id="decide" name="Odloči o zahtevi (čl. 8, 9, 15, 16 in 21)"');

describe('Feature: legal staff move running requests to another process version at /modeler/migrate (issue 7, item 2)', () => {
  let desk: Desk;
  afterEach(async () => desk?.close());

  it('Scenario: "Preveri" lists the request as movable, "Premakni" moves it to version 2 (audited); bad versions and unknown keys are refused; a clerk gets 403', async () => {
    desk = await openDesk();
    expect(CHANGED).to.not.equal(REAL);
    // Registered while version 1 is the newest, so it runs on version 1
    const registered = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const id = registered.body.id as string;
    expect(registered.body.process.version).to.equal(1);

    const { agent, username } = await signedIn(desk, 'legal');
    const token = (await request(desk.app).post('/api/v1/auth/token').send({ username, password: PASSWORD })).body.token as string;
    const v2 = await request(desk.app).post('/api/v1/definitions').set('authorization', `Bearer ${token}`).set('content-type', 'application/xml').send(CHANGED);
    expect(v2.status, v2.text.slice(0, 500)).to.equal(201);

    // The modeler links to the page; the page defaults to from 1 (has running instances) and to 2 (newest)
    const modeler = await agent.get('/modeler');
    expect(modeler.text).to.include('<a href="/modeler/migrate?key=dsrRequest">Premakni primere na drugo različico</a>');
    const page = await agent.get('/modeler/migrate?key=dsrRequest');
    expect(page.status, page.text.slice(0, 500)).to.equal(200);
    expect(page.text).to.include('<option value="1" selected>1 (tekočih: 1)</option>').and.include('<option value="2" selected>2 (najnovejša)</option>');
    expect(page.text).to.not.match(/<script(?![^>]*\bsrc=)/);
    const csrf = csrfOf(page.text);

    // Preveri: the request can move; nothing moves yet
    const plan = await agent.post('/modeler/migrate').type('form').send({ _csrf: csrf, key: 'dsrRequest', fromVersion: '1', toVersion: '2', dryRun: 'true' });
    expect(plan.status, plan.text.slice(0, 500)).to.equal(200);
    expect(plan.text).to.include('Lahko se premaknejo (1)').and.include(`<a href="/requests/${id}">${id}</a>`).and.include('Ne morejo se premakniti (0)');
    expect(plan.text).to.include('>Premakni</button>');
    expect((await desk.call('get', `/api/v1/requests/${id}`)).body.process.version).to.equal(1);

    // Bad versions: the message next to the field, 422
    const same = await agent.post('/modeler/migrate').type('form').send({ _csrf: csrf, key: 'dsrRequest', fromVersion: '2', toVersion: '2', dryRun: 'true' });
    expect(same.status).to.equal(422);
    expect(same.text).to.include('<p class="error" id="toVersion-error">Ciljna različica mora biti drugačna od izvorne.</p>');
    const missing = await agent.post('/modeler/migrate').type('form').send({ _csrf: csrf, key: 'dsrRequest', fromVersion: '7', toVersion: '2' });
    expect(missing.status).to.equal(422);
    expect(missing.text).to.include('<p class="error" id="fromVersion-error">Različica 7 ne obstaja.</p>');
    // Unknown key: 404 page
    expect((await agent.get('/modeler/migrate?key=noSuchProcess')).status).to.equal(404);
    expect((await agent.post('/modeler/migrate').type('form').send({ _csrf: csrf, key: 'noSuchProcess', fromVersion: '1', toVersion: '2' })).status).to.equal(404);

    // Premakni: 303 to the result, which counts and lists the moved request
    const moved = await agent.post('/modeler/migrate').type('form').send({ _csrf: csrf, key: 'dsrRequest', fromVersion: '1', toVersion: '2', move: 'true' });
    expect(moved.status, moved.text.slice(0, 500)).to.equal(303);
    expect(moved.headers.location).to.match(/^\/modeler\/migrate\?key=dsrRequest&result=[\w-]+$/);
    const result = await agent.get(moved.headers.location!);
    expect(result.status).to.equal(200);
    expect(result.text).to.include('<strong data-count="moved">1</strong>').and.include('<strong data-count="blocked">0</strong>').and.include('<strong data-count="conflicts">0</strong>');
    expect(result.text).to.include(`<a href="/requests/${id}">${id}</a>`);
    expect((await desk.call('get', `/api/v1/requests/${id}`)).body.process.version).to.equal(2);
    const audit = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).findBy({ type: 'instance.migrated', actor: username }));
    expect(audit).to.have.length(1);
    // Without the session's token nothing happens
    expect((await agent.post('/modeler/migrate').type('form').send({ key: 'dsrRequest', fromVersion: '2', toVersion: '1', move: 'true' })).status).to.equal(403);

    // A clerk: 403 on the page and on the form
    const clerk = await signedIn(desk, 'clerk');
    expect((await clerk.agent.get('/modeler/migrate?key=dsrRequest')).status).to.equal(403);
    expect((await clerk.agent.post('/modeler/migrate').type('form').send({ _csrf: clerk.csrf, key: 'dsrRequest', fromVersion: '2', toVersion: '1', move: 'true' })).status).to.equal(403);
    expect((await desk.call('get', `/api/v1/requests/${id}`)).body.process.version).to.equal(2);
  });
});
