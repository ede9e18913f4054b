import { In } from 'typeorm';
import { addWorkingDays } from '../../domain/calendar.js';
import { isWorkingDay } from '../../domain/holidays.js';
import { addCalendarDays, endOfDayInstant, toLocalDate, type LocalDate } from '../../domain/localDate.js';
import type { Database } from '../../persistence/database.js';
import { DsrRequestEntity, UserTaskEntity, type DsrRequestRow } from '../../persistence/entities/index.js';
import type { Role } from '../../roles.js';
import { daysBetween, decidedInTime, type DecidedCase } from '../register/timing.js';
import { decisionLike } from '../register/query.js';
import { MISSED_LABELS, type WatchedDeadline } from '../../requests/missedDeadlines.js';

/** How many cases a list on the dashboard shows; its card still counts all of them. */
export const LIST_LIMIT = 20;
/** Issue 5: "due soon" is a decision due within 3 working days. */
export const SOON_WORKING_DAYS = 3;
/** Silence risk (N13.1): due within 5 working days and not yet at the decision. */
export const SILENCE_WORKING_DAYS = 5;

export interface DashboardItem {
  id: string;
  caseNumber: string;
  person: string;
  status: string;
  due: LocalDate;
  /** "še 2 delovna dneva", "poteče danes", "zamuda 3 dni". */
  dueText: string;
  overdue: boolean;
  /** The open user tasks of the case (where it stands). */
  tasks: string[];
  taskId?: string;
}

export interface DashboardList {
  count: number;
  items: DashboardItem[];
  more: number;
}

export interface MonthCounts {
  month: string;
  received: number;
  decided: number;
  decidedOnMerits: number;
  decidedInTime: number;
}

export interface DashboardData {
  today: LocalDate;
  soonUntil: LocalDate;
  silenceUntil: LocalDate;
  dueSoon?: DashboardList;
  overdue?: DashboardList;
  silenceRisk?: DashboardList;
  awaitingRemedy?: DashboardList;
  recordsTasks?: DashboardList;
  /** Issue 16 #4: time limits missed (noticed this month), whatever happened to the case since. */
  missed?: DashboardList;
  month: MonthCounts;
}

const plural = (n: number, one: string, two: string, few: string, many: string) => {
  const r = n % 100;
  return `${n} ${r === 1 ? one : r === 2 ? two : r === 3 || r === 4 ? few : many}`;
};

/** Working days after `today` up to and including `due`. */
export function workingDaysUntil(today: LocalDate, due: LocalDate): number {
  let n = 0;
  for (let d = addCalendarDays(today, 1); d <= due; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) n += 1;
  return n;
}

export function dueText(today: LocalDate, due: LocalDate): string {
  if (due < today) return `zamuda ${plural(daysBetween(due, today), 'dan', 'dneva', 'dni', 'dni')}`;
  if (due === today) return 'poteče danes';
  return `še ${plural(workingDaysUntil(today, due), 'delovni dan', 'delovna dneva', 'delovni dnevi', 'delovnih dni')}`;
}

const list = (items: DashboardItem[]): DashboardList => {
  const sorted = [...items].sort((a, b) => a.due.localeCompare(b.due) || a.caseNumber.localeCompare(b.caseNumber));
  return { count: sorted.length, items: sorted.slice(0, LIST_LIMIT), more: Math.max(0, sorted.length - LIST_LIMIT) };
};

type ActiveRow = Pick<DsrRequestRow, 'id' | 'caseNumber' | 'subjectName' | 'status' | 'deadlines' | 'instanceId'>;

const chunks = <T>(xs: T[], n = 500): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * What the home page shows, by role. Fast with many cases: the undecided cases are found by the indexed
 * `status` column (closed cases are never read), their deadlines parsed in memory; the month's counts
 * use the indexed `received_on` and one pattern on the decision text; tasks by their instance index.
 */
