import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { ClockedTimerEventDefinition } from './clockedTimer.js';
import { allowListErrors } from './diagramAllowList.js';
import type { FieldIssue } from '../errors.js';

const require = createRequire(import.meta.url);
const camundaModdle = require('camunda-bpmn-moddle/resources/camunda.json') as object;

/**
 * Diagrams use the Camunda extension attributes that bpmn-js modelers already edit:
 * camunda:candidateGroups (roles), camunda:formKey, camunda:dueDate and camunda:properties.
 */
export const moddleOptions = { camunda: camundaModdle };

/** What the host needs to know of one flow element, read once per deployed version. */
export interface ElementMeta {
  id: string;
  type: string;
  name: string;
  candidateRoles: string[];
  formKey: string | null;
  dueExpression: string | null;
  /** From `implementation="${environment.services.<handler>}"`. */
  handler: string | null;
  /** camunda:properties: plain data for handlers (e.g. which letter to render). */
  properties: Record<string, string>;
  messageName: string | null;
  timer: { kind: 'timeDate' | 'timeDuration' | 'timeCycle'; expression: string } | null;
  scriptFormat: string | null;
  conditionExpressions: { flowId: string; body: string; language: string | null }[];
  expressions: { attribute: string; value: string }[];
  attachedTo: string | null;
}

export interface DiagramMeta {
  processId: string;
  processName: string | null;
  elements: Map<string, ElementMeta>;
}

export interface ParsedDiagram {
  moddleRoot: ModdleElement;
  warnings: string[];
  meta: DiagramMeta;
  /** Serialized context for `new Engine({ sourceContext })`: parsing XML per instance costs twice as much. */
  sourceContext: unknown;
}

export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

const typeResolver = TypeResolver({ ...Elements, TimerEventDefinition: ClockedTimerEventDefinition });

export class DiagramParseError extends Error {
  /** What to tell the modeler, each naming an element where one is to blame. */
  readonly details: FieldIssue[];
  constructor(message: string, options?: { cause?: unknown; details?: FieldIssue[] }) {
    super(message, options);
    this.details = options?.details ?? [{ path: 'definitions', message }];
  }
}

export async function parseDiagram(xml: string): Promise<ParsedDiagram> {
  const moddle = new BpmnModdle(moddleOptions);
  let parsed: { rootElement: ModdleElement; warnings: { message: string }[] };
  try {
    parsed = (await moddle.fromXML(xml.trim())) as unknown as typeof parsed;
  } catch (err) {
    throw new DiagramParseError(`the diagram is not valid BPMN 2.0 XML: ${(err as Error).message}`, { cause: err });
  }
  const warnings = parsed.warnings.map((w) => w.message);
  let sourceContext: unknown;
  try {
    sourceContext = serializer(parsed as never, typeResolver);
  } catch (err) {
    // The engine knows no such element (a complex gateway…): say which, rather than fail without a name.
    const details = allowListErrors(parsed.rootElement);
    const message = `the diagram cannot be run: ${(err as Error).message}`;
    throw new DiagramParseError(message, { cause: err, details: details.length ? details : undefined });
  }
  return { moddleRoot: parsed.rootElement, warnings, meta: readMeta(parsed.rootElement), sourceContext };
}

function readMeta(root: ModdleElement): DiagramMeta {
  const processes = ((root.rootElements as ModdleElement[]) ?? []).filter((e) => e.$type === 'bpmn:Process');
  if (processes.length !== 1) throw new DiagramParseError(`a diagram must hold exactly one process, found ${processes.length}`);
  const proc = processes[0]!;
  const elements = new Map<string, ElementMeta>();
  const messagesById = new Map<string, string>();
  for (const e of (root.rootElements as ModdleElement[]) ?? []) {
    if (e.$type === 'bpmn:Message' && e.id) messagesById.set(e.id, (e.name as string) || e.id);
  }
  const flows: ModdleElement[] = [];
  walk(proc, (el) => {
    if (el.$type === 'bpmn:SequenceFlow') flows.push(el);
    else if (el.id) elements.set(el.id, elementMeta(el, messagesById));
  });
  for (const flow of flows) {
    const cond = flow.conditionExpression as ModdleElement | undefined;
    const source = (flow.sourceRef as ModdleElement | undefined)?.id;
    if (cond && source) {
      elements.get(source)?.conditionExpressions.push({
        flowId: flow.id!, body: String(cond.body ?? ''), language: (cond.language as string) ?? null,
      });
    }
  }
  return { processId: proc.id!, processName: (proc.name as string) ?? null, elements };
}

function walk(container: ModdleElement, visit: (el: ModdleElement) => void): void {
  for (const el of (container.flowElements as ModdleElement[]) ?? []) {
    visit(el);
    if (el.flowElements) walk(el, visit);
  }
}

const serviceRef = /^\$\{environment\.services\.([A-Za-z_][A-Za-z0-9_]*)\}$/;

function elementMeta(el: ModdleElement, messagesById: Map<string, string>): ElementMeta {
  const eventDefs = (el.eventDefinitions as ModdleElement[]) ?? [];
  const timerDef = eventDefs.find((d) => d.$type === 'bpmn:TimerEventDefinition');
  const messageDef = eventDefs.find((d) => d.$type === 'bpmn:MessageEventDefinition');
  const messageRef = (messageDef?.messageRef ?? el.messageRef) as ModdleElement | undefined;
  let timer: ElementMeta['timer'] = null;
  if (timerDef) {
    for (const kind of ['timeDate', 'timeDuration', 'timeCycle'] as const) {
      const expr = timerDef[kind] as ModdleElement | undefined;
      if (expr) timer = { kind, expression: String(expr.body ?? '').trim() };
    }
  }
  const implementation = typeof el.implementation === 'string' ? el.implementation : null;
  const expressions: { attribute: string; value: string }[] = [];
  for (const attribute of ['implementation', 'dueDate', 'candidateGroups', 'formKey', 'expression', 'delegateExpression', 'class', 'resultVariable'] as const) {
    const value = el[attribute];
    if (typeof value === 'string' && value.includes('${')) expressions.push({ attribute, value });
  }
  if (timer && timer.expression.includes('${')) expressions.push({ attribute: timer.kind, value: timer.expression });
  const properties: Record<string, string> = {};
  for (const ext of ((el.extensionElements as ModdleElement | undefined)?.values as ModdleElement[]) ?? []) {
    if (ext.$type === 'camunda:Properties') {
      for (const p of (ext.values as ModdleElement[]) ?? []) {
        if (typeof p.name === 'string') properties[p.name] = String(p.value ?? '');
      }
    }
  }
  const groups = typeof el.candidateGroups === 'string' ? el.candidateGroups : '';
  return {
    id: el.id!,
    type: el.$type,
    name: (el.name as string) ?? el.id!,
    candidateRoles: groups.split(',').map((s) => s.trim()).filter(Boolean),
    formKey: (el.formKey as string) ?? null,
    dueExpression: (el.dueDate as string) ?? null,
    handler: implementation ? (serviceRef.exec(implementation)?.[1] ?? null) : null,
    properties,
    messageName: messageRef?.id ? (messagesById.get(messageRef.id) ?? messageRef.id) : null,
    timer,
    scriptFormat: el.$type === 'bpmn:ScriptTask' ? ((el.scriptFormat as string) ?? 'unknown') : null,
    conditionExpressions: [],
    expressions,
    attachedTo: (el.attachedToRef as ModdleElement | undefined)?.id ?? null,
  };
}
