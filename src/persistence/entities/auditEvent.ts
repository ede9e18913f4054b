import { EntitySchema } from 'typeorm';

/**
 * One event of the append-only, hash-chained audit log (DESIGN principle 5). `hash` is
 * sha256(prevHash + canonical JSON of the event); `seq` is assigned from the chain head under its lock.
 */
export interface AuditEventRow {
  seq: number;
  at: Date;
  actor: string;
  type: string;
  instanceId: string | null;
  subjectId: string | null;
  elementId: string | null;
  data: string;
  prevHash: string;
  hash: string;
}

/** The single row that holds the chain's end; locked while appending so two processes cannot fork it. */
export interface AuditHeadRow {
  id: number;
  lastSeq: number;
  lastHash: string;
}

export const AuditEventEntity = new EntitySchema<AuditEventRow>({
  name: 'AuditEvent',
  tableName: 'audit_event',
  columns: {
    seq: { type: 'int', primary: true },
    at: { type: 'datetime', precision: 3 },
    actor: { type: 'varchar', length: 100 },
    type: { type: 'varchar', length: 100 },
    instanceId: { type: 'varchar', length: 36, name: 'instance_id', nullable: true },
    subjectId: { type: 'varchar', length: 100, name: 'subject_id', nullable: true },
    elementId: { type: 'varchar', length: 100, name: 'element_id', nullable: true },
    data: { type: 'text' },
    prevHash: { type: 'varchar', length: 64, name: 'prev_hash' },
    hash: { type: 'varchar', length: 64 },
  },
  indices: [
    { name: 'ix_audit_instance', columns: ['instanceId'] },
    { name: 'ix_audit_subject', columns: ['subjectId'] },
  ],
});

export const AuditHeadEntity = new EntitySchema<AuditHeadRow>({
  name: 'AuditHead',
  tableName: 'audit_head',
  columns: {
    id: { type: 'int', primary: true },
    lastSeq: { type: 'int', name: 'last_seq' },
    lastHash: { type: 'varchar', length: 64, name: 'last_hash' },
  },
});
