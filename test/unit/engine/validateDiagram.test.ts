import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { DiagramParseError, parseDiagram } from '../../../src/engine/bpmnSource.js';
import { validateDiagram } from '../../../src/engine/validateDiagram.js';
import { resource, RESOURCES } from '../../support/system.js';
import { CODE_CASES, attackDiagram } from '../../resources/codeInDiagrams.js';

const rules = { handlers: new Set(['markApproved', 'noop']), roles: new Set(['dpo', 'clerk']) };

async function errorsOf(xml: string) {
  const { errors } = await validateDiagram(xml, await parseDiagram(xml), rules);
  return errors;
}

/** What a deploy would answer: the validation errors, or the parse refusal's details (an element the engine does not know). */
async function refusalOf(xml: string) {
  try {
    return await errorsOf(xml);
  } catch (err) {
    if (err instanceof DiagramParseError) return err.details;
    throw err;
  }
}

const base = resource('approval.bpmn');

describe('engine/validateDiagram: no code in diagrams (DESIGN principle 2)', () => {
  it('accepts the test diagram as it is', async () => {
    expect(await errorsOf(base)).to.deep.equal([]);
  });

  it('refuses a script task, naming it', async () => {
    const errors = await errorsOf(resource('script-task.bpmn'));
    expect(errors.map((e) => e.path)).to.include('evilScript');
    expect(errors.find((e) => e.path === 'evilScript')!.message).to.match(/^<evilScript> script tasks are not allowed/);
  });

  it('refuses a JavaScript condition and an expression beyond a plain variable reference', async () => {
    const js = base.replace('${environment.variables.approved}', '${environment.variables.approved === true}');
    expect((await errorsOf(js)).map((e) => e.path)).to.deep.equal(['toWait']);
    const call = base.replace('${environment.variables.approved}', '${environment.services.markApproved()}');
    expect((await errorsOf(call)).map((e) => e.path)).to.deep.equal(['toWait']);
    const lang = base.replace('<conditionExpression xsi:type="tFormalExpression">', '<conditionExpression xsi:type="tFormalExpression" language="javascript">');
    expect((await errorsOf(lang)).map((e) => e.path)).to.deep.equal(['toWait']);
  });

  it('refuses a service task with an unknown handler or none', async () => {
    const unknown = base.replace('environment.services.markApproved', 'environment.services.deleteEverything');
    const errors = await errorsOf(unknown);
    expect(errors.map((e) => e.path)).to.deep.equal(['compute']);
    expect(errors[0]!.message).to.include('unknown handler "deleteEverything"');
    const none = base.replace(' implementation="${environment.services.markApproved}"', '');
    expect((await errorsOf(none)).map((e) => e.path)).to.deep.equal(['compute']);
  });

  it('refuses a user task with no candidate role, or an unknown role', async () => {
    const none = base.replace(' camunda:candidateGroups="clerk"', '');
    expect((await errorsOf(none)).map((e) => e.path)).to.deep.equal(['archive']);
    const unknown = base.replace('camunda:candidateGroups="clerk"', 'camunda:candidateGroups="janitor"');
    expect((await errorsOf(unknown))[0]!.message).to.include('unknown role "janitor"');
  });

  it('refuses a due date or timer that is an expression, and a timer that is not ISO 8601', async () => {
    const due = base.replace('${environment.variables.reviewDue}', '${environment.variables.reviewDue + 1}');
    expect((await errorsOf(due)).map((e) => e.path)).to.deep.equal(['review']);
    const timer = base.replace('${environment.variables.deadlineAt}', 'next tuesday');
    expect((await errorsOf(timer)).map((e) => e.path)).to.deep.equal(['waitDeadline']);
    const literal = base.replace('${environment.variables.deadlineAt}', 'P3M');
    expect(await errorsOf(literal)).to.deep.equal([]);
  });

  it('refuses structural errors found by bpmnlint, naming the element', async () => {
    const dangling = base.replace('<sequenceFlow id="toDone" sourceRef="archive" targetRef="done" />', '');
    const paths = (await errorsOf(dangling)).map((e) => e.path);
    expect(paths).to.include('archive');
  });

  it('refuses what is not BPMN at all', async () => {
    let error: unknown;
    try {
      await parseDiagram('<not-bpmn/>');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
  });
});

describe('Issue 10 #1 / X1: no code in a diagram, by construction (deploy allow-list)', () => {
  for (const c of CODE_CASES) {
    it(`refuses ${c.place}, naming <${c.path}>`, async () => {
      const errors = await refusalOf(c.xml);
      const mine = errors.filter((e) => e.path === c.path);
      expect(mine, JSON.stringify(errors)).to.not.be.empty;
      for (const e of mine) expect(e.message.startsWith(`<${c.path}> `), e.message).to.equal(true);
    });
  }

  it('still accepts every diagram of processes/, test/resources and test/fixtures that is not an attack', async () => {
    const root = path.resolve(RESOURCES, '../..');
    const files = [
      path.join(root, 'processes/dsr-request.bpmn'),
      path.join(root, 'processes/src/dsr-request.semantic.bpmn'),
      ...fs.readdirSync(RESOURCES).filter((f) => f.endsWith('.bpmn') && f !== 'script-task.bpmn').map((f) => path.join(RESOURCES, f)),
      ...fs.readdirSync(path.join(root, 'test/fixtures/migration')).filter((f) => f.endsWith('.bpmn')).map((f) => path.join(root, 'test/fixtures/migration', f)),
    ];
    const real = { handlers: { has: () => true }, roles: new Set(['dpo', 'clerk', 'records_owner', 'legal', 'auditor', 'admin']) };
    for (const file of files) {
      const xml = fs.readFileSync(file, 'utf8');
      const { errors } = await validateDiagram(xml, await parseDiagram(xml), real);
      expect(errors, file).to.deep.equal([]);
    }
  });

  it('accepts the forms the host resolves: variable references in conditions, timers and due dates, handler references, ISO literals', async () => {
    const ok = attackDiagram(`<userTask id="x" name="Naloga" camunda:candidateGroups="dpo" camunda:dueDate="\${environment.variables.case.due}">
        <documentation>Prose may mention \${environment.variables.anything}: it is never evaluated.</documentation>
      </userTask>
    <sequenceFlow id="toWait" sourceRef="x" targetRef="wait" />
    <intermediateCatchEvent id="wait" name="Rok"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">P30D</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="toSvc" sourceRef="wait" targetRef="svc" />
    <serviceTask id="svc" name="Storitev" implementation="\${environment.services.markApproved}"><extensionElements><camunda:properties><camunda:property name="letter" value="potrdilo" /></camunda:properties></extensionElements></serviceTask>`, '', 'x', 'svc');
    expect(await errorsOf(ok)).to.deep.equal([]);
  });

  it('refuses an empty condition (the engine would fail on it)', async () => {
    const empty = resource('approval.bpmn').replace('<conditionExpression xsi:type="tFormalExpression">${environment.variables.approved}</conditionExpression>', '<conditionExpression xsi:type="tFormalExpression" />');
    expect((await errorsOf(empty)).map((e) => e.path)).to.deep.equal(['toWait']);
  });

  it('refuses a script language on a condition even when its body looks like a variable reference', async () => {
    const lang = resource('approval.bpmn').replace('<conditionExpression xsi:type="tFormalExpression">', '<conditionExpression xsi:type="tFormalExpression" language="js">');
    const errors = await errorsOf(lang);
    expect(errors.map((e) => e.path)).to.deep.equal(['toWait']);
    expect(errors[0]!.message).to.match(/^<toWait> holds a "js" script/);
  });

  it('refuses a start event that is not blank, a throw event that would publish a message, and an event sub-process', async () => {
    const timerStart = attackDiagram('<task id="x" name="A" />').replace('<startEvent id="start" />', '<startEvent id="start"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">P1D</timeDuration></timerEventDefinition></startEvent>');
    expect((await errorsOf(timerStart)).map((e) => e.path)).to.include('start');
    const throwMessage = attackDiagram('<intermediateThrowEvent id="x" name="Pošlji"><messageEventDefinition messageRef="m" /></intermediateThrowEvent>', '<message id="m" name="odgovor" />');
    expect((await errorsOf(throwMessage)).map((e) => e.path)).to.include('x');
    const eventSub = attackDiagram('<task id="x" name="A" />').replace('<sequenceFlow id="toEnd"', `<subProcess id="onTimer" triggeredByEvent="true">
      <startEvent id="evStart"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">P1D</timeDuration></timerEventDefinition></startEvent>
      <sequenceFlow id="e1" sourceRef="evStart" targetRef="evEnd" />
      <endEvent id="evEnd" />
    </subProcess>
    <sequenceFlow id="toEnd"`);
    expect((await errorsOf(eventSub)).map((e) => e.path)).to.include.members(['onTimer', 'evStart']);
  });
});
