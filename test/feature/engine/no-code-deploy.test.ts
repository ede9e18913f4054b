import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expect } from 'chai';
import { testApi, type TestApi } from '../../support/api.js';
import { HandlerRegistry } from '../../../src/engine/handlers.js';
import { CODE_CASES, attackDiagram, fileWritingScript } from '../../resources/codeInDiagrams.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('Issue 10 #1 / X1: a legal user cannot deploy code in a diagram (POST /api/v1/definitions)', () => {
  let api: TestApi;
  let legal: string;
  before(async () => {
    api = await testApi({ handlers: new HandlerRegistry().register('markApproved', async () => ({ approved: true })) });
    legal = await api.tokenFor('legal');
  });
  after(async () => api?.close());

  const deploy = (xml: string) => request(api.app).post('/api/v1/definitions').set('authorization', `Bearer ${legal}`).set('content-type', 'application/xml').send(xml);

  it('Scenario (the finding): a conditional event whose JavaScript condition writes a file is refused with 422 naming the event; nothing runs, nothing is deployed', async () => {
    const file = path.join(os.tmpdir(), `dsr-pwned-${randomUUID()}.txt`);
    const xml = attackDiagram(`<intermediateCatchEvent id="waitForIt" name="Pogoj"><conditionalEventDefinition id="cd1"><condition xsi:type="tFormalExpression" language="javascript">${escape(fileWritingScript(file))}</condition></conditionalEventDefinition></intermediateCatchEvent>`, '', 'waitForIt', 'waitForIt');
    const res = await deploy(xml);
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(res.body.error.code).to.equal('deployment_invalid');
    expect(res.body.error.details).to.deep.equal([{ path: 'waitForIt', message: '<waitForIt> conditional events are not allowed: their condition would be evaluated as code and nothing wakes them; use an exclusive gateway on a variable, a message or a timer' }]);
    expect(fs.existsSync(file)).to.equal(false);
    const list = await request(api.app).get('/api/v1/definitions').set('authorization', `Bearer ${legal}`);
    expect(list.body.items.map((d: { key: string }) => d.key)).to.not.include('attack');
  });

  it('Scenario: every place where the engine would evaluate a script or an expression is refused with 422 and the element id', async () => {
    for (const c of CODE_CASES) {
      const res = await deploy(c.xml);
      expect(res.status, `${c.place}: ${JSON.stringify(res.body)}`).to.equal(422);
      expect(res.body.error.code, c.place).to.equal('deployment_invalid');
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths, c.place).to.include(c.path);
    }
    const list = await request(api.app).get('/api/v1/definitions').set('authorization', `Bearer ${legal}`);
    expect(list.body.items.map((d: { key: string }) => d.key)).to.not.include('attack');
  });

  it('Scenario: the same diagram with only the forms the host resolves deploys (201)', async () => {
    const xml = attackDiagram(`<exclusiveGateway id="x" name="Odobreno?" default="toB" />
    <sequenceFlow id="toA" sourceRef="x" targetRef="svc"><conditionExpression xsi:type="tFormalExpression">\${environment.variables.approved}</conditionExpression></sequenceFlow>
    <serviceTask id="svc" name="Izračun" implementation="\${environment.services.markApproved}" />
    <sequenceFlow id="fromSvc" sourceRef="svc" targetRef="join" />
    <sequenceFlow id="toB" sourceRef="x" targetRef="join" />
    <exclusiveGateway id="join" name="Združitev" />`, '', 'x', 'join');
    const res = await deploy(xml);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ key: 'attack', version: 1 });
  });
});