export async function dashboardData(db: Database, now: Date, roles: readonly Role[]): Promise<DashboardData> {
  const today = toLocalDate(now);
  const soonUntil = addWorkingDays(today, SOON_WORKING_DAYS).due;
  const silenceUntil = addWorkingDays(today, SILENCE_WORKING_DAYS).due;
  const has = (...rs: Role[]) => rs.some((r) => roles.includes(r));
  // Lists of cases name their persons: not for the admin, who manages users, not personal data (issue 10 #6).
  const deadlines = has('dpo', 'auditor');
  const remedy = deadlines || has('clerk');
  const records = has('records_owner');

  return db.read(async (m) => {
    const data: DashboardData = { today, soonUntil, silenceUntil, month: await monthCounts(db, m, today) };
    if (deadlines || remedy) {
      const statuses = [...(deadlines ? ['registered', 'in_review'] : []), ...(remedy ? ['awaiting_remedy'] : [])];
      const rows = await m.getRepository(DsrRequestEntity).createQueryBuilder('r')
        .select('r.id', 'id').addSelect('r.caseNumber', 'caseNumber').addSelect('r.subjectName', 'subjectName').addSelect('r.status', 'status')
        .addSelect('r.deadlines', 'deadlines').addSelect('r.instanceId', 'instanceId')
        .where('r.status IN (:...statuses)', { statuses }).andWhere('r.decision IS NULL').getRawMany<ActiveRow>();
      const undecided: (ActiveRow & { due: string })[] = [];
      const waiting: (ActiveRow & { due: string })[] = [];
      for (const row of rows) {
        const d = JSON.parse(row.deadlines) as { decisionDue?: string; remedyDue?: string };
        if (row.status === 'awaiting_remedy') {
          if (d.remedyDue) waiting.push({ ...row, due: d.remedyDue });
        } else if (d.decisionDue) {
          undecided.push({ ...row, due: d.decisionDue });
        }
      }
      const relevant = undecided.filter((r) => r.due <= silenceUntil);
      const tasks = await openTasks(m, [...relevant, ...waiting].map((r) => r.instanceId).filter((x): x is string => Boolean(x)));
      const item = (r: ActiveRow & { due: string }): DashboardItem => ({
        id: r.id, caseNumber: r.caseNumber, person: r.subjectName, status: r.status, due: r.due, dueText: dueText(today, r.due),
        overdue: r.due < today, tasks: tasks.get(r.instanceId ?? '') ?? [],
      });
      if (deadlines) {
        data.overdue = list(relevant.filter((r) => r.due < today).map(item));
        data.dueSoon = list(relevant.filter((r) => r.due >= today && r.due <= soonUntil).map(item));
        // Silence risk: the month is nearly out and the case has not reached the decision yet.
        data.silenceRisk = list(relevant.filter((r) => r.due >= today && !(tasks.get(r.instanceId ?? '') ?? []).includes('decide')).map(item));
      }
      if (remedy) data.awaitingRemedy = list(waiting.map(item));
    }
    if (records) data.recordsTasks = await recordsTasks(m, today);
    if (deadlines) data.missed = await missedThisMonth(db, m, today);
    return data;
  });
}

type Manager = Parameters<Parameters<Database['read']>[0]>[0];

async function openTasks(m: Manager, instanceIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const ids of chunks(instanceIds)) {
    const rows = await m.getRepository(UserTaskEntity).find({ select: { instanceId: true, key: true }, where: { instanceId: In(ids), status: 'open' } });
    for (const t of rows) out.set(t.instanceId, [...(out.get(t.instanceId) ?? []), t.key]);
  }
  return out;
}

