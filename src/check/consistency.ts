import { createHash } from 'node:crypto';
import type { System } from '../system.js';
import { verifyAudit } from '../persistence/audit.js';
import {
  DsrRequestEntity, JobEntity, LetterEntity, MessageSubscriptionEntity, ProcessInstanceEntity, UserTaskEntity,
  type DsrRequestRow, type LetterRow, type ProcessInstanceRow,
} from '../persistence/entities/index.js';

/** One thing that does not agree, said so that a person can find it: the case (or instance) and what. */
export interface Discrepancy {
  caseNumber: string | null;
  instanceId: string | null;
  problem: string;
}

export interface ConsistencyReport {
  cases: number;
  instances: number;
  letters: number;
  auditEvents: number;
  incidents: number;
  discrepancies: Discrepancy[];
}

const TERMINAL = new Set(['closed', 'dismissed']);
/** Letters a case gets once at most, whatever happens to it. */
const ONCE_PER_CASE = new Set(['acknowledgement']);

/**
 * Everything that must agree, checked from the rows (issue 11): each request ↔ its one process instance,
 * the instance's engine state ↔ its open tasks, timers and message subscriptions, the request's decision ↔
 * its letters, every letter ↔ its stored hash and number, and the audit chain. Reads only.
 */
export async function checkConsistency(system: System): Promise<ConsistencyReport> {
  const { db } = system;
  const [requests, instances, letters] = await db.read(async (m) => [
    await m.getRepository(DsrRequestEntity).find(),
    await m.getRepository(ProcessInstanceEntity).find({ select: { id: true, businessKey: true, status: true, definitionKey: true } }),
    await m.getRepository(LetterEntity).find(),
  ] as const);
  const found: Discrepancy[] = [];
  const byCase = new Map<string, ProcessInstanceRow[]>();
  for (const i of instances) {
    if (!i.businessKey) continue;
    byCase.set(i.businessKey, [...(byCase.get(i.businessKey) ?? []), i as ProcessInstanceRow]);
  }
  const lettersOf = new Map<string, LetterRow[]>();
  for (const l of letters) lettersOf.set(l.requestId, [...(lettersOf.get(l.requestId) ?? []), l]);

  for (const r of requests) found.push(...checkRequest(r, byCase.get(r.id) ?? [], lettersOf.get(r.id) ?? []));
  const known = new Set(requests.map((r) => r.id));
  for (const [requestId, list] of lettersOf) {
    if (!known.has(requestId)) found.push({ caseNumber: null, instanceId: null, problem: `${list.length} letter(s) belong to the request ${requestId}, which does not exist` });
  }
  found.push(...checkLetters(letters, requests));
  for (const i of instances) found.push(...(await checkWaitStates(system, i as ProcessInstanceRow, caseNumberOf(requests, i.businessKey))));

  const audit = await verifyAudit(db);
  if (!audit.ok) found.push({ caseNumber: null, instanceId: null, problem: `the audit chain is broken at event ${audit.firstBrokenSeq}` });
  const incidents = await db.read((m) => m.getRepository(JobEntity).countBy({ status: 'incident' }));
  return { cases: requests.length, instances: instances.length, letters: letters.length, auditEvents: audit.events, incidents, discrepancies: found };
}

const caseNumberOf = (requests: readonly DsrRequestRow[], id: string | null) => requests.find((r) => r.id === id)?.caseNumber ?? null;

function checkRequest(r: DsrRequestRow, instances: readonly ProcessInstanceRow[], letters: readonly LetterRow[]): Discrepancy[] {
  const out: Discrepancy[] = [];
  const say = (problem: string, instanceId: string | null = r.instanceId) => out.push({ caseNumber: r.caseNumber, instanceId, problem });
  const own = instances.filter((i) => i.definitionKey === 'dsrRequest');
  if (own.length === 0) say('has no process instance');
  if (own.length > 1) say(`has ${own.length} process instances (${own.map((i) => i.id).join(', ')}); one is expected`);
  const instance = own.find((i) => i.id === r.instanceId);
  if (own.length > 0 && !instance) say(`names the instance ${r.instanceId}, which is not its own`);
  if (instance) {
    if (instance.status !== 'running' && !TERMINAL.has(r.status)) say(`is "${r.status}" but its process has ended`);
    if (TERMINAL.has(r.status) === false && instance.status !== 'running') say('is open but its process does not run');
  }
  const decision = r.decision ? (JSON.parse(r.decision) as { outcome?: string } | null) : null;
  if ((r.status === 'decided' || r.status === 'clarification') && !decision) say(`is "${r.status}" but has no decision`);
  if (decision?.outcome && decision.outcome !== 'dismissed' && !letters.some((l) => l.kind === 'decision')) say(`has the decision "${decision.outcome}" but no decision letter`);
  if (decision?.outcome === 'dismissed' && !letters.some((l) => l.kind === 'dismissal')) say('is dismissed but has no dismissal letter');
  for (const kind of ONCE_PER_CASE) {
    const n = letters.filter((l) => l.kind === kind).length;
    if (n > 1) say(`has ${n} letters of the kind ${kind}; at most one is expected`);
  }
  return out;
}

