import type { Database } from '../persistence/database.js';
import { Brackets, type EntityManager } from 'typeorm';
import type { DefinitionStore } from '../engine/definitions.js';
import { AuditEventEntity, DsrRequestEntity, JobEntity, MessageSubscriptionEntity, ProcessInstanceEntity, UserTaskEntity } from '../persistence/entities/index.js';
import { NotFoundError } from '../errors.js';
import { readRequest } from './model.js';
import { ACCESS_TYPES } from './accessLog.js';

/** N17.1: the register of requests — sequence number, date received, the person, type, decision, its date. */
export async function registerEntries(db: Database, from?: string, to?: string) {
  const rows = await db.read((m) => {
    const qb = m.getRepository(DsrRequestEntity).createQueryBuilder('r');
    if (from) qb.andWhere('r.receivedOn >= :from', { from });
    if (to) qb.andWhere('r.receivedOn <= :to', { to });
    return qb.orderBy('r.year', 'ASC').addOrderBy('r.seq', 'ASC').getMany();
  });
  return rows.map((row) => {
    const r = readRequest(row);
    // N17.1: "the person who filed the request" — the representative where one filed, with the data subject.
    return {
      id: row.id, seq: row.seq, caseNumber: row.caseNumber, receivedOn: row.receivedOn, person: r.representative?.name ?? row.subjectName,
      ...(r.representative ? { dataSubject: row.subjectName, representativeKind: r.representative.kind } : {}),
      types: r.rights, outcome: r.decision?.outcome ?? null, decidedOn: r.decision?.decidedOn ?? null,
      // Issue 16 #4: a time limit missed stays in the register, whatever happened after.
      missedDeadlines: (r.deadlines.missed ?? []).map((m) => ({ deadline: m.deadline, due: m.due })),
    };
  });
}

const COMPLETING = new Set(['task.completed', 'message.correlated', 'timer.fired']);

/**
 * X2: every step (audit events other than reads) of a case, the diagram elements its instance passed through in order, and where
 * it waits now. A catch event that waited and was given up (the other branch of an event-based gateway)
 * is not on the path; a task cancelled by its boundary timer is, since it really was waited on.
 */
export async function traceOf(db: Database, definitions: DefinitionStore, requestId: string) {
  return db.read(async (m) => {
    const row = await m.getRepository(DsrRequestEntity).findOneBy({ id: requestId });
    if (!row) throw new NotFoundError(`request ${requestId} does not exist`);
    // The steps only: reads of the case (issue 10 #4) are its access log, paged by accessLog.caseLog.
    const qb = m.getRepository(AuditEventEntity).createQueryBuilder('e')
      .where(new Brackets((w) => {
        w.where('e.subjectId = :id', { id: requestId });
        if (row.instanceId) w.orWhere('e.instanceId = :iid', { iid: row.instanceId });
      }))
      .andWhere('e.type NOT IN (:...reads)', { reads: ACCESS_TYPES });
    const events = await qb.orderBy('e.seq', 'ASC').getMany();
    const instance = row.instanceId ? await m.getRepository(ProcessInstanceEntity).findOneBy({ id: row.instanceId }) : null;
    const waiting = instance ? await waitingElements(m, instance.id) : [];
    const elements = instance ? (await definitions.byId(instance.definitionId, m)).diagram.meta.elements : new Map<string, { type: string }>();
    const parsed = events.map((e) => ({ e, data: JSON.parse(e.data) as { visited?: string[]; waiting?: string[] } }));
    const completed = new Set(events.filter((e) => e.elementId && COMPLETING.has(e.type)).map((e) => e.elementId!));
    const waitedOn = new Set(parsed.flatMap(({ data }) => data.waiting ?? []));
    const givenUp = (id: string) => elements.get(id)?.type === 'bpmn:IntermediateCatchEvent' && waitedOn.has(id) && !completed.has(id) && !waiting.includes(id);
    const visited: string[] = [];
    const out = parsed.map(({ e, data }) => {
      for (const v of [...(e.elementId && COMPLETING.has(e.type) ? [e.elementId] : []), ...(data.visited ?? [])]) {
        if (!visited.includes(v) && !givenUp(v)) visited.push(v);
      }
      return { seq: e.seq, at: e.at.toISOString(), actor: e.actor, type: e.type, ...(e.elementId ? { elementId: e.elementId } : {}), data };
    });
    return { events: out, visited, waiting, process: instance ? { definitionKey: instance.definitionKey, version: instance.definitionVersion, instanceId: instance.id, status: instance.status } : null };
  });
}

/** Where an instance waits now: open user tasks, message subscriptions, pending timers. */
async function waitingElements(m: EntityManager, instanceId: string): Promise<string[]> {
  const [tasks, subscriptions, timers] = await Promise.all([
    m.getRepository(UserTaskEntity).find({ where: { instanceId, status: 'open' }, select: { key: true } }),
    m.getRepository(MessageSubscriptionEntity).find({ where: { instanceId }, select: { elementId: true } }),
    m.getRepository(JobEntity).find({ where: { instanceId, status: 'pending' }, select: { elementId: true } }),
  ]);
  return [...new Set([...tasks.map((t) => t.key), ...subscriptions.map((s) => s.elementId), ...timers.flatMap((t) => (t.elementId ? [t.elementId] : []))])];
}
