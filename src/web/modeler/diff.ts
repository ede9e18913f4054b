import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { moddleOptions, type ModdleElement } from '../../engine/bpmnSource.js';

const require = createRequire(import.meta.url);
interface DifferResult {
  _added: Record<string, ModdleElement>;
  _removed: Record<string, ModdleElement>;
  _changed: Record<string, { model: ModdleElement; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
  _layoutChanged: Record<string, ModdleElement>;
}
const { diff } = require('bpmn-js-differ') as { diff(a: ModdleElement, b: ModdleElement): DifferResult };

/** One element of a diff, named as the user typed it (č, š, ž kept). */
export interface DiffElement {
  id: string;
  type: string;
  name: string;
}

export interface DiffChange extends DiffElement {
  attrs: { attr: string; before: string; after: string }[];
}

export interface DiagramDiff {
  added: DiffElement[];
  removed: DiffElement[];
  changed: DiffChange[];
  /** Moved or resized only: the same semantics. */
  layoutChanged: DiffElement[];
}

interface Parsed {
  root: ModdleElement;
  byId: Record<string, ModdleElement>;
}

async function parse(xml: string): Promise<Parsed> {
  const r = (await new BpmnModdle(moddleOptions).fromXML(xml.trim())) as unknown as { rootElement: ModdleElement; elementsById: Record<string, ModdleElement> };
  return { root: r.rootElement, byId: r.elementsById };
}

/** Diagram-interchange shapes have ids of their own; a change is reported for the BPMN element they draw. */
function semantic(el: ModdleElement | undefined): ModdleElement | undefined {
  const drawn = el?.bpmnElement as ModdleElement | undefined;
  return drawn ?? el;
}

function nameOf(el: ModdleElement | undefined, fallback: string): string {
  if (!el) return fallback;
  if (typeof el.name === 'string' && el.name.trim()) return el.name;
  if (typeof el.text === 'string' && el.text.trim()) return el.text;
  if (el.$type === 'bpmn:SequenceFlow') {
    const from = el.sourceRef as ModdleElement | undefined;
    const to = el.targetRef as ModdleElement | undefined;
    return `${nameOf(from, from?.id ?? '?')} → ${nameOf(to, to?.id ?? '?')}`;
  }
  return el.id ?? fallback;
}

function text(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  const el = v as ModdleElement;
  if (typeof el.$type === 'string') {
    if (typeof el.body === 'string') return el.body;
    return el.id ? `${el.$type.replace(/^bpmn:/, '')} ${el.id}` : el.$type.replace(/^bpmn:/, '');
  }
  if (Array.isArray(v)) return v.map(text).join(', ');
  return JSON.stringify(v);
}

const SKIP = new Set(['$parent', '$type', 'di', 'incoming', 'outgoing', 'flowElements', 'artifacts', 'laneSets', 'sourceRef', 'targetRef', 'attachedToRef', 'default', 'id']);

/** A moddle value as plain data: nested elements by their content, references to other elements by id. */
function plain(v: unknown, depth = 0): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  const el = v as ModdleElement;
  if (depth > 6) return el.id ?? el.$type;
  const out: Record<string, unknown> = { $type: el.$type };
  for (const [k, x] of Object.entries(el)) {
    if (k === '$parent' || k === '$type' || k === 'di') continue;
    // A reference to another element of the diagram (it has an id and is not this one's child) is named by its id.
    out[k] = x && typeof x === 'object' && !Array.isArray(x) && (x as ModdleElement).id && (x as ModdleElement).$parent !== el ? `#${(x as ModdleElement).id}` : plain(x, depth + 1);
  }
  return out;
}

/** What the differ reports as changed without naming an attribute (a condition's body, a timer's value): the own properties that differ. */
function ownChanges(before: ModdleElement, after: ModdleElement): { attr: string; before: string; after: string }[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !SKIP.has(k)));
  const out: { attr: string; before: string; after: string }[] = [];
  for (const k of keys) {
    if (JSON.stringify(plain(before[k])) !== JSON.stringify(plain(after[k]))) out.push({ attr: k, before: describe(before[k]), after: describe(after[k]) });
  }
  return out;
}

