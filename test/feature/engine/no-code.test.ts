import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { freshSystem } from '../../support/system.js';
import type { System } from '../../../src/system.js';
import { HandlerRegistry } from '../../../src/engine/handlers.js';
import { diagramHash } from '../../../src/engine/definitions.js';
import { JobEntity, ProcessDefinitionEntity, ProcessInstanceEntity } from '../../../src/persistence/entities/index.js';
import { attackDiagram, fileWritingScript } from '../../resources/codeInDiagrams.js';

/** A diagram that never passed the deploy check: written straight into the definitions table. */
async function plant(sys: System, xml: string, key = 'attack'): Promise<void> {
  await sys.db.transaction((tx) => tx.getRepository(ProcessDefinitionEntity).insert({
    id: randomUUID(), key, version: 1, hash: diagramHash(xml), xml, name: null,
    deployedBy: 'intruder', deployedAt: new Date(), note: null,
  }));
}

/** The step's failure, or null if it did not fail. */
async function failureOf(work: Promise<unknown>): Promise<{ code?: string; message: string; details?: { path: string; message: string }[] } | null> {
  try {
    await work;
    return null;
  } catch (err) {
    return err as { code?: string; message: string; details?: { path: string; message: string }[] };
  }
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('Issue 10 #1 / X1: the engine runs no code even from a diagram that bypassed the deploy check (second wall)', () => {
  let sys: System;
  let file: string;
  beforeEach(() => {
    file = path.join(os.tmpdir(), `dsr-pwned-${randomUUID()}.txt`);
  });
  afterEach(async () => {
    await sys?.close();
    fs.rmSync(file, { force: true });
    delete (globalThis as Record<string, unknown>).dsrPwned;
  });

  it('Scenario: a conditional event with a JavaScript condition that writes a file: the case fails naming the event, no file is written', async () => {
    sys = await freshSystem();
    await plant(sys, attackDiagram(`<intermediateCatchEvent id="x" name="Pogoj"><conditionalEventDefinition id="cd1"><condition xsi:type="tFormalExpression" language="javascript">${escape(fileWritingScript(file))}</condition></conditionalEventDefinition></intermediateCatchEvent>`));
    const err = await failureOf(sys.host.start('attack', { actor: 'clerk' }));
    expect(err?.code, err?.message).to.equal('process_failed');
    expect(err!.details).to.deep.equal([{ path: 'x', message: '<x> holds a javascript script; this host runs no code from a diagram' }]);
    expect(fs.existsSync(file), 'the script ran').to.equal(false);
    // The step rolled back: no case was left behind half-started
    expect(await sys.db.read((m) => m.getRepository(ProcessInstanceEntity).count())).to.equal(0);
  });

  it('Scenario: a sequence flow whose condition is JavaScript: the step fails naming the flow, no file is written', async () => {
    sys = await freshSystem();
    await plant(sys, attackDiagram(`<exclusiveGateway id="x" default="toB" />
    <sequenceFlow id="toA" sourceRef="x" targetRef="join"><conditionExpression xsi:type="tFormalExpression" language="javascript">${escape(fileWritingScript(file))}</conditionExpression></sequenceFlow>
    <sequenceFlow id="toB" sourceRef="x" targetRef="join" />
    <exclusiveGateway id="join" />`, '', 'x', 'join'));
    const err = await failureOf(sys.host.start('attack', { actor: 'clerk' }));
    expect(err?.code, err?.message).to.equal('process_failed');
    expect(err!.details!.map((d) => d.path)).to.deep.equal(['toA']);
    expect(fs.existsSync(file), 'the script ran').to.equal(false);
  });

  it('Scenario: a script task reached after a timer: the timer job becomes an incident at once naming the task, no file is written, the case still waits', async () => {
    sys = await freshSystem();
    await plant(sys, attackDiagram(`<intermediateCatchEvent id="x" name="Rok"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="toScript" sourceRef="x" targetRef="evil" />
    <scriptTask id="evil" scriptFormat="javascript"><script>${escape(fileWritingScript(file))}</script></scriptTask>`, '', 'x', 'evil'));
    const started = await sys.host.start('attack', { actor: 'clerk' });
    sys.fakeClock!.advance(2 * 60 * 60_000);
    expect(await sys.worker.runDue()).to.deep.equal({ fired: 0, failed: 0, incidents: 1 });
    expect(fs.existsSync(file), 'the script ran').to.equal(false);
    const [job] = await sys.db.read((m) => m.getRepository(JobEntity).find({ where: { instanceId: started.instance.id } }));
    expect(job).to.include({ status: 'incident', elementId: 'x', attempts: 1 });
    expect(job!.lastError).to.include('<evil> holds a javascript script; this host runs no code from a diagram');
    const row = await sys.db.read((m) => m.getRepository(ProcessInstanceEntity).findOneByOrFail({ id: started.instance.id }));
    expect(row).to.include({ status: 'running', version: 1 });
  });

  it('Scenario: a script task inside a sub-process (whose engine environment is a copy): the step fails naming it, no file is written', async () => {
    sys = await freshSystem();
    await plant(sys, attackDiagram(`<subProcess id="x" name="Podproces">
      <startEvent id="innerStart" />
      <sequenceFlow id="g1" sourceRef="innerStart" targetRef="innerScript" />
      <scriptTask id="innerScript" scriptFormat="js"><script>${escape(fileWritingScript(file))}</script></scriptTask>
      <sequenceFlow id="g2" sourceRef="innerScript" targetRef="innerEnd" />
      <endEvent id="innerEnd" />
    </subProcess>`));
    const err = await failureOf(sys.host.start('attack', { actor: 'clerk' }));
    expect(err?.code, err?.message).to.equal('process_failed');
    expect(err!.details!.map((d) => d.path)).to.deep.equal(['innerScript']);
    expect(fs.existsSync(file), 'the script ran').to.equal(false);
  });

  it('Scenario: a service task whose implementation builds a function from a string: nothing is built or called', async () => {
    sys = await freshSystem();
    await plant(sys, attackDiagram(`<serviceTask id="x" implementation="\${environment.constructor.constructor('globalThis.dsrPwned = 1')}" />`));
    const err = await failureOf(sys.host.start('attack', { actor: 'clerk' }));
    expect(err?.code, err?.message).to.equal('process_failed');
    expect(err!.details!.map((d) => d.path)).to.deep.equal(['x']);
    expect(err!.message).to.include('is not allowed: only ${environment.variables.<name>} and ${environment.services.<handler>} are resolved');
    expect((globalThis as Record<string, unknown>).dsrPwned).to.equal(undefined);
  });

  it('Scenario: a gateway condition that calls a handler: the handler is not called', async () => {
    let calls = 0;
    const handlers = new HandlerRegistry().register('markApproved', async () => {
      calls += 1;
      return { approved: true };
    });
    sys = await freshSystem({ handlers });
    await plant(sys, attackDiagram(`<exclusiveGateway id="x" default="toB" />
    <sequenceFlow id="toA" sourceRef="x" targetRef="svc"><conditionExpression xsi:type="tFormalExpression">\${environment.services.markApproved()}</conditionExpression></sequenceFlow>
    <serviceTask id="svc" implementation="\${environment.services.markApproved}" />
    <sequenceFlow id="fromSvc" sourceRef="svc" targetRef="join" />
    <sequenceFlow id="toB" sourceRef="x" targetRef="join" />
    <exclusiveGateway id="join" />`, '', 'x', 'join'));
    const err = await failureOf(sys.host.start('attack', { actor: 'clerk' }));
    expect(err?.code, err?.message).to.equal('process_failed');
    expect(err!.message).to.include('"${environment.services.markApproved()}" is not allowed');
    expect(calls).to.equal(0);
  });

  it('Scenario: the same diagrams are refused at deploy, so none of this reaches the table by the front door', async () => {
    sys = await freshSystem();
    const xml = attackDiagram(`<intermediateCatchEvent id="x" name="Pogoj"><conditionalEventDefinition id="cd1"><condition xsi:type="tFormalExpression" language="javascript">${escape(fileWritingScript(file))}</condition></conditionalEventDefinition></intermediateCatchEvent>`);
    const err = await failureOf(sys.definitions.deploy(xml, 'legal'));
    expect(err?.code).to.equal('deployment_invalid');
    expect(err!.details!.map((d) => d.path)).to.include('x');
    expect(fs.existsSync(file)).to.equal(false);
  });
});
