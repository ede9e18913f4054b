// Adds diagram interchange (pool, lanes, shapes, edges, labels) to a diagram written without it, so that
// bpmn-js can draw it: node scripts/layout-diagram.mjs processes/src/x.semantic.bpmn processes/x.bpmn
// Legal staff edit the result in the modeler afterwards; this is only for diagrams born as text.
//
// Lanes are semantic, so they are written in the source (a laneSet with flowNodeRefs, every flow node in
// exactly one lane, a boundary event in the lane of its host); this script only draws them. When the
// process has lanes and no collaboration, a collaboration with one participant (the pool, named after
// the process) is added. bpmn-auto-layout cannot draw lanes, so the layout is done here:
//
// - columns: every flow node gets a column by the longest path from the start, over the graph without
//   its loop-back flows. A flow is a loop-back flow when it stays inside a cycle (strongly connected
//   component) and leads to a node no further from the start (breadth-first) than its source, so that a
//   loop is drawn where it begins (the remedy loop next to the completeness check), not after the end.
//   A boundary event shares the column of its host and sits on the host's lower border.
// - rows: each lane is a horizontal band of one or more tracks. The main path (from the start, at each
//   split the branch that rejoins furthest on, then the one with the longest way to an end) runs on the
//   first track of every lane; other nodes take the first free track below their predecessor's, so an
//   optional step or an exception path is drawn under the flow it leaves.
// - edges: orthogonal; for every flow a few candidate routes (straight, L, Z through the gap between
//   columns, or around through the gap between tracks or lanes for loop-backs) are scored by the shapes
//   and labels they would cross, the edges they would run along or cross, and their length.
// - labels of named events, gateways and flows are put where they cover the least.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');

const SIZE = { task: { w: 120, h: 80 }, event: { w: 36, h: 36 }, gateway: { w: 50, h: 50 } };
const ROW = 150; // height of one track
const COL_GAP = 50; // horizontal space between the widest shape of a column and the next column
const MIN_COL = 100;
const POOL_HEADER = 30; // the band with the pool's name
const LANE_HEADER = 30; // the band with a lane's name
const ORIGIN = { x: 160, y: 80 };
const LABEL_W = 90;
const LINE_H = 14;

const kindOf = (el) => (el.$instanceOf('bpmn:Gateway') ? 'gateway' : el.$instanceOf('bpmn:Event') ? 'event' : 'task');
const isBoundary = (el) => el.$type === 'bpmn:BoundaryEvent';

export async function layoutDiagram(xml) {
  const moddle = new BpmnModdle({ camunda });
  const { rootElement: defs, warnings } = await moddle.fromXML(xml);
  if (warnings.length) throw new Error(`the diagram has XML problems:\n${warnings.map((w) => `  ${w.message}`).join('\n')}`);
  const processes = defs.rootElements.filter((e) => e.$type === 'bpmn:Process');
  if (processes.length !== 1) throw new Error(`expected exactly one process, found ${processes.length}`);
  const proc = processes[0];

  const flowNodes = (proc.flowElements ?? []).filter((e) => e.$instanceOf('bpmn:FlowNode'));
  const flows = (proc.flowElements ?? []).filter((e) => e.$type === 'bpmn:SequenceFlow');
  for (const n of flowNodes) if (n.flowElements?.length) throw new Error(`<${n.id}>: sub-processes are not supported`);
  fillFlowReferences(flowNodes, flows);

  const { lanes, laneOf } = readLanes(proc, flowNodes);
  const participant = ensureParticipant(moddle, defs, proc, lanes.length > 0);

  const graph = layers(flowNodes, flows);
  const tracks = assignTracks(graph, laneOf);
  const geometry = place(graph, tracks, lanes, laneOf, participant);
  const routes = routeAll(graph, flows, geometry);
  const labels = placeLabels(flowNodes, flows, geometry, routes);

  writeDi(moddle, defs, proc, participant, lanes, flowNodes, flows, geometry, routes, labels);
  const { xml: out } = await moddle.toXML(defs, { format: true });
  return `${out}\n`;
}