/** A records owner's open "check the collections" tasks (N5.1), soonest due first. */
async function recordsTasks(m: Manager, today: LocalDate): Promise<DashboardList> {
  const tasks = await m.getRepository(UserTaskEntity).find({ select: { id: true, instanceId: true, key: true, due: true }, where: { status: 'open', key: 'checkRecords' } });
  const byInstance = new Map(tasks.map((t) => [t.instanceId, t]));
  const items: DashboardItem[] = [];
  for (const ids of chunks([...byInstance.keys()])) {
    const rows = await m.getRepository(DsrRequestEntity).find({ select: { id: true, caseNumber: true, subjectName: true, status: true, instanceId: true }, where: { instanceId: In(ids) } });
    for (const r of rows) {
      const t = byInstance.get(r.instanceId ?? '')!;
      const due = t.due ?? '9999-12-31';
      items.push({ id: r.id, caseNumber: r.caseNumber, person: r.subjectName, status: r.status, due, dueText: t.due ? dueText(today, t.due) : '', overdue: t.due !== null && t.due < today, tasks: [t.key], taskId: t.id });
    }
  }
  return list(items);
}

/** Cases with a time limit of ZZZS missed and noticed this month (the record stays on the case whatever happened after). */
async function missedThisMonth(db: Database, m: Manager, today: LocalDate): Promise<DashboardList> {
  const month = today.slice(0, 7);
  const rows = await m.getRepository(DsrRequestEntity).createQueryBuilder('r')
    .select('r.id', 'id').addSelect('r.caseNumber', 'caseNumber').addSelect('r.subjectName', 'subjectName').addSelect('r.status', 'status').addSelect('r.deadlines', 'deadlines')
    .where(`r.deadlines ${decisionLike(db)} :p ESCAPE '!'`, { p: '%"missed":[{%' }).getRawMany<Pick<DsrRequestRow, 'id' | 'caseNumber' | 'subjectName' | 'status' | 'deadlines'>>();
  const items: DashboardItem[] = [];
  for (const r of rows) {
    const missed = (JSON.parse(r.deadlines) as { missed?: { deadline: WatchedDeadline; due: string; noticedAt: string }[] }).missed ?? [];
    for (const x of missed) {
      if (toLocalDate(new Date(x.noticedAt)).slice(0, 7) !== month) continue;
      items.push({ id: r.id, caseNumber: r.caseNumber, person: r.subjectName, status: r.status, due: x.due, dueText: MISSED_LABELS[x.deadline], overdue: true, tasks: [] });
    }
  }
  return list(items);
}

/** This month: requests received, decided, and of the decisions on the merits those in time (as the register counts them). */
async function monthCounts(db: Database, m: Manager, today: LocalDate): Promise<MonthCounts> {
  const month = today.slice(0, 7);
  const received = await m.getRepository(DsrRequestEntity).createQueryBuilder('r')
    .where('r.receivedOn >= :a AND r.receivedOn <= :b', { a: `${month}-01`, b: `${month}-31` }).getCount();
  // The decision column is JSON.stringify output; a quote inside a string value is escaped, so this matches the field only.
  // A case decided this month was written this month (every change sets updated_at), so the pattern on the
  // long decision text is tried only on rows changed since (two days' margin for the time zone). Both are
  // scans without an index: fine at 10,000 cases; an indexed decided_on column would make it a range.
  const since = new Date(endOfDayInstant(addCalendarDays(`${month}-01`, -1)).getTime() - 2 * 86_400_000);
  const decidedRows = await m.getRepository(DsrRequestEntity).createQueryBuilder('r')
    .select('r.filedOn', 'filedOn').addSelect('r.extension', 'extension').addSelect('r.decision', 'decision')
    .where('r.updatedAt >= :since', { since })
    .andWhere(`r.decision ${decisionLike(db)} :p ESCAPE '!'`, { p: `%"decidedOn":"${month}-%` }).getRawMany<Pick<DsrRequestRow, 'filedOn' | 'extension' | 'decision'>>();
  let merits = 0, inTime = 0, decided = 0;
  for (const row of decidedRows) {
    const decision = JSON.parse(row.decision!) as DecidedCase['decision'];
    if (decision.decidedOn.slice(0, 7) !== month) continue;
    decided += 1;
    const t = decidedInTime({ filedOn: row.filedOn, extension: row.extension ? JSON.parse(row.extension) : null, decision });
    if (t !== null) merits += 1;
    if (t) inTime += 1;
  }
  return { month, received, decided, decidedOnMerits: merits, decidedInTime: inTime };
}
