import type { FieldIssue } from '../errors.js';
import type { ModdleElement } from './bpmnSource.js';

/**
 * No code in a diagram, by construction (issue 10 #1, DESIGN principle 2). Every semantic element of the
 * diagram is checked against what the host supports: its type, each attribute it sets, and each `${…}`
 * it holds. Whatever is not listed here is refused, naming the element. The drawing (BPMN DI) is never
 * executed and is not checked.
 */

/** The only expressions the host resolves (its engine resolves nothing else either, see noCode.ts). */
export const VARIABLE_REF = /^\$\{environment\.variables\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\}$/;
export const SERVICE_REF = /^\$\{environment\.services\.[A-Za-z_][A-Za-z0-9_]*\}$/;

const COMMON = ['id', 'name', 'documentation'];
const FLOW_NODE = [...COMMON, 'extensionElements'];
const EVENT = [...FLOW_NODE, 'eventDefinitions'];
const SCRIPT_KEYS = new Set(['language', 'scriptFormat', 'script', 'resource']);
const SERVICE_LIKE = [...FLOW_NODE, 'implementation'];

/** Element types the host runs, with the attributes and children each may set (besides references). */
const ALLOWED: Record<string, string[]> = {
  'bpmn:Definitions': ['id', 'name', 'targetNamespace', 'exporter', 'exporterVersion', 'rootElements', 'diagrams', 'documentation'],
  'bpmn:Process': [...FLOW_NODE, 'isExecutable', 'flowElements', 'laneSets', 'artifacts', 'versionTag', 'historyTimeToLive', 'isStartableInTasklist'],
  'bpmn:Collaboration': [...COMMON, 'participants', 'artifacts'],
  'bpmn:Participant': COMMON,
  'bpmn:Message': COMMON,
  'bpmn:LaneSet': [...COMMON, 'lanes'],
  'bpmn:Lane': [...COMMON, 'childLaneSet'],
  'bpmn:StartEvent': EVENT,
  'bpmn:EndEvent': EVENT,
  'bpmn:IntermediateCatchEvent': EVENT,
  'bpmn:IntermediateThrowEvent': EVENT,
  'bpmn:BoundaryEvent': [...EVENT, 'cancelActivity'],
  'bpmn:UserTask': [...FLOW_NODE, 'candidateGroups', 'formKey', 'dueDate'],
  'bpmn:ServiceTask': SERVICE_LIKE,
  'bpmn:SendTask': SERVICE_LIKE,
  'bpmn:BusinessRuleTask': SERVICE_LIKE,
  'bpmn:ReceiveTask': FLOW_NODE,
  'bpmn:Task': FLOW_NODE,
  'bpmn:ManualTask': FLOW_NODE,
  'bpmn:SubProcess': [...FLOW_NODE, 'flowElements', 'artifacts', 'laneSets', 'triggeredByEvent'],
  'bpmn:ExclusiveGateway': [...FLOW_NODE, 'gatewayDirection'],
  'bpmn:ParallelGateway': [...FLOW_NODE, 'gatewayDirection'],
  'bpmn:InclusiveGateway': [...FLOW_NODE, 'gatewayDirection'],
  'bpmn:EventBasedGateway': [...FLOW_NODE, 'gatewayDirection'],
  'bpmn:SequenceFlow': [...FLOW_NODE, 'conditionExpression', 'isImmediate'],
  'bpmn:FormalExpression': ['id', 'body'],
  'bpmn:Expression': ['id', 'body'],
  'bpmn:TimerEventDefinition': ['id', 'timeDate', 'timeDuration', 'timeCycle'],
  'bpmn:MessageEventDefinition': ['id'],
  'bpmn:TerminateEventDefinition': ['id'],
  'bpmn:TextAnnotation': ['id', 'text', 'textFormat'],
  'bpmn:Association': ['id', 'associationDirection'],
  'bpmn:Group': ['id'],
  'bpmn:Category': ['id', 'name', 'categoryValue'],
  'bpmn:CategoryValue': ['id', 'value'],
  'bpmn:Documentation': ['id', 'text', 'textFormat'],
  'bpmn:ExtensionElements': ['values'],
  'camunda:Properties': ['values'],
  'camunda:Property': ['id', 'name', 'value'],
};

