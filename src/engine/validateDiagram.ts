import type { FieldIssue } from '../errors.js';
import type { DiagramMeta, ElementMeta, ParsedDiagram } from './bpmnSource.js';
import { lintDiagram } from './lintDiagram.js';
import { allowListErrors } from './diagramAllowList.js';

export interface DiagramRules {
  /** Handler names of the registry: a service task may only name one of these. */
  handlers: { has(name: string): boolean };
  /** Roles a user task may be offered to. */
  roles: ReadonlySet<string>;
}

// DESIGN principle 2: no code in diagrams. What a diagram may hold at all (types, attributes, the two
// forms of expression) is the allow-list of diagramAllowList.ts; here, what the host needs beyond that.
const isoLiteral = /^(P[0-9YMWDTHS.]+|R\d*\/P[0-9YMWDTHS.]+|\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2}))$/;
const taskLike = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);

/** Every reason the diagram must not be deployed, each naming the element id as its path. */
export async function validateDiagram(xml: string, diagram: ParsedDiagram, rules: DiagramRules): Promise<{ errors: FieldIssue[]; warnings: FieldIssue[] }> {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  errors.push(...allowListErrors(diagram.moddleRoot));
  for (const el of diagram.meta.elements.values()) errors.push(...elementErrors(el, rules));
  for (const w of diagram.warnings) errors.push({ path: 'definitions', message: `XML: ${w}` });
  for (const { rule, report } of await lintDiagram(xml)) {
    const issue = { path: report.id ?? 'definitions', message: `<${report.id ?? 'definitions'}> ${report.message} (bpmnlint ${rule})` };
    (report.category === 'error' || report.category === 'rule-error' ? errors : warnings).push(issue);
  }
  return { errors, warnings };
}

function elementErrors(el: ElementMeta, rules: DiagramRules): FieldIssue[] {
  const out: FieldIssue[] = [];
  const fail = (message: string) => out.push({ path: el.id, message: `<${el.id}> ${message}` });
  if (taskLike.has(el.type)) {
    if (!el.handler) fail('service task must name a handler as implementation="${environment.services.<handler>}"');
    else if (!rules.handlers.has(el.handler)) fail(`service task names the unknown handler "${el.handler}"`);
  }
  if (el.timer && !el.timer.expression.includes('${') && !isoLiteral.test(el.timer.expression)) {
    fail(`timer ${el.timer.kind} "${el.timer.expression}" is not an ISO 8601 date or duration`);
  }
  if (el.type === 'bpmn:UserTask') {
    if (el.candidateRoles.length === 0) fail('user task has no candidate role (camunda:candidateGroups)');
    for (const role of el.candidateRoles) if (!rules.roles.has(role)) fail(`user task names the unknown role "${role}"`);
  }
  if ((el.type === 'bpmn:ReceiveTask' || el.type.endsWith('Event')) && el.messageName === null && el.type !== 'bpmn:EndEvent') {
    // A message event without a message could never be correlated.
    if (el.type === 'bpmn:ReceiveTask') fail('receive task has no message');
  }
  return out;
}

export function metaSummary(meta: DiagramMeta): { userTasks: string[]; timers: string[]; messages: string[] } {
  const all = [...meta.elements.values()];
  return {
    userTasks: all.filter((e) => e.type === 'bpmn:UserTask').map((e) => e.id),
    timers: all.filter((e) => e.timer).map((e) => e.id),
    messages: all.filter((e) => e.messageName).map((e) => e.messageName!),
  };
}
