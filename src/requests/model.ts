import type { DsrRequestRow } from '../persistence/entities/index.js';
import type { RequestInput, Right } from './schemas.js';
import { GROUNDS } from '../domain/refusalGrounds.js';

/** The JSON columns of a request, typed. */
export type Subject = RequestInput['subject'];
export type Representative = NonNullable<RequestInput['representative']>;

export interface Deadlines {
  remedyRequestBy?: string;
  remedyDue?: string;
  remedyRequestSentOn?: string;
  decisionDue?: string;
  originalDecisionDue?: string;
  clarificationUntil?: string;
  clarificationAnswerDue?: string;
  appealUntil?: string;
  deliveredOn?: string;
  /** N6.2: the date the request for remedy named; the limit is never earlier, nor earlier than 5 working days from its receipt. */
  remedyDueStated?: string;
  remedyRequestDeliveredOn?: string;
  /** The DPO issues the dismissal (sklep) within this, once the remedy time limit has lapsed. */
  dismissalDue?: string;
  dismissalDeliveredOn?: string;
  clarificationAnswerDeliveredOn?: string;
  /** Every letter with a time limit whose receipt was recorded (return receipt, or e-mail sending). */
  deliveries?: Record<string, Delivery>;
  /** N6.1/N8/N12 (issue 16 #4): time limits of ZZZS that passed unmet; kept whatever happens after. */
  missed?: MissedDeadline[];
  /** One Slovenian line per deadline: how it was computed. */
  explanations: Record<string, string>;
}

export interface Delivery {
  kind: string;
  deliveredOn: string;
  recordedBy: string;
  recordedAt: string;
}

/** A time limit of ZZZS that passed before what it required was done. */
export interface MissedDeadline {
  deadline: 'remedyRequestBy' | 'decisionDue' | 'clarificationAnswerDue' | 'dismissalDue' | 'extensionNoticeBy';
  due: string;
  /** When the system noticed (the watch at the end of the due day, or the late act itself). */
  noticedAt: string;
  noticedBy: string;
}

export interface Decision {
  outcome: 'granted' | 'partially_granted' | 'refused' | 'dismissed';
  decidedOn: string;
  /** The decision due date that applied when it was decided (N8.1/N8.2), for "decided on time". */
  dueAtDecision?: string;
  fee: number;
  /** How the fee was computed from the tariff (N16.1), when there is one. */
  feeDetails?: FeeDetails;
  grounds: string[];
  reasoning: string;
  decidedBy: string;
}

export interface FeeDetails {
  /** The fee rule set's basis: art15_3_further_copy or art12_5_excessive. */
  basis: string;
  copyNumber: number;
  /** The most the tariff allows for what is handed over; the fee charged is at most this. */
  computed: number;
  lines: { item: string; quantity: number; unitPrice: number; amount: number }[];
  ruleSetVersion?: string;
  /** UPN reference the person pays with. */
  reference: string;
}

export interface FeePayment {
  paidOn: string;
  amount: number;
  recordedBy: string;
  recordedAt: string;
}

export interface Extension {
  months: 1 | 2;
  reasons: string;
  /** N8.2: the day the notice left (posted, or e-mail sent); null while it waits to be printed or sent. */
  noticeSentOn: string | null;
  noticeLetterId?: string;
  /** The end of the first month: the notice must leave by then. */
  noticeBy?: string;
  extendedBy?: string;
}

export interface Reopening {
  on: string;
  by: string;
  reasons: string;
  /** The dismissal set aside. */
  setAside: Decision | null;
  remedyReceivedAt?: string;
}

export interface Flags {
  outsideOfficeHours?: boolean;
  missing?: string[];
  appealFiledOn?: string;
  reminderSentOn?: string;
  identityMethod?: string;
  collections?: string[];
  art23Restriction?: boolean;
  recipients?: { name: string; notifiedOn?: string; impossibleReason?: string }[];
  clarificationReceivedOn?: string;
  clarificationAnswer?: string;
  answerBy?: 'email' | 'post';
  appealClosedOn?: string;
  /** N18.1: the username of the person responsible for the case. */
  responsible?: string;
  appealOutcome?: 'upheld' | 'overturned' | 'withdrawn';
  /** N13.1: what the appeal is against: the decision, the dismissal, or silence (no decision by decisionDue). */
  appealKind?: 'decision' | 'dismissal' | 'silence';
  appealRecordedBy?: string;
  appealOutcomeBy?: string;
  /** N14.1: after an overturned refusal, the day the DPO carried out the Commissioner's decision. */
  compliedOn?: string;
  complianceNotes?: string;
  reopenings?: Reopening[];
  /** The day the process closed the case (the windows for clarification and appeal had passed). */
  closedOn?: string;
  /** N16.1: payments of the fee, as recorded (POST /requests/:id/fee-payment). */
  feePayments?: FeePayment[];
}

