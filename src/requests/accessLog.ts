import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import { AuditEventEntity, IntakeDraftEntity, type AuditEventRow } from '../persistence/entities/index.js';

/**
 * The access log (ZVOP-2, issue 10 #4): every answer, page, export or file that carries a person's data
 * records who read which case(s). A read of one case is one audit event with the case as its subject. A
 * list is one audit event that names the cases it showed (`data.requestIds`, at most ACCESS_CHUNK per
 * event, so a long export becomes a few events), and a row per case in `audit_access` so that each case
 * finds it by an index: a 500-row list costs one hashed event and one insert, not 500 hashed events.
 * The index is derived data; the hash-chained events are the record and can rebuild it.
 */
export const ACCESS_TYPES: readonly string[] = [
  'request.viewed', 'requests.listed', 'letter.viewed', 'letters.listed', 'register.viewed', 'register.exported',
  'trace.viewed', 'tasks.listed', 'dashboard.viewed', 'intake.draft_viewed', 'intake.drafts_listed', 'intake.email_downloaded',
  'phone.inquiry_answered', 'phone.inquiry_refused',
  // A refused attempt to read the case belongs with the reads (who tried to see whose data).
  'security.denied',
];
const ACCESS = new Set(ACCESS_TYPES);
export const isAccessEvent = (type: string): boolean => ACCESS.has(type);

/** Most case ids one audit event lists (its data column holds 64 KB on MariaDB). */
export const ACCESS_CHUNK = 500;

export interface AccessRead {
  actor: string;
  type: string;
  /** The cases whose data the answer carried (duplicates are dropped). */
  requestIds: readonly (string | null | undefined)[];
  data?: Record<string, unknown>;
}

/** Append a read to the chain (and, for lists, the per-case index) in one transaction. */
export async function logAccess(db: Database, at: Date, read: AccessRead): Promise<void> {
  await db.transaction((tx) => logAccessIn(tx, db, at, read));
}

export async function logAccessIn(tx: EntityManager, db: Database, at: Date, read: AccessRead): Promise<void> {
  const ids = [...new Set(read.requestIds.filter((x): x is string => typeof x === 'string' && x !== ''))];
  if (ids.length <= 1) {
    await appendAudit(tx, db, [{ at, actor: read.actor, type: read.type, subjectId: ids[0] ?? null, data: read.data ?? {} }]);
    return;
  }
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += ACCESS_CHUNK) chunks.push(ids.slice(i, i + ACCESS_CHUNK));
  const rows = await appendAudit(tx, db, chunks.map((requestIds, i) => ({
    at, actor: read.actor, type: read.type,
    data: { ...(read.data ?? {}), requestIds, ...(chunks.length > 1 ? { part: i + 1, parts: chunks.length } : {}) },
  })));
  const pairs = rows.flatMap((row, i) => chunks[i]!.map((id) => [id, row.seq] as const));
  for (let i = 0; i < pairs.length; i += ACCESS_CHUNK) {
    const part = pairs.slice(i, i + ACCESS_CHUNK);
    await tx.query(`INSERT INTO audit_access (request_id, seq) VALUES ${part.map(() => '(?, ?)').join(', ')}`, part.flat());
  }
}

/** Which events of a case: the steps of its process and procedure, the reads of its data, or both. */
export type LogFilter = 'steps' | 'reads' | 'all';
export const LOG_FILTERS: readonly LogFilter[] = ['steps', 'reads', 'all'];
export const isLogFilter = (s: unknown): s is LogFilter => typeof s === 'string' && (LOG_FILTERS as readonly string[]).includes(s);

export interface CaseLogQuery {
  filter: LogFilter;
  /** Newest first (a case page) or oldest first (a trace). */
  order: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface CaseLogPage {
  events: AuditEventRow[];
  total: number;
}

/**
 * Where a case's events are: its id, its instance, and the other keys its reads were logged under before
 * it was a case (the e-mail draft it was registered from).
 */
export interface CaseKeys {
  requestId: string;
  instanceId: string | null;
  aliases?: readonly string[];
}

/** The case's keys for its log: its id and instance, and the drafts it came from. */
export async function caseKeys(m: EntityManager, requestId: string, instanceId: string | null): Promise<CaseKeys> {
  const drafts = await m.getRepository(IntakeDraftEntity).find({ where: { requestId }, select: { id: true } });
  return { requestId, instanceId, aliases: drafts.map((d) => d.id) };
}

/** The seqs of one case's events, per filter, as SQL both databases run (with its parameters). */
function caseSeqs(filter: LogFilter, k: CaseKeys): { sql: string; params: unknown[] } {
  const types = ACCESS_TYPES.map(() => '?').join(', ');
  const keys = [k.requestId, ...(k.aliases ?? [])];
  const keyMarks = keys.map(() => '?').join(', ');
  const reads = `SELECT seq FROM audit_event WHERE subject_id IN (${keyMarks}) AND type IN (${types}) UNION SELECT seq FROM audit_access WHERE request_id IN (${keyMarks})`;
  const readParams = [...keys, ...ACCESS_TYPES, ...keys];
  const steps = `SELECT seq FROM audit_event WHERE (subject_id = ? OR instance_id = ?) AND type NOT IN (${types})`;
  const stepParams = [k.requestId, k.instanceId, ...ACCESS_TYPES];
  switch (filter) {
    case 'steps':
      return { sql: steps, params: stepParams };
    case 'reads':
      return { sql: reads, params: readParams };
    case 'all':
      return { sql: `${steps} UNION ${reads}`, params: [...stepParams, ...readParams] };
  }
}

/** How many events of a case each filter finds. */
export async function caseLogCounts(m: EntityManager, keys: CaseKeys): Promise<Record<LogFilter, number>> {
  const out = {} as Record<LogFilter, number>;
  for (const f of LOG_FILTERS) {
    const { sql, params } = caseSeqs(f, keys);
    const [row] = (await m.query(`SELECT COUNT(*) AS n FROM (${sql}) t`, params)) as { n: number | string }[];
    out[f] = Number(row?.n ?? 0);
  }
  return out;
}

/** One page of a case's events (steps, reads or all), in seq order; the total counts the filter's events. */
export async function caseLog(m: EntityManager, keys: CaseKeys, q: CaseLogQuery): Promise<CaseLogPage> {
  const { sql, params } = caseSeqs(q.filter, keys);
  const [count] = (await m.query(`SELECT COUNT(*) AS n FROM (${sql}) t`, params)) as { n: number | string }[];
  const total = Number(count?.n ?? 0);
  // Integers checked here go into the text: LIMIT placeholders differ between the drivers.
  const limit = q.limit === undefined ? null : Math.max(0, Math.floor(q.limit));
  const offset = Math.max(0, Math.floor(q.offset ?? 0));
  const page = limit === null && offset === 0 ? '' : ` LIMIT ${limit ?? 1_000_000_000} OFFSET ${offset}`;
  const seqs = ((await m.query(`SELECT seq FROM (${sql}) t ORDER BY seq ${q.order === 'desc' ? 'DESC' : 'ASC'}${page}`, params)) as { seq: number | string }[]).map((r) => Number(r.seq));
  const rows: AuditEventRow[] = [];
  for (let i = 0; i < seqs.length; i += ACCESS_CHUNK) rows.push(...(await m.getRepository(AuditEventEntity).findBy({ seq: In(seqs.slice(i, i + ACCESS_CHUNK)) })));
  rows.sort((a, b) => (q.order === 'desc' ? b.seq - a.seq : a.seq - b.seq));
  return { events: rows, total };
}