function checkLetters(letters: readonly LetterRow[], requests: readonly DsrRequestRow[]): Discrepancy[] {
  const out: Discrepancy[] = [];
  const numbers = new Map<string, number>();
  const keys = new Map<string, number>();
  for (const l of letters) {
    numbers.set(l.documentNumber, (numbers.get(l.documentNumber) ?? 0) + 1);
    keys.set(l.idempotencyKey, (keys.get(l.idempotencyKey) ?? 0) + 1);
    const hash = createHash('sha256').update(l.html).digest('hex');
    if (hash !== l.sha256) out.push({ caseNumber: caseNumberOf(requests, l.requestId), instanceId: null, problem: `letter ${l.documentNumber} was changed after it was issued (its HTML no longer has its stored hash)` });
  }
  for (const [n, count] of numbers) if (count > 1) out.push({ caseNumber: null, instanceId: null, problem: `${count} letters carry the document number ${n}` });
  for (const [k, count] of keys) if (count > 1) out.push({ caseNumber: null, instanceId: null, problem: `${count} letters were issued for one step (${k})` });
  return out;
}

/** The wait-state rows must be exactly what the engine state waits on: no more, no fewer. */
async function checkWaitStates(system: System, instance: ProcessInstanceRow, caseNumber: string | null): Promise<Discrepancy[]> {
  const out: Discrepancy[] = [];
  const say = (problem: string) => out.push({ caseNumber, instanceId: instance.id, problem });
  const [tasks, subs, timers] = await system.db.read(async (m) => [
    await m.getRepository(UserTaskEntity).find({ where: { instanceId: instance.id, status: 'open' } }),
    await m.getRepository(MessageSubscriptionEntity).find({ where: { instanceId: instance.id } }),
    await m.getRepository(JobEntity).find({ where: { instanceId: instance.id, kind: 'timer' } }),
  ] as const);
  if (instance.status !== 'running') {
    if (tasks.length + subs.length + timers.length > 0) say(`has ended but still has ${tasks.length} open task(s), ${subs.length} message subscription(s) and ${timers.length} timer(s)`);
    return out;
  }
  let engine: Awaited<ReturnType<System['host']['inspect']>>;
  try {
    engine = await system.host.inspect(instance.id);
  } catch (err) {
    say(`its engine state cannot be recovered: ${(err as Error).message}`);
    return out;
  }
  const waitingTasks = engine.waiting.filter((w) => w.type === 'bpmn:UserTask');
  for (const w of waitingTasks) if (!tasks.some((t) => t.executionId === w.executionId)) say(`waits at the task ${w.id} but has no open task row for it`);
  for (const t of tasks) if (!waitingTasks.some((w) => w.executionId === t.executionId)) say(`has an open task ${t.key} (${t.id}) where the process no longer waits`);
  for (const s of subs) if (!engine.waiting.some((w) => w.executionId === s.executionId)) say(`subscribes to the message ${s.messageName} at ${s.elementId} where the process no longer waits`);
  for (const t of engine.timers) {
    const rows = timers.filter((j) => j.executionId === t.executionId);
    if (rows.length !== 1) say(`has ${rows.length} timer job(s) for the timer ${t.id}; exactly one is expected`);
  }
  for (const j of timers) if (!engine.timers.some((t) => t.executionId === j.executionId)) say(`has a timer job at ${j.elementId} that the process no longer waits on`);
  return out;
}

/** The report as lines for a terminal: the counts, then each discrepancy. */
export function formatReport(r: ConsistencyReport): string[] {
  const lines = [`checked ${r.cases} case(s), ${r.instances} process instance(s), ${r.letters} letter(s), ${r.auditEvents} audit event(s); ${r.incidents} open incident(s)`];
  for (const d of r.discrepancies) lines.push(`${d.caseNumber ?? '-'}${d.instanceId ? ` [${d.instanceId}]` : ''}: ${d.problem}`);
  lines.push(r.discrepancies.length === 0 ? 'everything agrees' : `${r.discrepancies.length} discrepanc${r.discrepancies.length === 1 ? 'y' : 'ies'}`);
  return lines;
}
