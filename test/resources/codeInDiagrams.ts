/**
 * Every place where bpmn-elements (17.x) evaluates a script or an expression from a diagram, as an attack
 * a legal user could deploy (issue 10 #1). Each case names the source that would evaluate it and the
 * element id the refusal must name. Shared by the validateDiagram unit test and the API feature test.
 */

export interface CodeCase {
  /** What would run the code, and where in bpmn-elements' sources. */
  place: string;
  xml: string;
  /** The element id the deploy refusal names (details[].path). */
  path: string;
}

const NS = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:foo="http://example.com/foo"';

/** A process start → body → end, where body begins with the element `first` and ends with `last`. */
export function attackDiagram(body: string, roots = '', first = 'x', last = 'x'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions ${NS} id="attackDefs" targetNamespace="http://zzzs.si/dsr/test">
  ${roots}
  <process id="attack" name="Napad" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="toFirst" sourceRef="start" targetRef="${first}" />
    ${body}
    <sequenceFlow id="toEnd" sourceRef="${last}" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
}

/** JavaScript that escapes node:vm through the host function `next` and writes a file as the server's user. */
export function fileWritingScript(file: string): string {
  return `next.constructor.constructor("return process")().getBuiltinModule("fs").writeFileSync(${JSON.stringify(file)}, "pwned"); next(null, true);`;
}

const gateway = (flow: string) => `
    <exclusiveGateway id="x" name="Razcep" default="toB" />
    ${flow}
    <sequenceFlow id="toB" sourceRef="x" targetRef="join" />
    <exclusiveGateway id="join" name="Združitev" />
    <sequenceFlow id="fromA" sourceRef="a" targetRef="join" />
    <task id="a" name="A" />`;

