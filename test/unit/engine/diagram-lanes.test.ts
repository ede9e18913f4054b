import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import { moddleOptions, parseDiagram } from '../../../src/engine/bpmnSource.js';

const FILE = path.resolve(import.meta.dirname, '../../../processes/dsr-request.bpmn');

interface El {
  $type: string;
  id: string;
  name?: string;
  [key: string]: unknown;
}
interface Box { x: number; y: number; width: number; height: number }
interface Point { x: number; y: number }
interface Shape extends El { bpmnElement: El; bounds: Box; isHorizontal?: boolean }
interface Edge extends El { bpmnElement: El; waypoint?: Point[] }

/** The lane of each role that user tasks are offered to (camunda:candidateGroups), and how it is named. */
const ROLE_LANES: Record<string, { id: string; name: RegExp }> = {
  clerk: { id: 'clerkLane', name: /^Vložišče/ },
  dpo: { id: 'dpoLane', name: /^Pooblaščena oseba/ },
  records_owner: { id: 'recordsOwnerLane', name: /^Skrbnik zbirke/ },
};

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const onBorder = (p: Point, b: Box) => {
  const withinX = p.x >= b.x - 1 && p.x <= b.x + b.width + 1;
  const withinY = p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
  const onX = Math.abs(p.x - b.x) <= 1 || Math.abs(p.x - (b.x + b.width)) <= 1;
  const onY = Math.abs(p.y - b.y) <= 1 || Math.abs(p.y - (b.y + b.height)) <= 1;
  return (onX && withinY) || (onY && withinX);
};

