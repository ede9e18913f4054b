import { EntitySchema } from 'typeorm';

export type RequestStatus = 'registered' | 'awaiting_remedy' | 'in_review' | 'decided' | 'clarification' | 'closed' | 'dismissed';
export type Channel = 'post' | 'in_person' | 'email';

/**
 * A data-subject request (zahtevek) and its case (zadeva). Personal data of the person live in
 * `subject` and `representative` (JSON); dates of the legal calendar are `YYYY-MM-DD` strings in the
 * Europe/Ljubljana calendar. `version` is the optimistic lock for changes outside the process steps.
 */
export interface DsrRequestRow {
  id: string;
  caseNumber: string;
  classification: string;
  year: number;
  seq: number;
  channel: Channel;
  mailbox: string | null;
  receivedAt: Date;
  receivedOn: string;
  filedOn: string;
  subject: string;
  subjectName: string;
  representative: string | null;
  rights: string;
  measures: string | null;
  acknowledgementRequested: boolean;
  identityEvidence: string;
  status: RequestStatus;
  deadlines: string;
  extension: string | null;
  decision: string | null;
  /** The decision due date in force (N8.1/N8.2); once decided, the one that applied then. */
  decisionDue: string | null;
  decidedOn: string | null;
  legalHoldSince: Date;
  legalHoldReleasedAt: Date | null;
  instanceId: string | null;
  flags: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const DsrRequestEntity = new EntitySchema<DsrRequestRow>({
  name: 'DsrRequest',
  tableName: 'dsr_request',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    caseNumber: { type: 'varchar', length: 50, name: 'case_number', unique: true },
    classification: { type: 'varchar', length: 20 },
    year: { type: 'int' },
    seq: { type: 'int' },
    channel: { type: 'varchar', length: 20 },
    mailbox: { type: 'varchar', length: 100, nullable: true },
    receivedAt: { type: 'datetime', name: 'received_at', precision: 3 },
    receivedOn: { type: 'varchar', length: 10, name: 'received_on' },
    filedOn: { type: 'varchar', length: 10, name: 'filed_on' },
    subject: { type: 'text' },
    subjectName: { type: 'varchar', length: 300, name: 'subject_name' },
    representative: { type: 'text', nullable: true },
    rights: { type: 'varchar', length: 200 },
    measures: { type: 'text', nullable: true },
    acknowledgementRequested: { type: 'boolean', name: 'acknowledgement_requested' },
    identityEvidence: { type: 'text', name: 'identity_evidence' },
    status: { type: 'varchar', length: 20 },
    deadlines: { type: 'text' },
    extension: { type: 'text', nullable: true },
    decision: { type: 'text', nullable: true },
    decisionDue: { type: 'varchar', length: 10, name: 'decision_due', nullable: true },
    decidedOn: { type: 'varchar', length: 10, name: 'decided_on', nullable: true },
    legalHoldSince: { type: 'datetime', name: 'legal_hold_since', precision: 3 },
    legalHoldReleasedAt: { type: 'datetime', name: 'legal_hold_released_at', precision: 3, nullable: true },
    instanceId: { type: 'varchar', length: 36, name: 'instance_id', nullable: true },
    flags: { type: 'text' },
    createdBy: { type: 'varchar', length: 100, name: 'created_by' },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    updatedAt: { type: 'datetime', name: 'updated_at', precision: 3 },
    version: { type: 'int' },
  },
  indices: [
    { name: 'ix_request_status', columns: ['status'] },
    { name: 'ix_request_received', columns: ['receivedOn'] },
    { name: 'ix_request_year_seq', columns: ['classification', 'year', 'seq'], unique: true },
    { name: 'ix_request_decision_due', columns: ['decisionDue'] },
    { name: 'ix_request_decided_on', columns: ['decidedOn'] },
  ],
});

/** The next sequence number of a classification and year: locked while a case number is taken. */
export interface CaseCounterRow {
  classification: string;
  year: number;
  last: number;
}

export const CaseCounterEntity = new EntitySchema<CaseCounterRow>({
  name: 'CaseCounter',
  tableName: 'case_counter',
  columns: {
    classification: { type: 'varchar', length: 20, primary: true },
    year: { type: 'int', primary: true },
    last: { type: 'int' },
  },
});
