import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../domain/canonicalJson.js';
import { truncateCodePoints, wellFormed, wellFormedDeep } from '../domain/text.js';
import { AuditEventEntity, AuditHeadEntity, type AuditEventRow } from './entities/index.js';
import type { Database } from './database.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; the chain adds seq, prevHash and hash. */
export interface AuditEntry {
  at: Date;
  actor: string;
  type: string;
  instanceId?: string | null;
  subjectId?: string | null;
  elementId?: string | null;
  data?: Record<string, unknown>;
}

export function auditHash(prevHash: string, e: Omit<AuditEventRow, 'hash' | 'prevHash' | 'data'> & { data: unknown }): string {
  const body = canonicalJson({
    seq: e.seq, at: e.at.toISOString(), actor: e.actor, type: e.type,
    instanceId: e.instanceId ?? null, subjectId: e.subjectId ?? null, elementId: e.elementId ?? null, data: e.data,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

const DATETIME_MIN = Date.UTC(1000, 0, 1);
const DATETIME_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Column lengths of audit_event (the migrations), in characters: MariaDB rejects a longer value in strict mode. */
const COLUMN_LENGTH = { actor: 100, type: 100, instanceId: 36, subjectId: 100, elementId: 100 } as const;

/**
 * Exactly what the database will store, so that the hash is computed over the same text that is read
 * back (issue 10 #2): well-formed Unicode (a lone surrogate would become U+FFFD in the driver, after
 * hashing, and break the chain for good) and cut to the column by code points (MariaDB would refuse
 * a longer value, SQLite would keep it). Text is not normalised (no NFC): the log keeps what was sent,
 * and neither database normalises, so "é" and "e\u0301" stay two different, faithfully hashed names.
 */
function column(value: string, length: number): string;
function column(value: string | null | undefined, length: number): string | null;
function column(value: string | null | undefined, length: number): string | null {
  return value === null || value === undefined ? null : truncateCodePoints(wellFormed(String(value)), length);
}

/**
 * Append events to the chain inside the caller's transaction. The head row is locked first, so two
 * server processes append one after the other and the chain cannot fork; callers append last in their
 * transaction to hold that lock as briefly as possible.
 */
export async function appendAudit(tx: EntityManager, db: Database, entries: readonly AuditEntry[]): Promise<AuditEventRow[]> {
  if (entries.length === 0) return [];
  const head = await db.forUpdate(tx.getRepository(AuditHeadEntity).createQueryBuilder('h').where('h.id = 1')).getOneOrFail();
  let prev = head.lastHash;
  let seq = head.lastSeq;
  const rows: AuditEventRow[] = [];
  for (const e of entries) {
    seq += 1;
    // Millisecond precision is what both databases keep; hashing more would break verification.
    const at = new Date(Math.floor(e.at.getTime()));
    // DATETIME holds years 1000 to 9999: SQLite would store a later one in a form that reads back as
    // another instant, MariaDB refuses it. Fail here, before anything is written, not in the check.
    if (!(at.getTime() >= DATETIME_MIN && at.getTime() <= DATETIME_MAX)) throw new RangeError(`audit event ${e.type}: time ${String(e.at)} is outside the years 1000 to 9999`);
    const data = wellFormedDeep(e.data ?? {});
    const base = {
      seq, at, actor: column(e.actor, COLUMN_LENGTH.actor), type: column(e.type, COLUMN_LENGTH.type),
      instanceId: column(e.instanceId, COLUMN_LENGTH.instanceId), subjectId: column(e.subjectId, COLUMN_LENGTH.subjectId),
      elementId: column(e.elementId, COLUMN_LENGTH.elementId),
    };
    const hash = auditHash(prev, { ...base, data });
    rows.push({ ...base, data: canonicalJson(data), prevHash: prev, hash });
    prev = hash;
  }
  await tx.getRepository(AuditEventEntity).insert(rows);
  await tx.getRepository(AuditHeadEntity).update({ id: 1 }, { lastSeq: seq, lastHash: prev });
  return rows;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  firstBrokenSeq?: number;
}

export interface VerifyOptions {
  /** Events read per query. */
  batchSize?: number;
  /** Called after each batch with the number of events checked so far (progress; tests append here). */
  onBatch?: (checked: number) => Promise<void> | void;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recompute the whole chain; name the first event whose hash, link or sequence does not hold. All of
 * it is read from one snapshot (issue 10 #3): batches and head read apart while other processes
 * appended reported a broken chain that was not. The snapshot holds up no writer, and the check
 * yields between batches so that this process's own requests go on meanwhile.
 */
export async function verifyAudit(db: Database, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 2000;
  return db.readSnapshot(async (m) => {
    const repo = m.getRepository(AuditEventEntity);
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for (;;) {
      const batch = await repo.createQueryBuilder('e').where('e.seq >= :from', { from: expectedSeq }).orderBy('e.seq', 'ASC').take(batchSize).getMany();
      for (const row of batch) {
        count += 1;
        let data: unknown;
        try {
          data = JSON.parse(row.data);
        } catch {
          return { ok: false, events: count, firstBrokenSeq: row.seq };
        }
        const recomputed = auditHash(prev, { ...row, data });
        if (row.seq !== expectedSeq || row.prevHash !== prev || row.hash !== recomputed) {
          return { ok: false, events: count, firstBrokenSeq: Math.min(row.seq, expectedSeq) };
        }
        prev = row.hash;
        expectedSeq += 1;
      }
      await options.onBatch?.(count);
      if (batch.length < batchSize) break;
      await yieldToOthers();
    }
    const head = await m.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 });
    // A deleted tail shows up as a head that points past the last event.
    if (head.lastSeq !== expectedSeq - 1 || head.lastHash !== prev) {
      return { ok: false, events: count, firstBrokenSeq: expectedSeq };
    }
    return { ok: true, events: count };
  });
}
