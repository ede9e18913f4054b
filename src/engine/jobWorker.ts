import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import { JobEntity, ProcessInstanceEntity, type JobRow } from '../persistence/entities/index.js';
import { type Logger, silentLogger } from '../logger.js';
import type { Clock } from './clock.js';
import type { ProcessHost, StepHook } from './host.js';
import { codeRefusal } from './noCode.js';

/** Runs a side-effect job (an e-mail…). It must use `job.idempotencyKey` so that a retry never repeats it. */
export type EffectHandler = (job: JobRow, tx: EntityManager) => Promise<void>;

/**
 * A side effect that leaves the system (an e-mail) and must happen at most once. `prepare` marks the
 * work as under way and commits before anything is sent; `perform` runs outside any transaction;
 * `record` stores the result and removes the job in one transaction. If `perform` fails, `release`
 * undoes `prepare` (nothing left) and the job is retried. If the process dies in between, `prepare`
 * finds the mark on the next attempt and must refuse: a person decides (the job becomes an incident).
 */
export interface OutboundEffect<P = unknown, R = unknown> {
  readonly outbound: true;
  prepare(job: JobRow, tx: EntityManager): Promise<P | null>;
  perform(prepared: P): Promise<R>;
  record(job: JobRow, prepared: P, result: R, tx: EntityManager): Promise<void>;
  release(job: JobRow, prepared: P, error: unknown, tx: EntityManager): Promise<void>;
}

export type Effect = EffectHandler | OutboundEffect<any, any>;

/** A failure that no retry can cure: the job becomes an incident at once, for a person to decide. */
export class NeedsPersonError extends Error {
  override name = 'NeedsPersonError';
}

export interface JobWorkerOptions {
  db: Database;
  clock: Clock;
  host: ProcessHost;
  effects?: ReadonlyMap<string, Effect>;
  /** Step hook for timers (the domain layer updates its rows when a deadline passes). */
  afterTimer?: StepHook;
  workerId?: string;
  lockMs?: number;
  /** How often a running job's lock is pushed forward (ms); a third of lockMs by default. */
  heartbeatMs?: number;
  maxAttempts?: number;
  batchSize?: number;
  /** Backoff before attempt n+1 (ms). */
  backoffMs?: (attempt: number) => number;
  /** Where failed polls and failed jobs are reported (never personal data: ids and error messages). */
  logger?: Logger;
}

export interface RunReport {
  fired: number;
  failed: number;
  incidents: number;
}