/** A nested value for people: a condition or timer by its expression, extension properties as name=value. */
function describe(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.map(describe).join('; ') : '—';
  const el = v as ModdleElement | undefined;
  if (el && typeof el === 'object' && typeof el.$type === 'string') {
    if (typeof el.body === 'string') return el.body;
    for (const t of ['timeDate', 'timeDuration', 'timeCycle']) if (el[t]) return `${t} ${describe(el[t])}`;
    if (Array.isArray(el.values)) return describe(el.values);
    if (typeof el.name === 'string' && 'value' in el) return `${el.name}=${String(el.value ?? '')}`;
    if (el.messageRef) return `message ${(el.messageRef as ModdleElement).id}`;
  }
  return text(v);
}

const ORDER = (a: DiffElement, b: DiffElement) => a.name.localeCompare(b.name, 'sl') || a.id.localeCompare(b.id);

/**
 * What changed from one diagram version to another (bpmn-js-differ): elements added, removed, changed
 * (each attribute with its value before and after) and only moved. Values are read from the two versions
 * themselves by attribute name: the differ's own old/new pair is reversed in the version installed.
 */
/** A differ property path ("processRef.artifacts[0]", "conditionExpression.body") read on one element. */
function atPath(el: ModdleElement | undefined, path: string): unknown {
  let v: unknown = el;
  for (const part of path.split('.').filter(Boolean)) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    v = (v as Record<string, unknown> | undefined)?.[m[1]!];
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) v = (v as unknown[] | undefined)?.[Number(idx[1])];
  }
  return v;
}

const isDiagramInterchange = (el: ModdleElement) => /^(bpmndi|dc|di):/.test(el.$type);

/**
 * What changed from one diagram version to another (bpmn-js-differ): elements added, removed, changed
 * (each attribute with its value before and after) and only moved. Values are read from the two versions
 * themselves by the differ's property path: its own old/new pair is reversed for some changes in the
 * version installed. Artifacts (text annotations, associations), which the differ reports only as a
 * change of their container, are counted as added or removed by id.
 */
export async function diffDiagrams(olderXml: string, newerXml: string): Promise<DiagramDiff> {
  const [older, newer] = await Promise.all([parse(olderXml), parse(newerXml)]);
  const d = diff(older.root, newer.root);
  const element = (id: string, el: ModdleElement | undefined): DiffElement => ({ id, type: el?.$type ?? '', name: nameOf(el, id) });
  const added = new Map(Object.entries(d._added).map(([id, el]) => [id, element(id, newer.byId[id] ?? el)]));
  const removed = new Map(Object.entries(d._removed).map(([id, el]) => [id, element(id, older.byId[id] ?? el)]));
  for (const [id, el] of Object.entries(newer.byId)) if (!older.byId[id] && !isDiagramInterchange(el) && !added.has(id) && el.$type !== 'bpmn:Definitions') added.set(id, element(id, el));
  for (const [id, el] of Object.entries(older.byId)) if (!newer.byId[id] && !isDiagramInterchange(el) && !removed.has(id) && el.$type !== 'bpmn:Definitions') removed.set(id, element(id, el));
  const counted = (v: unknown) => { const id = (v as ModdleElement | undefined)?.id; return !!id && (added.has(id) || removed.has(id)); };

  const changed: DiffChange[] = [];
  for (const [id, c] of Object.entries(d._changed)) {
    const before = older.byId[id];
    const after = newer.byId[id] ?? c.model;
    const named = Object.keys(c.attrs);
    const attrs = !named.length && before && after
      ? ownChanges(before, after)
      : named
        .map((attr) => ({ attr, b: atPath(before, attr), a: atPath(after, attr) }))
        // An element added to or removed from a list of its container is listed as added or removed itself.
        .filter(({ attr, a, b }) => !(/\]$/.test(attr) && (counted(a) || counted(b))))
        .map(({ attr, b, a }) => ({ attr, before: describe(b), after: describe(a) }))
        .filter((x) => x.before !== x.after);
    if (attrs.length || !named.length) changed.push({ ...element(id, after), attrs });
  }
  const layout = new Map<string, DiffElement>();
  for (const [id, el] of Object.entries(d._layoutChanged)) {
    const s = semantic(newer.byId[id] ?? el);
    const sid = s?.id ?? id;
    if (!d._changed[sid] && !added.has(sid) && !removed.has(sid)) layout.set(sid, element(sid, s));
  }
  return {
    added: [...added.values()].sort(ORDER),
    removed: [...removed.values()].sort(ORDER),
    changed: changed.sort(ORDER),
    layoutChanged: [...layout.values()].sort(ORDER),
  };
}