/** bpmn-js and bpmnlint read incoming/outgoing, which hand-written XML leaves out. */
function fillFlowReferences(flowNodes, flows) {
  for (const n of flowNodes) {
    n.set('incoming', []);
    n.set('outgoing', []);
  }
  for (const f of flows) {
    if (!f.sourceRef || !f.targetRef) throw new Error(`<${f.id}>: sequence flow without source or target`);
    f.sourceRef.get('outgoing').push(f);
    f.targetRef.get('incoming').push(f);
  }
}

function readLanes(proc, flowNodes) {
  const laneSets = proc.laneSets ?? [];
  if (laneSets.length > 1) throw new Error(`<${proc.id}>: only one laneSet is supported`);
  const lanes = laneSets[0]?.lanes ?? [];
  const laneOf = new Map();
  const problems = [];
  for (const lane of lanes) {
    if (lane.childLaneSet?.lanes?.length) problems.push(`<${lane.id}>: nested lanes are not supported`);
    for (const n of lane.flowNodeRef ?? []) {
      if (laneOf.has(n)) problems.push(`<${n.id}> is in lanes ${laneOf.get(n).id} and ${lane.id}`);
      else laneOf.set(n, lane);
    }
  }
  if (lanes.length) {
    for (const n of flowNodes) if (!laneOf.has(n)) problems.push(`<${n.id}> is in no lane`);
    for (const n of flowNodes) {
      if (isBoundary(n) && laneOf.has(n) && laneOf.get(n) !== laneOf.get(n.attachedToRef)) {
        problems.push(`<${n.id}> must be in the lane of its host ${n.attachedToRef.id} (${laneOf.get(n.attachedToRef)?.id})`);
      }
    }
  }
  if (problems.length) throw new Error(`lanes:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  // Without lanes, one band without a lane shape holds everything.
  if (!lanes.length) for (const n of flowNodes) laneOf.set(n, null);
  return { lanes, laneOf };
}

/** The pool: the participant of the existing collaboration, or a new collaboration when there are lanes. */
function ensureParticipant(moddle, defs, proc, needed) {
  for (const c of defs.rootElements.filter((e) => e.$type === 'bpmn:Collaboration')) {
    const p = (c.participants ?? []).find((x) => x.processRef === proc);
    if (p) return { collaboration: c, participant: p };
  }
  if (!needed) return null;
  const participant = moddle.create('bpmn:Participant', { id: `${proc.id}Participant`, name: proc.name ?? proc.id, processRef: proc });
  const collaboration = moddle.create('bpmn:Collaboration', { id: `${proc.id}Collaboration`, participants: [participant] });
  participant.$parent = collaboration;
  collaboration.$parent = defs;
  defs.rootElements.splice(defs.rootElements.indexOf(proc), 0, collaboration);
  return { collaboration, participant };
}

// ---------------------------------------------------------------------------------------------------
// Columns

function layers(flowNodes, flows) {
  const order = new Map(flowNodes.map((n, i) => [n, i]));
  const anchor = (n) => (isBoundary(n) ? n.attachedToRef : n);
  const nodes = flowNodes.filter((n) => !isBoundary(n));
  const edges = flows.map((f) => ({ flow: f, from: anchor(f.sourceRef), to: f.targetRef, viaBoundary: isBoundary(f.sourceRef) }));
  const out = new Map(nodes.map((n) => [n, []]));
  const into = new Map(nodes.map((n) => [n, []]));
  for (const e of edges) {
    out.get(e.from).push(e);
    into.get(e.to).push(e);
  }

  // Breadth-first distance from the start events (and from whatever no flow reaches).
  const dist = new Map();
  const bfs = (seeds) => {
    const queue = [...seeds];
    for (const s of seeds) dist.set(s, 0);
    while (queue.length) {
      const n = queue.shift();
      for (const e of out.get(n)) {
        if (!dist.has(e.to)) {
          dist.set(e.to, dist.get(n) + 1);
          queue.push(e.to);
        }
      }
    }
  };
  bfs(nodes.filter((n) => into.get(n).length === 0));
  for (const n of nodes) if (!dist.has(n)) bfs([n]);

  // Strongly connected components (Tarjan).
  const comp = new Map();
  const low = new Map();
  const index = new Map();
  const stack = [];
  let counter = 0;
  const strong = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    for (const { to: w } of out.get(v)) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (!comp.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      let w;
      do {
        w = stack.pop();
        comp.set(w, v);
      } while (w !== v);
    }
  };
  for (const n of nodes) if (!index.has(n)) strong(n);

  for (const e of edges) e.back = comp.get(e.from) === comp.get(e.to) && dist.get(e.to) <= dist.get(e.from);

  // Longest path over the forward flows: the column; and the longest way on to an end: the height.
  const rank = new Map(nodes.map((n) => [n, 0]));
  const indegree = new Map(nodes.map((n) => [n, into.get(n).filter((e) => !e.back).length]));
  const topo = [];
  const ready = nodes.filter((n) => indegree.get(n) === 0);
  while (ready.length) {
    const n = ready.shift();
    topo.push(n);
    for (const e of out.get(n)) {
      if (e.back) continue;
      rank.set(e.to, Math.max(rank.get(e.to), rank.get(n) + 1));
      indegree.set(e.to, indegree.get(e.to) - 1);
      if (indegree.get(e.to) === 0) ready.push(e.to);
    }
  }
  const height = new Map(nodes.map((n) => [n, 0]));
  for (const n of [...topo].reverse()) {
    for (const e of out.get(n)) if (!e.back) height.set(n, Math.max(height.get(n), height.get(e.to) + 1));
  }
  for (const b of flowNodes.filter(isBoundary)) rank.set(b, rank.get(b.attachedToRef));

  // The main path.
  const main = new Set();
  let current = nodes.find((n) => dist.get(n) === 0 && n.$type === 'bpmn:StartEvent') ?? nodes[0];
  while (current && !main.has(current)) {
    main.add(current);
    const next = out.get(current).filter((e) => !e.back && !e.viaBoundary).map((e) => e.to);
    next.sort((a, b) => rank.get(b) - rank.get(a) || height.get(b) - height.get(a) || order.get(a) - order.get(b));
    current = next[0];
  }
  return { nodes, edges, out, into, rank, main, order, flowNodes };
}

// ---------------------------------------------------------------------------------------------------
// Tracks within lanes

function assignTracks(graph, laneOf) {
  const { nodes, rank, main, into, order } = graph;
  const track = new Map();
  const taken = new Set();
  const key = (lane, t, col) => `${lane?.id ?? ''}|${t}|${col}`;
  const mainNodes = nodes.filter((n) => main.has(n)).sort((a, b) => rank.get(a) - rank.get(b));
  for (const n of mainNodes) {
    track.set(n, 0);
    taken.add(key(laneOf.get(n), 0, rank.get(n)));
  }
  // Keep the first track free where a flow of the main path runs along it.
  for (let i = 1; i < mainNodes.length; i++) {
    const [a, b] = [mainNodes[i - 1], mainNodes[i]];
    if (laneOf.get(a) !== laneOf.get(b)) continue;
    for (let c = rank.get(a) + 1; c < rank.get(b); c++) taken.add(key(laneOf.get(a), 0, c));
  }
  const rest = nodes.filter((n) => !main.has(n)).sort((a, b) => rank.get(a) - rank.get(b) || order.get(a) - order.get(b));
  for (const n of rest) {
    const lane = laneOf.get(n);
    const preds = into.get(n).filter((e) => !e.back && track.has(e.from));
    const same = preds.find((e) => laneOf.get(e.from) === lane);
    let t = 0;
    if (same) t = same.viaBoundary ? track.get(same.from) + 1 : Math.max(track.get(same.from), 1);
    while (taken.has(key(lane, t, rank.get(n)))) t++;
    track.set(n, t);
    taken.add(key(lane, t, rank.get(n)));
  }
  for (const b of graph.flowNodes.filter(isBoundary)) track.set(b, track.get(b.attachedToRef));
  return track;
}

// ---------------------------------------------------------------------------------------------------
// Coordinates

function place(graph, track, lanes, laneOf, participant) {
  const { nodes, rank, flowNodes } = graph;
  const bands = lanes.length ? lanes : [null];
  const columns = Math.max(0, ...nodes.map((n) => rank.get(n))) + 1;
  const colWidth = Array.from({ length: columns }, () => MIN_COL);
  for (const n of nodes) colWidth[rank.get(n)] = Math.max(colWidth[rank.get(n)], SIZE[kindOf(n)].w + COL_GAP);
  const hasPool = Boolean(participant);
  const left = ORIGIN.x + (hasPool ? POOL_HEADER : 0) + (lanes.length ? LANE_HEADER : 0) + 20;
  const colLeft = [];
  let x = left;
  for (const w of colWidth) {
    colLeft.push(x);
    x += w;
  }
  const right = x + 20;

  // Rows: every track of every lane, top to bottom.
  const rows = [];
  const bandBounds = new Map();
  let y = ORIGIN.y;
  for (const band of bands) {
    const members = nodes.filter((n) => laneOf.get(n) === band);
    const count = Math.max(1, ...members.map((n) => track.get(n) + 1));
    const top = y;
    for (let t = 0; t < count; t++) rows.push({ band, track: t, top: y + t * ROW, bottom: y + (t + 1) * ROW, center: y + (t + 0.5) * ROW });
    y += count * ROW;
    bandBounds.set(band, { top, bottom: y });
  }
  const poolX = ORIGIN.x;
  const pool = { x: poolX, y: ORIGIN.y, w: right - poolX, h: y - ORIGIN.y };
  const laneShapes = new Map();
  for (const lane of lanes) {
    const b = bandBounds.get(lane);
    laneShapes.set(lane, { x: poolX + POOL_HEADER, y: b.top, w: pool.w - POOL_HEADER, h: b.bottom - b.top });
  }

  const shapes = new Map();
  const rowOf = new Map();
  for (const n of nodes) {
    const { w, h } = SIZE[kindOf(n)];
    const row = rows.findIndex((r) => r.band === laneOf.get(n) && r.track === track.get(n));
    const c = rank.get(n);
    const cx = colLeft[c] + colWidth[c] / 2;
    shapes.set(n, box(cx - w / 2, rows[row].center - h / 2, w, h));
    rowOf.set(n, row);
  }
  // Boundary events on the lower border of their host, from the right.
  const perHost = new Map();
  for (const b of flowNodes.filter(isBoundary)) {
    const host = shapes.get(b.attachedToRef);
    const i = perHost.get(b.attachedToRef) ?? 0;
    perHost.set(b.attachedToRef, i + 1);
    const { w, h } = SIZE.event;
    shapes.set(b, box(host.x + host.w - 20 - w - i * (w + 10), host.y + host.h - h / 2, w, h));
    rowOf.set(b, rowOf.get(b.attachedToRef));
  }
  return { shapes, rowOf, rows, colLeft, colWidth, pool: hasPool ? pool : null, laneShapes, rank };
}

const box = (x, y, w, h) => ({ x: Math.round(x), y: Math.round(y), w, h });
const center = (b) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

// ---------------------------------------------------------------------------------------------------
// Edges

function routeAll(graph, flows, geo) {
  const { shapes } = geo;
  const obstacles = [...shapes.entries()].map(([el, b]) => ({ el, b: inflate(b, 4) }));
  const routed = []; // { flow, points }
  const routes = new Map();
  const edgeOf = new Map(graph.edges.map((e) => [e.flow, e]));
  // Forward flows first (they have the natural routes), loop-backs last, each in document order.
  const ordered = [...flows].sort((a, b) => Number(edgeOf.get(a).back) - Number(edgeOf.get(b).back));
  for (const flow of ordered) {
    const candidates = candidateRoutes(flow, edgeOf.get(flow), geo);
    let best = null;
    for (const cand of candidates) {
      const points = simplify(cand.points);
      const score = scoreRoute(points, flow, cand.penalty, obstacles, routed);
      if (!best || score < best.score) best = { points, score };
    }
    routes.set(flow, best.points);
    routed.push({ flow, points: best.points });
  }
  return routes;
}

function candidateRoutes(flow, edge, geo) {
  const { shapes, rowOf, rows, colLeft, colWidth, rank } = geo;
  const src = flow.sourceRef;
  const tgt = flow.targetRef;
  const s = shapes.get(src);
  const t = shapes.get(tgt);
  const sc = center(s);
  const tc = center(t);
  const sKind = isBoundary(src) ? 'boundary' : kindOf(src);
  const tKind = kindOf(tgt);
  const sCol = rank.get(src);
  const tCol = rank.get(tgt);
  const forward = tCol > sCol;
  const sameRow = Math.abs(sc.y - tc.y) < 1;
  const exitV = (towardsY) => (towardsY < sc.y ? { x: sc.x, y: s.y } : { x: sc.x, y: s.y + s.h });
  const enterV = (fromY) => (fromY < tc.y ? { x: tc.x, y: t.y } : { x: tc.x, y: t.y + t.h });
  const sRight = { x: s.x + s.w, y: sc.y };
  const tLeft = { x: t.x, y: tc.y };
  const out = [];
  const add = (penalty, ...points) => out.push({ penalty, points });

  if (forward) {
    if (sKind === 'boundary') {
      add(0, { x: sc.x, y: s.y + s.h }, { x: sc.x, y: tc.y }, tLeft);
    } else {
      if (sameRow) add(0, sRight, tLeft);
      if (!sameRow) {
        add(sKind === 'gateway' ? 0 : 4, exitV(tc.y), { x: sc.x, y: tc.y }, tLeft);
        add(tKind === 'gateway' ? 0 : 4, sRight, { x: tc.x, y: sc.y }, enterV(sc.y));
      }
      const afterSource = colLeft[sCol] + colWidth[sCol];
      const beforeTarget = colLeft[tCol];
      add(sameRow ? 8 : 1, sRight, { x: afterSource, y: sc.y }, { x: afterSource, y: tc.y }, tLeft);
      add(sameRow ? 8 : 2, sRight, { x: beforeTarget, y: sc.y }, { x: beforeTarget, y: tc.y }, tLeft);
      for (const y of channels(rows)) {
        add(10, sRight, { x: afterSource, y: sc.y }, { x: afterSource, y }, { x: beforeTarget, y }, { x: beforeTarget, y: tc.y }, tLeft);
      }
    }
  }
  // Around, through the space between tracks or lanes: loop-backs, and forward flows that find no way.
  for (const y of channels(rows)) {
    if (sKind === 'boundary' && y < s.y + s.h) continue;
    const exit = sKind === 'boundary' ? { x: sc.x, y: s.y + s.h } : exitV(y);
    add(forward ? 12 : 0, exit, { x: sc.x, y }, { x: tc.x, y }, enterV(y));
  }
  return out;
}

/** Horizontal lines a route may take between rows: on the border of two tracks, or beside a lane border. */
function channels(rows) {
  const ys = [];
  for (let i = 0; i <= rows.length; i++) {
    const above = rows[i - 1];
    const below = rows[i];
    const y = above ? above.bottom : below.top;
    if (above && below && above.band === below.band) ys.push(y, y - 10, y + 10);
    else {
      if (above) ys.push(y - 14, y - 26);
      if (below) ys.push(y + 14, y + 26);
    }
  }
  return ys;
}

function simplify(points) {
  const p = points.map((q) => ({ x: Math.round(q.x), y: Math.round(q.y) }));
  const out = [];
  for (const q of p) {
    const last = out[out.length - 1];
    if (last && last.x === q.x && last.y === q.y) continue;
    out.push(q);
    // Drop the middle of three points on one line.
    while (out.length >= 3) {
      const [a, b, c] = out.slice(-3);
      if ((a.x === b.x && b.x === c.x) || (a.y === b.y && b.y === c.y)) out.splice(out.length - 2, 1);
      else break;
    }
  }
  return out;
}

const inflate = (b, d) => ({ x: b.x - d, y: b.y - d, w: b.w + 2 * d, h: b.h + 2 * d });
const segments = (points) => points.slice(1).map((q, i) => [points[i], q]);

function segmentHitsBox([a, b], r) {
  const x1 = Math.min(a.x, b.x);
  const x2 = Math.max(a.x, b.x);
  const y1 = Math.min(a.y, b.y);
  const y2 = Math.max(a.y, b.y);
  return x2 > r.x && x1 < r.x + r.w && y2 > r.y && y1 < r.y + r.h;
}

function scoreRoute(points, flow, penalty, obstacles, routed) {
  let score = penalty;
  const segs = segments(points);
  segs.forEach(([a, b], i) => {
    for (const { el, b: r } of obstacles) {
      // A route leaves its source and reaches its target: only the inner segments may not touch them.
      if ((el === flow.sourceRef && i === 0) || (el === flow.targetRef && i === segs.length - 1)) continue;
      if (el === flow.sourceRef || el === flow.targetRef) {
        if (segmentHitsBox([a, b], inflate(r, -6))) score += 1000;
        continue;
      }
      if (segmentHitsBox([a, b], r)) score += 1000;
    }
    score += (Math.abs(a.x - b.x) + Math.abs(a.y - b.y)) / 100;
  });
  score += (segs.length - 1) * 2;
  for (const other of routed) {
    for (const s1 of segs) {
      for (const s2 of segments(other.points)) {
        const overlap = collinearOverlap(s1, s2);
        const shared = other.flow.sourceRef === flow.sourceRef || other.flow.targetRef === flow.targetRef;
        if (overlap > 3) score += shared ? 20 : 300;
        else if (crosses(s1, s2)) score += 6;
      }
    }
  }
  return score;
}

function collinearOverlap([a, b], [c, d]) {
  if (a.y === b.y && c.y === d.y && Math.abs(a.y - c.y) < 4) {
    return Math.min(Math.max(a.x, b.x), Math.max(c.x, d.x)) - Math.max(Math.min(a.x, b.x), Math.min(c.x, d.x));
  }
  if (a.x === b.x && c.x === d.x && Math.abs(a.x - c.x) < 4) {
    return Math.min(Math.max(a.y, b.y), Math.max(c.y, d.y)) - Math.max(Math.min(a.y, b.y), Math.min(c.y, d.y));
  }
  return 0;
}

function crosses([a, b], [c, d]) {
  const h1 = a.y === b.y;
  const h2 = c.y === d.y;
  if (h1 === h2) return false;
  const [h, v] = h1 ? [[a, b], [c, d]] : [[c, d], [a, b]];
  const hy = h[0].y;
  const vx = v[0].x;
  return vx > Math.min(h[0].x, h[1].x) && vx < Math.max(h[0].x, h[1].x) && hy > Math.min(v[0].y, v[1].y) && hy < Math.max(v[0].y, v[1].y);
}

// ---------------------------------------------------------------------------------------------------
// Labels

function wrap(text, perLine) {
  const lines = [];
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function labelSize(text, maxWidth = LABEL_W) {
  const lines = wrap(text, Math.floor(maxWidth / 6));
  return { w: Math.min(maxWidth, Math.max(...lines.map((l) => l.length)) * 6 + 6), h: lines.length * LINE_H };
}

function placeLabels(flowNodes, flows, geo, routes) {
  const taken = [...geo.shapes.values()].map((b) => inflate(b, 2));
  const lines = [...routes.values()].flatMap(segments);
  // Lane and pool borders: a label should not sit on a line either.
  for (const b of [...geo.laneShapes.values(), ...(geo.pool ? [geo.pool] : [])]) {
    lines.push([{ x: b.x, y: b.y }, { x: b.x + b.w, y: b.y }], [{ x: b.x, y: b.y + b.h }, { x: b.x + b.w, y: b.y + b.h }]);
  }
  const cost = (r) => {
    let c = 0;
    for (const t of taken) if (overlaps(r, t)) c += 100;
    for (const s of lines) if (segmentHitsBox(s, r)) c += 30;
    return c;
  };
  const choose = (candidates) => {
    let best = null;
    candidates.forEach((r, i) => {
      const c = cost(r) + i;
      if (!best || c < best.c) best = { r, c };
    });
    taken.push(best.r);
    return best.r;
  };
  const labels = new Map();
  for (const n of flowNodes) {
    const kind = kindOf(n);
    if (!n.name || kind === 'task') continue;
    const b = geo.shapes.get(n);
    const { w, h } = labelSize(n.name);
    const cx = b.x + b.w / 2;
    const below = { x: cx - w / 2, y: b.y + b.h + 6, w, h };
    const above = { x: cx - w / 2, y: b.y - 6 - h, w, h };
    const aboveRight = { x: cx + 8, y: b.y - 4 - h, w, h };
    const aboveLeft = { x: cx - 8 - w, y: b.y - 4 - h, w, h };
    const belowRight = { x: cx + 8, y: b.y + b.h + 4, w, h };
    const belowLeft = { x: cx - 8 - w, y: b.y + b.h + 4, w, h };
    const order = isBoundary(n)
      ? [belowLeft, belowRight, below]
      : kind === 'gateway' ? [above, aboveLeft, aboveRight, below, belowLeft, belowRight] : [below, above, belowLeft, belowRight, aboveLeft, aboveRight];
    labels.set(n, choose(order.map((r) => box(r.x, r.y, r.w, r.h))));
  }
  for (const f of flows) {
    if (!f.name) continue;
    const [a, b] = routes.get(f);
    const { w, h } = labelSize(f.name);
    const candidates = a.y === b.y
      ? [{ x: a.x + 6, y: a.y - 4 - h }, { x: a.x + 6, y: a.y + 4 }]
      : b.y > a.y
        ? [{ x: a.x + 6, y: a.y + 4 }, { x: a.x - 6 - w, y: a.y + 4 }]
        : [{ x: a.x + 6, y: a.y - 4 - h }, { x: a.x - 6 - w, y: a.y - 4 - h }];
    labels.set(f, choose(candidates.map((p) => box(p.x, p.y, w, h))));
  }
  return labels;
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

// ---------------------------------------------------------------------------------------------------
// Diagram interchange

function writeDi(moddle, defs, proc, pool, lanes, flowNodes, flows, geo, routes, labels) {
  const bounds = (b) => moddle.create('dc:Bounds', { x: b.x, y: b.y, width: b.w, height: b.h });
  const label = (el) => (labels.has(el) ? moddle.create('bpmndi:BPMNLabel', { bounds: bounds(labels.get(el)) }) : undefined);
  const planeElement = [];
  if (pool) {
    planeElement.push(moddle.create('bpmndi:BPMNShape', {
      id: `${pool.participant.id}_di`, bpmnElement: pool.participant, isHorizontal: true, bounds: bounds(geo.pool),
    }));
  }
  for (const lane of lanes) {
    planeElement.push(moddle.create('bpmndi:BPMNShape', {
      id: `${lane.id}_di`, bpmnElement: lane, isHorizontal: true, bounds: bounds(geo.laneShapes.get(lane)),
    }));
  }
  // Hosts before their boundary events, so that the modeler draws the event on top.
  for (const n of [...flowNodes.filter((x) => !isBoundary(x)), ...flowNodes.filter(isBoundary)]) {
    const attrs = { id: `${n.id}_di`, bpmnElement: n, bounds: bounds(geo.shapes.get(n)) };
    if (n.$type === 'bpmn:ExclusiveGateway') attrs.isMarkerVisible = true;
    const l = label(n);
    if (l) attrs.label = l;
    planeElement.push(moddle.create('bpmndi:BPMNShape', attrs));
  }
  for (const f of flows) {
    const attrs = { id: `${f.id}_di`, bpmnElement: f, waypoint: routes.get(f).map((p) => moddle.create('dc:Point', p)) };
    const l = label(f);
    if (l) attrs.label = l;
    planeElement.push(moddle.create('bpmndi:BPMNEdge', attrs));
  }
  const plane = moddle.create('bpmndi:BPMNPlane', { id: `BPMNPlane_${proc.id}`, bpmnElement: pool?.collaboration ?? proc, planeElement });
  defs.set('diagrams', [moddle.create('bpmndi:BPMNDiagram', { id: `BPMNDiagram_${proc.id}`, plane })]);
}

// ---------------------------------------------------------------------------------------------------

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) {
    console.error('usage: node scripts/layout-diagram.mjs <semantic.bpmn> <out.bpmn>');
    process.exit(2);
  }
  try {
    fs.writeFileSync(to, await layoutDiagram(fs.readFileSync(from, 'utf8')));
  } catch (err) {
    console.error(`${from}: ${err.message}`);
    process.exit(1);
  }
  console.log(`wrote ${to}`);
}