/**
 * Claims due jobs and runs them. A claim is a short transaction that sets lock owner and expiry
 * (`FOR UPDATE SKIP LOCKED` on MariaDB, so two processes never claim the same row); the job's own
 * transaction deletes the row only while this worker still owns it. A lock that expired (its worker
 * died) is claimed again. Failures are retried with backoff; after the last attempt the job becomes an
 * incident, listed and retriable by a person.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly lockMs: number;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private readonly backoffMs: (attempt: number) => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunReport> | null = null;
  private stopped = true;
  private readonly log: Logger;

  constructor(private readonly o: JobWorkerOptions) {
    this.log = o.logger ?? silentLogger;
    this.workerId = o.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.lockMs = o.lockMs ?? 60_000;
    this.maxAttempts = o.maxAttempts ?? 5;
    this.batchSize = o.batchSize ?? 20;
    this.backoffMs = o.backoffMs ?? ((n) => Math.min(60 * 60_000, 1000 * 2 ** n));
  }

  /** Poll every `intervalMs` until stopped. */
  start(intervalMs: number): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.runDue();
      } catch (err) {
        // A failed poll (database away) is retried at the next tick; jobs keep their rows.
        this.log.error({ err, workerId: this.workerId }, 'job poll failed; retrying at the next tick');
      }
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Run every job due now, including those that become due through the jobs themselves. */
  async runDue(): Promise<RunReport> {
    // One run at a time per worker: the fake clock's `set` and the poller may both ask.
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.drain();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async drain(): Promise<RunReport> {
    const report: RunReport = { fired: 0, failed: 0, incidents: 0 };
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return report;
      for (const job of claimed) {
        const outcome = await this.runOne(job);
        report[outcome] += 1;
      }
    }
  }

  /**
   * Claim due jobs, at most one per process instance, and none of an instance whose job another worker
   * (or this one) holds: two jobs of one instance never run at once. On MariaDB the instance rows are
   * locked (SKIP LOCKED) while claiming, so two workers cannot both see an instance as free.
   */
  private async claim(): Promise<JobRow[]> {
    const { db, clock } = this.o;
    const now = clock.now().getTime();
    return db.transaction(async (tx) => {
      const qb = tx.getRepository(JobEntity).createQueryBuilder('j')
        .where('j.status = :pending', { pending: 'pending' })
        .andWhere('j.dueAt <= :now', { now })
        .andWhere('(j.lockOwner IS NULL OR j.lockExpiresAt < :now)', { now })
        .andWhere(`(j.instanceId IS NULL OR NOT EXISTS (SELECT 1 FROM job o WHERE o.instance_id = j.instance_id AND o.id <> j.id AND o.status = 'pending' AND o.lock_owner IS NOT NULL AND o.lock_expires_at >= :now))`, { now })
        .orderBy('j.dueAt', 'ASC')
        .take(this.batchSize);
      const candidates = await db.forUpdate(qb, true).getMany();
      const free = await this.lockInstances(tx, candidates);
      const seen = new Set<string>();
      const due = candidates.filter((job) => {
        if (!job.instanceId) return true;
        if (seen.has(job.instanceId) || !free.has(job.instanceId)) return false;
        seen.add(job.instanceId);
        return true;
      });
      const mine: JobRow[] = [];
      for (const job of due) {
        const lockExpiresAt = now + this.lockMs;
        const res = await tx.createQueryBuilder().update(JobEntity)
          .set({ lockOwner: this.workerId, lockExpiresAt, version: job.version + 1 })
          .where('id = :id AND version = :version', { id: job.id, version: job.version }).execute();
        if (res.affected === 1) mine.push({ ...job, lockOwner: this.workerId, lockExpiresAt, version: job.version + 1 });
      }
      return mine;
    });
  }

  /** Instance ids among the candidates whose rows this claim could lock (all of them on SQLite). */
  private async lockInstances(tx: EntityManager, candidates: readonly JobRow[]): Promise<Set<string>> {
    const ids = [...new Set(candidates.map((j) => j.instanceId).filter((id): id is string => Boolean(id)))];
    if (ids.length === 0 || this.o.db.dialect !== 'mysql') return new Set(ids);
    const qb = tx.getRepository(ProcessInstanceEntity).createQueryBuilder('i').select('i.id').where('i.id IN (:...ids)', { ids });
    const locked = await this.o.db.forUpdate(qb, true).getMany();
    return new Set(locked.map((i) => i.id));
  }

  private async runOne(job: JobRow): Promise<'fired' | 'failed' | 'incidents'> {
    // Each job's lock runs from its own start and is renewed while it runs: the jobs of one claimed
    // batch do not share one expiry, so a slow batch (e-mails) never loses the locks of its last jobs.
    if (!(await this.renewLock(job))) {
      this.log.warn({ jobId: job.id, workerId: this.workerId }, 'job lock lost before it ran; another worker has it');
      return 'failed';
    }
    const heartbeat = setInterval(() => {
      this.renewLock(job).catch((err: unknown) => this.log.warn({ err, jobId: job.id }, 'job lock renewal failed'));
    }, this.o.heartbeatMs ?? Math.max(1000, Math.floor(this.lockMs / 3)));
    heartbeat.unref();
    try {
      if (job.kind === 'timer') {
        await this.o.host.fireTimer(job, this.workerId, this.o.afterTimer);
      } else {
        await this.runEffect(job);
      }
      return 'fired';
    } catch (err) {
      return this.recordFailure(job, err);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Push this worker's lock on the job forward; false when another worker took it over. */
  private async renewLock(job: JobRow): Promise<boolean> {
    const lockExpiresAt = this.o.clock.now().getTime() + this.lockMs;
    const res = await this.o.db.transaction((tx) => tx.createQueryBuilder().update(JobEntity).set({ lockExpiresAt })
      .where('id = :id AND lock_owner = :owner', { id: job.id, owner: this.workerId }).execute());
    return res.affected === 1;
  }

  private async runEffect(job: JobRow): Promise<void> {
    const handler = job.handler ? this.o.effects?.get(job.handler) : undefined;
    if (!handler) throw new Error(`job ${job.id}: no effect handler named "${job.handler}"`);
    if (typeof handler !== 'function') return this.runOutbound(job, handler);
    await this.o.db.transaction(async (tx) => {
      await handler(job, tx);
      await this.removeJob(tx, job);
    });
  }

  private async runOutbound(job: JobRow, effect: OutboundEffect<any, any>): Promise<void> {
    const { db } = this.o;
    const prepared = await db.transaction(async (tx) => {
      const p = await effect.prepare(job, tx);
      if (p === null) await this.removeJob(tx, job);
      return p;
    });
    if (prepared === null) return;
    let result: unknown;
    try {
      result = await effect.perform(prepared);
    } catch (err) {
      await db.transaction((tx) => effect.release(job, prepared, err, tx));
      throw err;
    }
    await db.transaction(async (tx) => {
      await effect.record(job, prepared, result, tx);
      await this.removeJob(tx, job);
    });
  }

  private async removeJob(tx: EntityManager, job: JobRow): Promise<void> {
    const gone = await tx.createQueryBuilder().delete().from(JobEntity).where('id = :id AND lock_owner = :owner', { id: job.id, owner: this.workerId }).execute();
    if (gone.affected !== 1) throw new Error(`job ${job.id} was taken over by another worker`);
  }

  private async recordFailure(job: JobRow, err: unknown): Promise<'failed' | 'incidents'> {
    const { db, clock } = this.o;
    const attempts = job.attempts + 1;
    // A diagram that asks for code fails the same way every time: a person decides at once.
    const incident = attempts >= this.maxAttempts || err instanceof NeedsPersonError || codeRefusal(err) !== null;
    const now = clock.now();
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    this.log[incident ? 'error' : 'warn']({ jobId: job.id, kind: job.kind, handler: job.handler, elementId: job.elementId, instanceId: job.instanceId, attempts, error: message }, incident ? 'job failed for good: incident raised' : 'job failed; retried later');
    await db.transaction(async (tx) => {
      const res = await tx.createQueryBuilder().update(JobEntity)
        .set({
          attempts, lastError: message.slice(0, 4000), lockOwner: null, lockExpiresAt: null,
          status: incident ? 'incident' : 'pending',
          dueAt: incident ? job.dueAt : now.getTime() + this.backoffMs(attempts), version: job.version + 1,
        })
        .where('id = :id AND lock_owner = :owner', { id: job.id, owner: this.workerId }).execute();
      if (res.affected === 1 && incident) {
        await appendAudit(tx, db, [{ at: now, actor: 'system', type: 'incident.raised', instanceId: job.instanceId, elementId: job.elementId, data: { jobId: job.id, kind: job.kind, attempts, error: message } }]);
      }
    });
    return incident ? 'incidents' : 'failed';
  }
}

/** Incidents: jobs that failed after their last retry. */
export async function listIncidents(db: Database): Promise<JobRow[]> {
  return db.read((m) => m.getRepository(JobEntity).find({ where: { status: 'incident' }, order: { createdAt: 'ASC' } }));
}

/** A person retries an incident: it becomes due now with a fresh set of attempts. */
export async function retryIncident(db: Database, clock: Clock, jobId: string, actor: string): Promise<JobRow | null> {
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(JobEntity);
    const job = await repo.findOneBy({ id: jobId, status: 'incident' });
    if (!job) return null;
    const now = clock.now();
    await repo.update({ id: jobId }, { status: 'pending', attempts: 0, dueAt: now.getTime(), lockOwner: null, lockExpiresAt: null, version: job.version + 1 });
    await appendAudit(tx, db, [{ at: now, actor, type: 'incident.retried', instanceId: job.instanceId, elementId: job.elementId, data: { jobId } }]);
    return { ...job, status: 'pending', attempts: 0, dueAt: now.getTime() };
  });
}
