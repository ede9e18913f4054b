import { expect } from 'chai';
import { parseDiagram } from '../../../src/engine/bpmnSource.js';
import { validateDiagram } from '../../../src/engine/validateDiagram.js';
import { resource } from '../../support/system.js';

const rules = { handlers: new Set(['markApproved', 'noop']), roles: new Set(['dpo', 'clerk']) };

async function errorsOf(xml: string) {
  const { errors } = await validateDiagram(xml, await parseDiagram(xml), rules);
  return errors;
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
