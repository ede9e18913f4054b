import { expect } from 'chai';
import request from 'supertest';
import { testApi, type TestApi } from '../../support/api.js';
import { HandlerRegistry } from '../../../src/engine/handlers.js';
import { JobEntity } from '../../../src/persistence/entities/index.js';
import { resource } from '../../support/system.js';

describe('Feature: a job that keeps failing becomes an incident that a person can retry', () => {
  let api: TestApi;
  afterEach(async () => api?.close());

  it('Scenario: the handler after a timer fails three times; the incident is listed, then retried with success', async () => {
    let healthy = false;
    const handlers = new HandlerRegistry().register('markApproved', async () => {
      if (!healthy) throw new Error('the letter service is down');
      return { approved: true };
    });
    api = await testApi({ handlers, jobMaxAttempts: 3 });
    const xml = resource('timer-only.bpmn').replace('targetRef="end" />', 'targetRef="after" />\n    <serviceTask id="after" implementation="${environment.services.markApproved}" />\n    <sequenceFlow id="f3" sourceRef="after" targetRef="end" />');
    await api.system.definitions.deploy(xml, 'legal');
    const started = await api.system.host.start('timerOnly', { actor: 'clerk', variables: { dueAt: '2026-03-02T10:00:00Z' } });
    const clock = api.system.fakeClock!;
    clock.set(new Date('2026-03-02T10:00:01Z'));
    expect(await api.system.worker.runDue()).to.deep.equal({ fired: 0, failed: 1, incidents: 0 });
    clock.advance(60 * 60_000);
    expect(await api.system.worker.runDue()).to.deep.equal({ fired: 0, failed: 1, incidents: 0 });
    clock.advance(60 * 60_000);
    expect(await api.system.worker.runDue()).to.deep.equal({ fired: 0, failed: 0, incidents: 1 });
    clock.advance(24 * 60 * 60_000);
    expect((await api.system.worker.runDue()).incidents).to.equal(0);

    const dpo = await api.tokenFor('dpo');
    const list = await request(api.app).get('/api/v1/incidents').set('authorization', `Bearer ${dpo}`);
    expect(list.status).to.equal(200);
    expect(list.body.items).to.have.length(1);
    expect(list.body.items[0]).to.include({ instanceId: started.instance.id, elementId: 'deadline', attempts: 3 });
    expect(list.body.items[0].lastError).to.include('the letter service is down');

    healthy = true;
    const retry = await request(api.app).post(`/api/v1/incidents/${list.body.items[0].id}/retry`).set('authorization', `Bearer ${dpo}`);
    expect(retry.status).to.equal(200);
    expect(await api.system.db.read((m) => m.getRepository(JobEntity).count())).to.equal(0);
    expect((await api.system.host.variables(started.instance.id)).approved).to.equal(true);
    const missing = await request(api.app).post('/api/v1/incidents/nope/retry').set('authorization', `Bearer ${dpo}`);
    expect(missing.status).to.equal(404);
  });
});
