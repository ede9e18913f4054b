import type { Database } from '../persistence/database.js';
import { AuditEventEntity, DsrRequestEntity } from '../persistence/entities/index.js';
import { NotFoundError } from '../errors.js';
import { readRequest } from './model.js';

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
    return {
      seq: row.seq, caseNumber: row.caseNumber, receivedOn: row.receivedOn, person: row.subjectName,
      types: r.rights, outcome: r.decision?.outcome ?? null, decidedOn: r.decision?.decidedOn ?? null,
    };
  });
}

/** X2: every audit event of a case, and the diagram elements its instance visited, in order. */
export async function traceOf(db: Database, requestId: string) {
  return db.read(async (m) => {
    const row = await m.getRepository(DsrRequestEntity).findOneBy({ id: requestId });
    if (!row) throw new NotFoundError(`request ${requestId} does not exist`);
    const qb = m.getRepository(AuditEventEntity).createQueryBuilder('e').where('e.subjectId = :id', { id: requestId });
    if (row.instanceId) qb.orWhere('e.instanceId = :iid', { iid: row.instanceId });
    const events = await qb.orderBy('e.seq', 'ASC').getMany();
    const visited: string[] = [];
    const seen = new Set<string>();
    const add = (id: string | null | undefined) => {
      if (id && !seen.has(id)) {
        seen.add(id);
        visited.push(id);
      }
    };
    const discarded = new Set<string>();
    const out = events.map((e) => {
      const data = JSON.parse(e.data) as { visited?: string[]; discarded?: string[] };
      if (e.elementId && (e.type === 'task.completed' || e.type === 'message.correlated' || e.type === 'timer.fired')) add(e.elementId);
      for (const v of data.visited ?? []) add(v);
      for (const d of data.discarded ?? []) discarded.add(d);
      return { seq: e.seq, at: e.at.toISOString(), actor: e.actor, type: e.type, ...(e.elementId ? { elementId: e.elementId } : {}), data };
    });
    // An element that only waited and was then given up (the branch not taken) is not on the path.
    const taken = new Set(events.filter((e) => e.elementId).map((e) => e.elementId!));
    return { events: out, visited: visited.filter((v) => !discarded.has(v) || taken.has(v)) };
  });
}
