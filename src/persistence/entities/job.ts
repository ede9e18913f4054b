import { EntitySchema } from 'typeorm';

export type JobKind = 'timer' | 'effect';
export type JobStatus = 'pending' | 'incident';

/**
 * A unit of deferred work: a BPMN timer or a side effect (an e-mail). Claimed with a lock owner and an
 * expiry so that several server processes fire each job exactly once (DESIGN principle 3). Times are
 * epoch milliseconds so that comparisons mean the same on SQLite and MariaDB.
 */
export interface JobRow {
  id: string;
  kind: JobKind;
  instanceId: string | null;
  elementId: string | null;
  executionId: string | null;
  handler: string | null;
  payload: string | null;
  idempotencyKey: string | null;
  dueAt: number;
  status: JobStatus;
  attempts: number;
  lockOwner: string | null;
  lockExpiresAt: number | null;
  lastError: string | null;
  createdAt: Date;
  version: number;
}

const epochMs = { type: 'bigint' as const, transformer: { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) } };

export const JobEntity = new EntitySchema<JobRow>({
  name: 'Job',
  tableName: 'job',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    kind: { type: 'varchar', length: 20 },
    instanceId: { type: 'varchar', length: 36, name: 'instance_id', nullable: true },
    elementId: { type: 'varchar', length: 100, name: 'element_id', nullable: true },
    executionId: { type: 'varchar', length: 200, name: 'execution_id', nullable: true },
    handler: { type: 'varchar', length: 100, nullable: true },
    payload: { type: 'text', nullable: true },
    idempotencyKey: { type: 'varchar', length: 200, name: 'idempotency_key', nullable: true },
    dueAt: { ...epochMs, name: 'due_at' },
    status: { type: 'varchar', length: 20 },
    attempts: { type: 'int' },
    lockOwner: { type: 'varchar', length: 100, name: 'lock_owner', nullable: true },
    lockExpiresAt: { ...epochMs, name: 'lock_expires_at', nullable: true },
    lastError: { type: 'text', name: 'last_error', nullable: true },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    version: { type: 'int' },
  },
  indices: [
    { name: 'ix_job_due', columns: ['status', 'dueAt'] },
    { name: 'ix_job_instance', columns: ['instanceId'] },
  ],
  uniques: [{ name: 'uq_job_idempotency', columns: ['idempotencyKey'] }],
});