export interface Request {
  row: DsrRequestRow;
  subject: Subject;
  representative: Representative | null;
  rights: Right[];
  identityEvidence: { qualifiedSignature: boolean; idDocumentSeen: boolean };
  deadlines: Deadlines;
  decision: Decision | null;
  extension: Extension | null;
  flags: Flags;
}

export function readRequest(row: DsrRequestRow): Request {
  return {
    row,
    subject: JSON.parse(row.subject) as Subject,
    representative: row.representative ? (JSON.parse(row.representative) as Representative) : null,
    rights: row.rights.split(',').filter(Boolean) as Right[],
    identityEvidence: JSON.parse(row.identityEvidence),
    deadlines: JSON.parse(row.deadlines) as Deadlines,
    decision: row.decision ? (JSON.parse(row.decision) as Decision) : null,
    extension: row.extension ? (JSON.parse(row.extension) as Extension) : null,
    flags: JSON.parse(row.flags) as Flags,
  };
}

/** The columns to write back after changing the typed parts. */
export function writeRequest(r: Omit<Request, 'row'> & { row: Pick<DsrRequestRow, 'status' | 'filedOn' | 'measures'> }): Partial<DsrRequestRow> {
  return {
    filedOn: r.row.filedOn,
    measures: r.row.measures,
    subject: JSON.stringify(r.subject),
    subjectName: `${r.subject.firstName} ${r.subject.lastName}`,
    representative: r.representative ? JSON.stringify(r.representative) : null,
    rights: r.rights.join(','),
    identityEvidence: JSON.stringify(r.identityEvidence),
    deadlines: JSON.stringify(r.deadlines),
    decision: r.decision ? JSON.stringify(r.decision) : null,
    decisionDue: r.deadlines.decisionDue ?? r.decision?.dueAtDecision ?? null,
    decidedOn: r.decision?.decidedOn ?? null,
    extension: r.extension ? JSON.stringify(r.extension) : null,
    flags: JSON.stringify(r.flags),
    status: r.row.status,
  };
}

export const RIGHT_LABELS: Record<Right, string> = {
  access: 'dostop do osebnih podatkov (15. člen Splošne uredbe)',
  rectification: 'popravek ali dopolnitev (16. člen)',
  erasure: 'izbris (17. člen)',
  restriction: 'omejitev obdelave (18. člen)',
  objection: 'ugovor obdelavi (21. člen)',
};

/** What each refusal ground says (staff pages); letters add the legal basis (groundText). */
export const GROUND_LABELS: Record<string, string> = Object.fromEntries(Object.entries(GROUNDS).map(([g, info]) => [g, info.label]));

export const OUTCOME_LABELS: Record<string, string> = {
  granted: 'Zahtevi se ugodi.',
  partially_granted: 'Zahtevi se delno ugodi.',
  refused: 'Zahteva se zavrne.',
  dismissed: 'Zahteva se zavrže.',
};

/** The one who filed the request and to whom letters go (ZUP): the representative where one filed. */
export function filer(r: Pick<Request, 'subject' | 'representative'>): { name: string; address?: string; email?: string; isRepresentative: boolean } {
  if (r.representative) return { name: r.representative.name, address: r.representative.address, email: r.representative.email, isRepresentative: true };
  return { name: `${r.subject.firstName} ${r.subject.lastName}`, address: r.subject.address, email: r.subject.email, isRepresentative: false };
}

export const REPRESENTATIVE_KIND_LABELS: Record<string, string> = {
  attorney: 'pooblaščenec', legal_guardian: 'skrbnik (zakoniti zastopnik)', parent: 'starš (zakoniti zastopnik)',
};