/** Event definitions each kind of event may hold: those the host turns into wait rows, and "terminate". */
const EVENT_DEFINITIONS: Record<string, string[]> = {
  'bpmn:StartEvent': [],
  'bpmn:IntermediateThrowEvent': [],
  'bpmn:IntermediateCatchEvent': ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'],
  'bpmn:BoundaryEvent': ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'],
  'bpmn:EndEvent': ['bpmn:TerminateEventDefinition'],
};

/** Why a well-known type is refused, where "not supported" alone would not help the modeler. */
const REFUSED_TYPE: Record<string, string> = {
  'bpmn:ScriptTask': 'script tasks are not allowed: use a service task with a registered handler',
  'bpmn:ConditionalEventDefinition': 'conditional events are not allowed: their condition would be evaluated as code and nothing wakes them; use an exclusive gateway on a variable, a message or a timer',
  'bpmn:CallActivity': 'call activities are not supported: the host runs one process per diagram',
  'bpmn:MultiInstanceLoopCharacteristics': 'multi-instance activities are not supported by this host',
  'bpmn:StandardLoopCharacteristics': 'loops are not supported by this host: model the loop with a gateway and a flow back',
  'bpmn:ComplexGateway': 'complex gateways are not supported: their activation condition would be evaluated as code',
  'bpmn:Transaction': 'transactions are not supported by this host',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes are not supported by this host',
  'camunda:InputOutput': 'input/output mappings are not supported: they are evaluated as expressions or scripts',
  'camunda:ExecutionListener': 'execution listeners are not supported: they run code',
  'camunda:TaskListener': 'task listeners are not supported: they run code',
  'camunda:Script': 'scripts are not allowed: this host runs no code from a diagram',
  'camunda:Connector': 'connectors are not supported: use a service task with a registered handler',
  'camunda:In': 'call activity mappings are not supported by this host',
  'camunda:Out': 'call activity mappings are not supported by this host',
};

/** Attributes that may be present but only with their harmless value. */
const ONLY_VALUE: Record<string, unknown> = { triggeredByEvent: false, isImmediate: false };

/** Parts of an element (definitions, expressions, extensions): an error names the element they belong to. */
function isPart(type: string): boolean {
  return /EventDefinition$|Expression$|LoopCharacteristics$|^bpmn:(ExtensionElements|Documentation)$|^camunda:/.test(type);
}

export function allowListErrors(root: ModdleElement): FieldIssue[] {
  const errors: FieldIssue[] = [];
  const seen = new Set<string>();
  const fail = (el: ModdleElement, message: string) => {
    const path = ownerId(el);
    const issue = { path, message: `<${path}> ${message}` };
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push(issue);
    }
  };

  const visit = (el: ModdleElement, parent: ModdleElement | null, key: string | null) => {
    const type = el.$type;
    const allowed = ALLOWED[type];
    if (!allowed) {
      fail(el, REFUSED_TYPE[type] ?? `${describe(type, parent, key)} is not supported by this host`);
      return; // nothing inside a refused element is looked at: it cannot be deployed anyway
    }
    if (parent && key === 'eventDefinitions' && !(EVENT_DEFINITIONS[parent.$type] ?? []).includes(type)) {
      fail(el, parent.$type === 'bpmn:StartEvent'
        ? `${short(type)} on a start event is not supported: the host starts every case itself, the start event must be blank`
        : `${short(type)} is not supported on ${short(parent.$type)}`);
      return;
    }
    checkAttrs(el, fail);
    if (parent?.$type === 'bpmn:SequenceFlow' && typeof el.body !== 'string') {
      fail(el, 'condition is empty: only ${environment.variables.name} may be used');
    }
    for (const [name, value] of Object.entries(el)) {
      if (name.startsWith('$')) continue;
      if (!allowed.includes(name)) {
        if (SCRIPT_KEYS.has(name)) fail(el, `holds a ${typeof value === 'string' && name !== 'script' ? `"${value}" ` : ''}script (${name}): this host runs no code from a diagram`);
        else if (isElement(value) && REFUSED_TYPE[value.$type]) fail(el, REFUSED_TYPE[value.$type]!);
        else fail(el, `${short(type)} attribute "${name}" is not supported by this host`);
        continue;
      }
      if (name in ONLY_VALUE && value !== ONLY_VALUE[name]) {
        fail(el, `${short(type)} attribute ${name}="${String(value)}" is not supported by this host`);
        continue;
      }
      if (name === 'diagrams') continue; // the drawing is never executed
      if (Array.isArray(value)) {
        for (const child of value) if (isElement(child)) visit(child, el, name);
      } else if (isElement(value)) {
        visit(value, el, name);
      } else if (typeof value === 'string') {
        checkText(el, parent, name, value, fail);
      }
    }
  };
  visit(root, null, null);
  return errors;
}