describe('processes/dsr-request.bpmn: the diagram is readable: lanes per role (issue 4)', () => {
  let proc: El;
  let lanes: El[];
  let flowNodes: El[];
  let flows: El[];
  let laneOf: Map<string, El[]>;
  let shapes: Map<string, Shape>;
  let edges: Map<string, Edge>;
  let plane: El;
  let collaboration: El | undefined;

  before(async () => {
    const { rootElement } = (await new BpmnModdle(moddleOptions).fromXML(fs.readFileSync(FILE, 'utf8'))) as { rootElement: El };
    const roots = rootElement.rootElements as El[];
    proc = roots.find((e) => e.$type === 'bpmn:Process' && e.id === 'dsrRequest')!;
    collaboration = roots.find((e) => e.$type === 'bpmn:Collaboration');
    const laneSets = (proc.laneSets as El[] | undefined) ?? [];
    lanes = laneSets.flatMap((s) => (s.lanes as El[] | undefined) ?? []);
    flowNodes = (proc.flowElements as El[]).filter((e) => e.$type !== 'bpmn:SequenceFlow');
    flows = (proc.flowElements as El[]).filter((e) => e.$type === 'bpmn:SequenceFlow');
    laneOf = new Map(flowNodes.map((n) => [n.id, lanes.filter((l) => ((l.flowNodeRef as El[] | undefined) ?? []).includes(n))]));
    plane = ((rootElement.diagrams as El[])[0]!.plane as El);
    const elements = plane.planeElement as El[];
    shapes = new Map(elements.filter((e) => e.$type === 'bpmndi:BPMNShape').map((s) => [(s as Shape).bpmnElement.id, s as Shape]));
    edges = new Map(elements.filter((e) => e.$type === 'bpmndi:BPMNEdge').map((s) => [(s as Edge).bpmnElement.id, s as Edge]));
  });

  it('is drawn as one pool for the process dsrRequest, with a lane for each role and one for the system', () => {
    expect(proc, 'process dsrRequest').to.exist;
    const participants = (collaboration?.participants as El[] | undefined) ?? [];
    expect(participants).to.have.length(1);
    expect(participants[0]!.processRef).to.equal(proc);
    expect(participants[0]!.name).to.be.a('string').and.not.empty;
    expect(plane.bpmnElement).to.equal(collaboration);
    for (const [role, { id, name }] of Object.entries(ROLE_LANES)) {
      const lane = lanes.find((l) => l.id === id);
      expect(lane, `lane of ${role}`).to.exist;
      expect(lane!.name, `name of the lane of ${role}`).to.match(name);
    }
    expect(lanes.map((l) => l.name)).to.include('Sistem (samodejno)');
  });

  it('puts every flow node, boundary events included, in exactly one lane', () => {
    const wrong = flowNodes.filter((n) => laneOf.get(n.id)!.length !== 1).map((n) => `${n.id}: ${laneOf.get(n.id)!.map((l) => l.id).join(',') || 'none'}`);
    expect(wrong).to.deep.equal([]);
    for (const b of flowNodes.filter((n) => n.$type === 'bpmn:BoundaryEvent')) {
      expect(laneOf.get(b.id)![0], `${b.id} in the lane of its host`).to.equal(laneOf.get((b.attachedToRef as El).id)![0]);
    }
  });

  it('puts every user task in the lane of (the first of) its candidate roles, and the registration in the clerk\'s', () => {
    const userTasks = flowNodes.filter((n) => n.$type === 'bpmn:UserTask');
    expect(userTasks.map((t) => t.id)).to.include('checkRecords');
    for (const task of userTasks) {
      const first = String(task.candidateGroups ?? '').split(',').map((s) => s.trim())[0]!;
      expect(ROLE_LANES[first], `a lane for role "${first}" of ${task.id}`).to.exist;
      expect(laneOf.get(task.id)![0]!.id, task.id).to.equal(ROLE_LANES[first]!.id);
    }
    expect(laneOf.get('checkRecords')![0]!.id).to.equal('recordsOwnerLane');
    expect(laneOf.get('registered')![0]!.id).to.equal('clerkLane');
  });

  it('draws the pool and its lanes horizontally, every lane inside the pool', () => {
    const pool = shapes.get('dsrRequestParticipant') ?? shapes.get(((collaboration!.participants as El[])[0]!).id);
    expect(pool, 'participant shape').to.exist;
    expect(pool!.isHorizontal).to.equal(true);
    for (const lane of lanes) {
      const shape = shapes.get(lane.id);
      expect(shape, `shape of ${lane.id}`).to.exist;
      expect(shape!.isHorizontal, lane.id).to.equal(true);
      expect(inside(shape!.bounds, pool!.bounds), `${lane.id} inside the pool`).to.equal(true);
    }
    const byTop = lanes.map((l) => shapes.get(l.id)!.bounds).sort((a, b) => a.y - b.y);
    for (let i = 1; i < byTop.length; i++) expect(overlap(byTop[i - 1]!, byTop[i]!), 'lanes do not overlap').to.equal(false);
  });

  it('draws every flow node inside its lane; a boundary event on the border of its host; no two shapes on each other', () => {
    const outside: string[] = [];
    for (const n of flowNodes) {
      const shape = shapes.get(n.id);
      expect(shape, `shape of ${n.id}`).to.exist;
      if (!inside(shape!.bounds, shapes.get(laneOf.get(n.id)![0]!.id)!.bounds)) outside.push(n.id);
    }
    expect(outside).to.deep.equal([]);
    for (const b of flowNodes.filter((n) => n.$type === 'bpmn:BoundaryEvent')) {
      const event = shapes.get(b.id)!.bounds;
      const host = shapes.get((b.attachedToRef as El).id)!.bounds;
      expect(overlap(event, host) && !inside(event, host), `${b.id} straddles the border of its host`).to.equal(true);
    }
    const covering: string[] = [];
    for (const [i, a] of flowNodes.entries()) {
      for (const b of flowNodes.slice(i + 1)) {
        if (a.attachedToRef === b || b.attachedToRef === a) continue;
        if (overlap(shapes.get(a.id)!.bounds, shapes.get(b.id)!.bounds)) covering.push(`${a.id}/${b.id}`);
      }
    }
    expect(covering).to.deep.equal([]);
  });

  it('draws every sequence flow as an orthogonal line from its source to its target', () => {
    for (const f of flows) {
      const points = edges.get(f.id)?.waypoint ?? [];
      expect(points.length, `waypoints of ${f.id}`).to.be.at.least(2);
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1]!, points[i]!];
        expect(a.x === b.x || a.y === b.y, `${f.id}: segment ${i} is horizontal or vertical`).to.equal(true);
      }
      expect(onBorder(points[0]!, shapes.get((f.sourceRef as El).id)!.bounds), `${f.id} starts on its source`).to.equal(true);
      expect(onBorder(points.at(-1)!, shapes.get((f.targetRef as El).id)!.bounds), `${f.id} ends on its target`).to.equal(true);
    }
  });

  it('still deploys under the key dsrRequest: the collaboration and lanes are not process elements', async () => {
    const diagram = await parseDiagram(fs.readFileSync(FILE, 'utf8'));
    expect(diagram.meta.processId).to.equal('dsrRequest');
    expect(diagram.warnings).to.deep.equal([]);
    expect([...diagram.meta.elements.keys()].sort()).to.deep.equal(flowNodes.map((n) => n.id).sort());
  });
});