export const CODE_CASES: CodeCase[] = [
  {
    place: 'script task (tasks/ScriptTask.js: environment.getScript)',
    xml: attackDiagram('<scriptTask id="x" name="Skripta" scriptFormat="javascript"><script>next()</script></scriptTask>'),
    path: 'x',
  },
  {
    place: 'sequence flow condition with a language (flows/SequenceFlow.js getCondition: environment.getScript)',
    xml: attackDiagram(gateway('<sequenceFlow id="toA" sourceRef="x" targetRef="a"><conditionExpression xsi:type="tFormalExpression" language="javascript">next(null, true)</conditionExpression></sequenceFlow>'), '', 'x', 'join'),
    path: 'toA',
  },
  {
    place: 'conditional catch event with a JavaScript condition (eventDefinitions/ConditionalEventDefinition.js: scripts.register), the attack of the finding',
    xml: attackDiagram('<intermediateCatchEvent id="x" name="Pogoj"><conditionalEventDefinition id="cd1"><condition xsi:type="tFormalExpression" language="javascript">next(null, true)</condition></conditionalEventDefinition></intermediateCatchEvent>'),
    path: 'x',
  },
  {
    place: 'conditional boundary event with an expression condition (condition.js ExpressionCondition: resolveExpression)',
    xml: attackDiagram(`<userTask id="x" name="Naloga" camunda:candidateGroups="dpo" />
    <boundaryEvent id="onCondition" attachedToRef="x"><conditionalEventDefinition><condition xsi:type="tFormalExpression">\${environment.variables.ready}</condition></conditionalEventDefinition></boundaryEvent>
    <sequenceFlow id="fromBoundary" sourceRef="onCondition" targetRef="end" />`),
    path: 'onCondition',
  },
  {
    place: 'conditional start event',
    xml: attackDiagram('<task id="x" name="A" />').replace('<startEvent id="start" />', '<startEvent id="start"><conditionalEventDefinition><condition xsi:type="tFormalExpression" language="js">true</condition></conditionalEventDefinition></startEvent>'),
    path: 'start',
  },
  {
    place: 'sequence flow condition that calls a function (Expressions.js → getPropertyValue calls `name(...)`)',
    xml: attackDiagram(gateway('<sequenceFlow id="toA" sourceRef="x" targetRef="a"><conditionExpression xsi:type="tFormalExpression">${environment.services.markApproved()}</conditionExpression></sequenceFlow>'), '', 'x', 'join'),
    path: 'toA',
  },
  {
    place: 'service task implementation beyond a handler reference (tasks/ServiceImplementation.js: resolveExpression, then calls the result)',
    xml: attackDiagram(`<serviceTask id="x" name="Storitev" implementation="\${environment.constructor.constructor('globalThis.pwned = 1')}" />`),
    path: 'x',
  },
  {
    place: 'timer date beyond a variable reference (eventDefinitions/TimerEventDefinition.js: resolveExpression)',
    xml: attackDiagram(`<intermediateCatchEvent id="x" name="Rok"><timerEventDefinition><timeDate xsi:type="tFormalExpression">\${environment.variables.due.constructor.constructor('return 1')}</timeDate></timerEventDefinition></intermediateCatchEvent>`),
    path: 'x',
  },
  {
    place: 'timer cycle that calls a handler',
    xml: attackDiagram('<intermediateCatchEvent id="x" name="Cikel"><timerEventDefinition><timeCycle xsi:type="tFormalExpression">${environment.services.markApproved()}</timeCycle></timerEventDefinition></intermediateCatchEvent>'),
    path: 'x',
  },
  {
    place: 'multi-instance loop cardinality (tasks/LoopCharacteristics.js getCardinality: resolveExpression)',
    xml: attackDiagram('<userTask id="x" name="Naloga" camunda:candidateGroups="dpo"><multiInstanceLoopCharacteristics><loopCardinality xsi:type="tFormalExpression">${environment.services.markApproved()}</loopCardinality></multiInstanceLoopCharacteristics></userTask>'),
    path: 'x',
  },
  {
    place: 'multi-instance collection and completion condition (tasks/LoopCharacteristics.js getCollection, isCompletionConditionMet)',
    xml: attackDiagram('<serviceTask id="x" name="Storitev" implementation="${environment.services.markApproved}"><multiInstanceLoopCharacteristics camunda:collection="${environment.variables.list}"><completionCondition xsi:type="tFormalExpression">${environment.services.markApproved()}</completionCondition></multiInstanceLoopCharacteristics></serviceTask>'),
    path: 'x',
  },
  {
    place: 'standard loop condition (tasks/LoopCharacteristics.js isStartConditionMet / isCompletionConditionMet)',
    xml: attackDiagram('<userTask id="x" name="Naloga" camunda:candidateGroups="dpo"><standardLoopCharacteristics testBefore="true"><loopCondition xsi:type="tFormalExpression">${environment.services.markApproved()}</loopCondition></standardLoopCharacteristics></userTask>'),
    path: 'x',
  },
  {
    place: 'message name (activity/Message.js: resolveExpression)',
    xml: attackDiagram('<receiveTask id="x" name="Sporočilo" messageRef="msg" />', '<message id="msg" name="${environment.services.markApproved()}" />'),
    path: 'msg',
  },
  {
    place: 'signal event and its name (activity/Signal.js: resolveExpression)',
    xml: attackDiagram('<intermediateThrowEvent id="x" name="Signal"><signalEventDefinition signalRef="sig" /></intermediateThrowEvent>', '<signal id="sig" name="${environment.services.markApproved()}" />'),
    path: 'x',
  },
  {
    place: 'escalation event (activity/Escalation.js: resolveExpression)',
    xml: attackDiagram('<intermediateThrowEvent id="x" name="Eskalacija"><escalationEventDefinition escalationRef="esc" /></intermediateThrowEvent>', '<escalation id="esc" name="${environment.services.markApproved()}" escalationCode="E" />'),
    path: 'x',
  },
  {
    place: 'error end event, its name and code (error/BpmnError.js: resolveExpression)',
    xml: attackDiagram('<task id="x" name="A" />').replace('<endEvent id="end" />', '<endEvent id="end"><errorEventDefinition errorRef="err" /></endEvent>').replace('<process', '<error id="err" name="napaka" errorCode="${environment.services.markApproved()}" />\n  <process'),
    path: 'end',
  },
  {
    place: 'call activity (tasks/CallActivity.js: resolveExpression of calledElement)',
    xml: attackDiagram('<callActivity id="x" name="Klic" calledElement="${environment.services.markApproved()}" />'),
    path: 'x',
  },
  {
    place: 'complex gateway activation condition',
    xml: attackDiagram('<complexGateway id="x" name="Kompleksno"><activationCondition xsi:type="tFormalExpression">${environment.services.markApproved()}</activationCondition></complexGateway>'),
    path: 'x',
  },
  {
    place: 'camunda:inputOutput with a script (extension elements: Camunda engines run it, ours would silently not)',
    xml: attackDiagram('<userTask id="x" name="Naloga" camunda:candidateGroups="dpo"><extensionElements><camunda:inputOutput><camunda:inputParameter name="a"><camunda:script scriptFormat="javascript">1</camunda:script></camunda:inputParameter></camunda:inputOutput></extensionElements></userTask>'),
    path: 'x',
  },
  {
    place: 'camunda:executionListener with a script (extension elements)',
    xml: attackDiagram('<serviceTask id="x" name="Storitev" implementation="${environment.services.markApproved}"><extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="javascript">1</camunda:script></camunda:executionListener></extensionElements></serviceTask>'),
    path: 'x',
  },
  {
    place: 'camunda:taskListener with an expression (extension elements)',
    xml: attackDiagram('<userTask id="x" name="Naloga" camunda:candidateGroups="dpo"><extensionElements><camunda:taskListener event="create" expression="${environment.services.markApproved()}" /></extensionElements></userTask>'),
    path: 'x',
  },
  {
    place: 'camunda:property holding an expression (extension elements)',
    xml: attackDiagram('<serviceTask id="x" name="Storitev" implementation="${environment.services.markApproved}"><extensionElements><camunda:properties><camunda:property name="letter" value="${environment.services.markApproved()}" /></camunda:properties></extensionElements></serviceTask>'),
    path: 'x',
  },
  {
    place: 'an attribute of another namespace holding an expression',
    xml: attackDiagram('<userTask id="x" name="Naloga" camunda:candidateGroups="dpo" foo:run="${environment.services.markApproved()}" />'),
    path: 'x',
  },
  {
    place: 'a Camunda attribute the host does not run (camunda:expression on a service task)',
    xml: attackDiagram('<serviceTask id="x" name="Storitev" implementation="${environment.services.markApproved}" camunda:expression="${environment.services.markApproved()}" />'),
    path: 'x',
  },
  {
    place: 'a script task inside a sub-process',
    xml: attackDiagram(`<subProcess id="x" name="Podproces">
      <startEvent id="innerStart" />
      <sequenceFlow id="g1" sourceRef="innerStart" targetRef="innerScript" />
      <scriptTask id="innerScript" name="Skripta" scriptFormat="javascript"><script>next()</script></scriptTask>
      <sequenceFlow id="g2" sourceRef="innerScript" targetRef="innerEnd" />
      <endEvent id="innerEnd" />
    </subProcess>`),
    path: 'innerScript',
  },
];
