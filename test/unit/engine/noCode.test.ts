import { expect } from 'chai';
import { CodeRefusedError, codeRefusal, plainExpressions, RefusingScripts } from '../../../src/engine/noCode.js';

const context = () => ({
  environment: {
    variables: { approved: true, deadline: '2026-06-03', case: { due: '2026-04-01', list: [1, 2] }, name: 'Ana' },
    services: { markApproved: () => 'called' },
  },
});

function refusedBy(fn: () => unknown): CodeRefusedError | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err as CodeRefusedError;
  }
}

describe('Issue 10 #1 / X1: the engine\'s expression resolver resolves plain references only', () => {
  const resolve = (expr: string) => plainExpressions.resolveExpression(expr, context());

  it('resolves variables (nested too), handler references and literals; a missing variable is undefined', () => {
    expect(resolve('${environment.variables.approved}')).to.equal(true);
    expect(resolve('${environment.variables.case.due}')).to.equal('2026-04-01');
    expect(resolve('${ environment.variables.deadline }')).to.equal('2026-06-03');
    expect(resolve('${environment.variables.nothing.here}')).to.equal(undefined);
    expect(resolve('${environment.services.markApproved}')).to.be.a('function');
    expect(resolve('${true}')).to.equal(true);
    expect(resolve('${null}')).to.equal(null);
    expect(resolve('${42}')).to.equal(42);
    expect(resolve('Zadeva ${environment.variables.name}')).to.equal('Zadeva Ana');
    expect(resolve('no expression')).to.equal('no expression');
  });

  it('never calls a function, never reads a prototype, never leaves the variables and services', () => {
    let called = 0;
    const ctx = context();
    ctx.environment.services.markApproved = () => {
      called += 1;
      return 'called';
    };
    const attacks = [
      '${environment.services.markApproved()}',
      '${environment.constructor.constructor("globalThis.dsrPwned = 1")}',
      '${environment.variables.name.constructor.constructor("return 1")}',
      '${environment.variables.__proto__}',
      '${environment.variables.case.list.map(environment.services.markApproved)}',
      '${environment.resolveExpression}',
      '${content.id}',
      '${process.env}',
      '${environment.services.markApproved.call}',
      'Zadeva ${environment.services.markApproved()}',
    ];
    for (const expr of attacks) {
      const err = refusedBy(() => plainExpressions.resolveExpression(expr, ctx));
      expect(err, expr).to.be.instanceOf(CodeRefusedError);
      expect(err!.message, expr).to.include('is not allowed');
    }
    expect(called).to.equal(0);
    expect((globalThis as Record<string, unknown>).dsrPwned).to.equal(undefined);
    // What a person typed into a variable is data: a `${…}` inside it is not evaluated in turn
    ctx.environment.variables.name = '${environment.services.markApproved()}';
    expect(plainExpressions.resolveExpression('Zadeva ${environment.variables.name}', ctx)).to.equal('Zadeva ${environment.services.markApproved()}');
    expect(called).to.equal(0);
    // Own properties only: what a prototype would answer is not there
    expect(resolve('${environment.variables.case.hasOwnProperty}')).to.equal(undefined);
    expect(resolve('${environment.variables.toString}')).to.equal(undefined);
  });
});

describe('Issue 10 #1 / X1: the engine\'s scripts registry never runs a script', () => {
  const scripts = new RefusingScripts();
  const run = (script: { execute(scope: unknown, cb: (err: unknown) => void): void } | undefined) => {
    let failure: unknown = 'not called';
    script!.execute({}, (err) => {
      failure = err;
    });
    return failure as CodeRefusedError;
  };

  it('a script task gets a script that fails with its id, whatever its language', () => {
    for (const language of ['javascript', 'js', 'groovy', undefined]) {
      const err = run(scripts.getScript(language as string, { id: 'evil', type: 'bpmn:ScriptTask' }));
      expect(err).to.be.instanceOf(CodeRefusedError);
      expect(err.elementId).to.equal('evil');
      expect(err.message).to.match(/^<evil> holds a .* script; this host runs no code from a diagram$/);
    }
  });

  it('a sequence flow with a language fails; one without gets no script (its expression is resolved as a plain reference)', () => {
    expect(run(scripts.getScript('javascript', { id: 'toA', type: 'bpmn:SequenceFlow' })).elementId).to.equal('toA');
    expect(scripts.getScript(undefined as unknown as string, { id: 'toB', type: 'bpmn:SequenceFlow' })).to.equal(undefined);
    expect(scripts.register({ id: 'toA', type: 'bpmn:SequenceFlow', behaviour: {} })).to.equal(undefined);
  });

  it('a conditional event definition registered as "<event>/<index>" fails naming the event', () => {
    const err = run(scripts.register({ id: 'waitForIt/0', type: 'bpmn:ConditionalEventDefinition', behaviour: { scriptFormat: 'javascript', script: 'next(null, true)' } }));
    expect(err.elementId).to.equal('waitForIt');
    expect(codeRefusal({ inner: err })).to.equal(err);
    expect(codeRefusal(new Error('other'))).to.equal(null);
  });
});
