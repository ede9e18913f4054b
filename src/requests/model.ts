import type { DsrRequestRow } from '../persistence/entities/index.js';
import type { RequestInput, Right } from './schemas.js';

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
  grounds: string[];
  reasoning: string;
  decidedBy: string;
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

export const GROUND_LABELS: Record<string, string> = {
  art15_protected_persons: 'uresničitev bi prizadela koristi mladoletnih ali drugih zakonsko zaščitenih oseb, ki pretehtajo (15. člen Navodila)',
  art16_manifestly_unfounded: 'zahteva je očitno neutemeljena (16. člen Navodila, peti odstavek 12. člena Splošne uredbe)',
  art16_excessive: 'zahteva je pretirana, zlasti ker se ponavlja (16. člen Navodila, peti odstavek 12. člena Splošne uredbe)',
  art23_restriction: 'pravica je omejena z zakonom v skladu s 23. členom Splošne uredbe',
};

export const OUTCOME_LABELS: Record<string, string> = {
  granted: 'Zahtevi se ugodi.',
  partially_granted: 'Zahtevi se delno ugodi.',
  refused: 'Zahteva se zavrne.',
  dismissed: 'Zahteva se zavrže.',
};
