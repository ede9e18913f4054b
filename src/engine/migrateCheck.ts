import type { DiagramMeta, ElementMeta, ModdleElement, ParsedDiagram } from './bpmnSource.js';

/**
 * Whether an element an instance waits at on one version can go on waiting at it on another: the pure
 * half of instance migration. The reasons and notes are read by legal staff, so they are in Slovenian.
 */

/** One side of a migration: a version's elements and the (sub)process each of them sits in. */
export interface VersionView {
  version: number;
  meta: DiagramMeta;
  containers: Map<string, string>;
}

const TYPE_NAMES: Record<string, string> = {
  'bpmn:UserTask': 'uporabniško opravilo',
  'bpmn:ServiceTask': 'storitveno opravilo',
  'bpmn:SendTask': 'opravilo pošiljanja',
  'bpmn:ReceiveTask': 'opravilo prejema sporočila',
  'bpmn:BusinessRuleTask': 'opravilo poslovnega pravila',
  'bpmn:ManualTask': 'ročno opravilo',
  'bpmn:Task': 'opravilo',
  'bpmn:SubProcess': 'podproces',
  'bpmn:CallActivity': 'klic procesa',
  'bpmn:StartEvent': 'začetni dogodek',
  'bpmn:EndEvent': 'končni dogodek',
  'bpmn:IntermediateCatchEvent': 'vmesni dogodek',
  'bpmn:IntermediateThrowEvent': 'vmesni oddajni dogodek',
  'bpmn:BoundaryEvent': 'mejni dogodek',
  'bpmn:ExclusiveGateway': 'izključni prehod',
  'bpmn:InclusiveGateway': 'vključni prehod',
  'bpmn:ParallelGateway': 'vzporedni prehod',
  'bpmn:EventBasedGateway': 'dogodkovni prehod',
};

const SCOPES = new Set(['bpmn:SubProcess', 'bpmn:Transaction', 'bpmn:AdHocSubProcess', 'bpmn:CallActivity']);

export const typeName = (type: string): string => TYPE_NAMES[type] ?? type;

const eventKind = (el: ElementMeta): string => (el.timer ? 'časovni' : el.messageName ? 'sporočilni' : 'drugačen');

const containerCache = new WeakMap<ParsedDiagram, Map<string, string>>();

/**
 * The id of the process or sub-process each flow element sits in. bpmn-elements recovers a waiting
 * element inside the state of its container: an element moved into another sub-process would not be found.
 */
export function containersOf(diagram: ParsedDiagram): Map<string, string> {
  let map = containerCache.get(diagram);
  if (map) return map;
  map = new Map();
  const walk = (container: ModdleElement) => {
    for (const el of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      if (el.id) map!.set(el.id, container.id ?? '');
      if (el.flowElements) walk(el);
    }
  };
  for (const root of (diagram.moddleRoot.rootElements as ModdleElement[] | undefined) ?? []) {
    if (root.$type === 'bpmn:Process') walk(root);
  }
  containerCache.set(diagram, map);
  return map;
}

/**
 * Why the instance could not go on waiting at `id` on the target version, or null when it can: the element
 * must exist with the same type, in the same (sub)process, with the same kind of event (a timer stays a
 * timer, a message catch waits for the same message name), and a boundary event on the same host.
 */
export function whyNotMovable(id: string, from: VersionView, to: VersionView): string | null {
  const v = to.version;
  const before = from.meta.elements.get(id);
  const after = to.meta.elements.get(id);
  if (!after) return `element ${id} v različici ${v} ne obstaja`;
  if (!before) return `element ${id} v različici ${from.version} ne obstaja (stanje primera se ne ujema z diagramom)`;
  // The waits inside a sub-process live in its own state, which neither the host's rows nor this check see.
  if (SCOPES.has(before.type)) return `primer čaka v podprocesu ${id}: selitev primerov, ki čakajo v podprocesu, ni podprta`;
  if (after.type !== before.type) return `element ${id} je v različici ${v} ${typeName(after.type)}, ne ${typeName(before.type)}`;
  if (Boolean(after.timer) !== Boolean(before.timer) || (!after.timer && Boolean(after.messageName) !== Boolean(before.messageName))) {
    return `element ${id} je v različici ${v} ${eventKind(after)} dogodek, ne ${eventKind(before)}`;
  }
  if (before.messageName !== after.messageName) {
    return `element ${id} v različici ${v} čaka na sporočilo "${after.messageName}", ne "${before.messageName}"`;
  }
  if (before.attachedTo !== after.attachedTo) {
    return `mejni dogodek ${id} je v različici ${v} pripet na ${after.attachedTo ?? '(nič)'}, ne na ${before.attachedTo ?? '(nič)'}`;
  }
  if (after.attachedTo && !to.meta.elements.has(after.attachedTo)) {
    return `opravilo ${after.attachedTo}, na katerega je pripet mejni dogodek ${id}, v različici ${v} ne obstaja`;
  }
  const inBefore = from.containers.get(id);
  const inAfter = to.containers.get(id);
  if (inBefore !== inAfter) return `element ${id} je v različici ${v} v ${inAfter ?? '(nič)'}, ne v ${inBefore ?? '(nič)'}`;
  return null;
}

/**
 * What changes for an instance that can move, without stopping it: a boundary event new on an element
 * that already waits does not start (bpmn-elements arms boundary events when their host is entered), and
 * a timer already running keeps the moment it was given.
 */
export function movingNotes(waitingIds: readonly string[], from: VersionView, to: VersionView, timerDue: ReadonlyMap<string, string>): string[] {
  const notes: string[] = [];
  const waiting = new Set(waitingIds);
  for (const el of to.meta.elements.values()) {
    if (el.type !== 'bpmn:BoundaryEvent' || !el.attachedTo || !waiting.has(el.attachedTo) || waiting.has(el.id)) continue;
    notes.push(`mejni dogodek ${el.id} na ${el.attachedTo} je nov v različici ${to.version}: pri tem primeru ne bo začel teči, ker ${el.attachedTo} že čaka`);
  }
  for (const id of waiting) {
    const before = from.meta.elements.get(id)?.timer;
    const after = to.meta.elements.get(id)?.timer;
    if (before && after && (before.kind !== after.kind || before.expression !== after.expression)) {
      notes.push(`časovnik ${id} ima v različici ${to.version} drug rok (${after.expression}); primer obdrži že določeni rok ${timerDue.get(id) ?? ''}`.trim());
    }
  }
  return notes;
}