/** Where a `${…}` may stand, and in which form; anywhere else it is refused. */
function checkText(el: ModdleElement, parent: ModdleElement | null, name: string, value: string, fail: (el: ModdleElement, m: string) => void): void {
  if (el.$type === 'bpmn:FormalExpression' || el.$type === 'bpmn:Expression') {
    const body = value.trim();
    const owner = parent?.$type ?? '';
    if (owner === 'bpmn:SequenceFlow') {
      if (!VARIABLE_REF.test(body)) fail(el, `condition "${value}" is not allowed: only \${environment.variables.name} may be used`);
      return;
    }
    if (owner === 'bpmn:TimerEventDefinition') {
      if (body.includes('${') && !VARIABLE_REF.test(body)) fail(el, `timer "${value}" is not allowed: only an ISO 8601 date or duration, or \${environment.variables.name}`);
      return;
    }
  }
  if (!value.includes('${')) return;
  if (name === 'text' && (el.$type === 'bpmn:Documentation' || el.$type === 'bpmn:TextAnnotation')) return; // prose, never evaluated
  if (name === 'implementation' && SERVICE_REF.test(value.trim())) return;
  if (name === 'dueDate' && VARIABLE_REF.test(value.trim())) return;
  if (name === 'implementation') fail(el, `implementation "${value}" is not allowed: only \${environment.services.<handler>} may be used`);
  else if (name === 'dueDate') fail(el, `dueDate "${value}" is not allowed: only \${environment.variables.name} may be used`);
  else fail(el, `${name} "${value}" is not allowed: no expression may be used here`);
}

/**
 * Attributes moddle does not know (another namespace, a misspelling) land in $attrs. Namespace
 * declarations, xsi:type and the modeler's own marks on the root are fine; on anything else the engine
 * would ignore them silently, so they are refused. No `${` anywhere.
 */
function checkAttrs(el: ModdleElement, fail: (el: ModdleElement, m: string) => void): void {
  const attrs = (el.$attrs as Record<string, unknown> | undefined) ?? {};
  for (const [name, value] of Object.entries(attrs)) {
    if (String(value).includes('${')) {
      fail(el, `attribute ${name}="${String(value)}" is not allowed: no expression may be used here`);
    } else if (!(name === 'xmlns' || name.startsWith('xmlns:') || name === 'xsi:type' || el.$type === 'bpmn:Definitions')) {
      fail(el, `${short(el.$type)} attribute "${name}" is not supported by this host`);
    }
  }
}

/** The id of the element an error belongs to: a condition's flow, a timer's event, a property's task. */
function ownerId(el: ModdleElement): string {
  let cur: ModdleElement | undefined = el;
  while (cur && (isPart(cur.$type) || !cur.id)) cur = cur.$parent as ModdleElement | undefined;
  return cur?.id ?? 'definitions';
}

function describe(type: string, parent: ModdleElement | null, key: string | null): string {
  if (parent?.$type === 'bpmn:ExtensionElements') return `extension element ${type}`;
  if (key === 'eventDefinitions') return `${short(type)} on ${short(parent!.$type)}`;
  return `element type ${type}`;
}

function short(type: string): string {
  return type.replace(/^bpmn:/, '');
}

function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as ModdleElement).$type === 'string';
}
