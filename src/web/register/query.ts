import type { SelectQueryBuilder } from 'typeorm';
import { isLocalDate, type LocalDate } from '../../domain/localDate.js';
import type { Database } from '../../persistence/database.js';
import { DsrRequestEntity, type DsrRequestRow } from '../../persistence/entities/index.js';
import { OUTCOMES, RIGHTS, STATUSES } from './labels.js';
import { daysBetween, decidedInTime, median, type DecidedCase } from './timing.js';

export const PAGE_SIZE = 50;

/** The filters of the register page, as typed into the form (all optional). */
export interface RegisterFilter {
  from?: LocalDate;
  to?: LocalDate;
  right?: string;
  /** An outcome, or `pending` for undecided cases. */
  outcome?: string;
  status?: string;
  /** Part of the person's name or of the case number. */
  q?: string;
}

export interface ParsedQuery {
  filter: RegisterFilter;
  page: number;
  year: number | null;
  /** Slovenian messages per field; a field in error is left out of the filter. */
  errors: Record<string, string>;
}

const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');

/** Read the query string of /register; what is not valid is reported next to its field and ignored. */
export function parseRegisterQuery(query: Record<string, unknown>): ParsedQuery {
  const filter: RegisterFilter = {};
  const errors: Record<string, string> = {};
  for (const key of ['from', 'to'] as const) {
    const v = one(query[key]);
    if (!v) continue;
    if (isLocalDate(v)) filter[key] = v;
    else errors[key] = 'Vpišite datum v obliki LLLL-MM-DD (npr. 2026-03-02).';
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.to = 'Datum »do« je pred datumom »od«.';
    delete filter.to;
  }
  const choice = (key: 'right' | 'outcome' | 'status', allowed: readonly string[], message: string) => {
    const v = one(query[key]);
    if (!v) return;
    if (allowed.includes(v)) filter[key] = v;
    else errors[key] = message;
  };
  choice('right', RIGHTS, 'Neznana pravica.');
  choice('outcome', [...OUTCOMES, 'pending'], 'Neznana odločitev.');
  choice('status', STATUSES, 'Neznano stanje.');
  const q = one(query.q);
  if (q.length > 100) errors.q = 'Iskalni niz je predolg (največ 100 znakov).';
  else if (q) filter.q = q;
  const pageText = one(query.page);
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  const yearText = one(query.year);
  let year: number | null = null;
  if (yearText) {
    if (/^\d{4}$/.test(yearText) && Number(yearText) >= 2000 && Number(yearText) <= 2100) year = Number(yearText);
    else errors.year = 'Leto mora biti štirimestno število (npr. 2026).';
  }
  return { filter, page, year, errors };
}

/** LIKE with `!` as the escape character: the same in SQLite and MariaDB (a backslash is not). */
const likeEscape = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * Search variants of a name: SQLite's LIKE ignores case only for ASCII, so "čeh" would miss "Čeh".
 * Lower case, and each word capitalised, cover what people type; MariaDB's collation needs neither.
 */
function nameVariants(q: string): string[] {
  const lower = q.toLocaleLowerCase('sl');
  const capital = lower.replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toLocaleUpperCase('sl'));
  return [...new Set([q, lower, capital, q.toLocaleUpperCase('sl')])];
}

/**
 * LIKE on the long JSON text of `decision`: byte-wise on MariaDB, where the unicode collation makes a
 * pattern over thousands of rows several times slower (the JSON keys and codes are ASCII anyway).
 */
export const decisionLike = (db: Database) => (db.dialect === 'mysql' ? 'LIKE BINARY' : 'LIKE');

/** The filters as SQL on the columns (received_on is indexed; rights, outcome by pattern on their text). */
function applyFilter(db: Database, qb: SelectQueryBuilder<DsrRequestRow>, f: RegisterFilter): SelectQueryBuilder<DsrRequestRow> {
  if (f.from) qb.andWhere('r.receivedOn >= :from', { from: f.from });
  if (f.to) qb.andWhere('r.receivedOn <= :to', { to: f.to });
  // `rights` is a comma list of fixed codes, none part of another.
  if (f.right) qb.andWhere("r.rights LIKE :right ESCAPE '!'", { right: `%${likeEscape(f.right)}%` });
  if (f.outcome === 'pending') qb.andWhere('r.decision IS NULL');
  // `decision` is JSON.stringify output: `"outcome":"granted"` cannot match "partially_granted", nor text inside a string (quotes there are escaped).
  else if (f.outcome) qb.andWhere(`r.decision ${decisionLike(db)} :outcome ESCAPE '!'`, { outcome: `%${likeEscape(`"outcome":"${f.outcome}"`)}%` });
  if (f.status) qb.andWhere('r.status = :status', { status: f.status });
  if (f.q) {
    const params: Record<string, string> = {};
    const ors = nameVariants(f.q).map((v, i) => {
      params[`q${i}`] = `%${likeEscape(v)}%`;
      // The representative is JSON text; its name is found in it like any other text (N17.1: who filed).
      return `r.subjectName LIKE :q${i} ESCAPE '!' OR r.representative LIKE :q${i} ESCAPE '!'`;
    });
    params.qc = `%${likeEscape(f.q)}%`;
    qb.andWhere(`(${ors.join(' OR ')} OR r.caseNumber LIKE :qc ESCAPE '!')`, params);
  }
  return qb;
}

/** Raw rows (no entity building: several times faster for thousands of rows), named after the properties. */
const FIELDS = ['id', 'seq', 'caseNumber', 'receivedOn', 'filedOn', 'subjectName', 'representative', 'rights', 'status', 'decision', 'extension'] as const;
type LineRow = Pick<DsrRequestRow, (typeof FIELDS)[number]>;
function selectRaw<T extends string>(qb: SelectQueryBuilder<DsrRequestRow>, fields: readonly T[]): SelectQueryBuilder<DsrRequestRow> {
  qb.select(`r.${fields[0]}`, fields[0]);
  for (const f of fields.slice(1)) qb.addSelect(`r.${f}`, f);
  return qb;
}

/** One line of the register (N17.1: sequence number, received, person, type, decision, its date). */
export interface RegisterLine {
  id: string;
  seq: number;
  caseNumber: string;
  receivedOn: string;
  /** N17.1: the one who filed — the representative where one filed. */
  person: string;
  /** The data subject, where a representative filed (null when the person filed themselves). */
  dataSubject: string | null;
  /** The representative's kind (attorney, legal_guardian, parent), where one filed. */
  representativeKind: string | null;
  rights: string[];
  outcome: string | null;
  decidedOn: string | null;
  status: string;
  /** true/false for a decision on the merits; null when undecided or dismissed. */
  inTime: boolean | null;
}

function line(row: LineRow): RegisterLine {
  const decision = row.decision ? (JSON.parse(row.decision) as { outcome: string; decidedOn: string }) : null;
  const extension = row.extension ? (JSON.parse(row.extension) as { months: 1 | 2 }) : null;
  const rep = row.representative ? (JSON.parse(row.representative) as { name: string; kind: string }) : null;
  return {
    id: row.id, seq: Number(row.seq), caseNumber: row.caseNumber, receivedOn: row.receivedOn,
    person: rep ? rep.name : row.subjectName, dataSubject: rep ? row.subjectName : null, representativeKind: rep?.kind ?? null,
    rights: row.rights.split(',').filter(Boolean), outcome: decision?.outcome ?? null, decidedOn: decision?.decidedOn ?? null,
    status: row.status, inTime: decision ? decidedInTime({ filedOn: row.filedOn, extension, decision }) : null,
  };
}

/** One page of the register in its own order (year, then sequence number), and how many lines match. */
export async function registerPage(db: Database, f: RegisterFilter, page: number, size = PAGE_SIZE): Promise<{ lines: RegisterLine[]; total: number }> {
  return db.read(async (m) => {
    const base = () => applyFilter(db, m.getRepository(DsrRequestEntity).createQueryBuilder('r'), f);
    const total = await base().getCount();
    const rows = total === 0 ? [] : await selectRaw(base(), FIELDS).orderBy('r.year', 'ASC').addOrderBy('r.seq', 'ASC')
      .offset((page - 1) * size).limit(size).getRawMany<LineRow>();
    return { lines: rows.map(line), total };
  });
}

/** Every matching line, for the CSV export. */
export async function registerLines(db: Database, f: RegisterFilter): Promise<RegisterLine[]> {
  const rows = await db.read((m) => selectRaw(applyFilter(db, m.getRepository(DsrRequestEntity).createQueryBuilder('r'), f), FIELDS)
    .orderBy('r.year', 'ASC').addOrderBy('r.seq', 'ASC').getRawMany<LineRow>());
  return rows.map(line);
}

/** The years that have requests, newest first (for the statistics' year choice). */
export async function registerYears(db: Database): Promise<number[]> {
  const rows = await db.read((m) => m.getRepository(DsrRequestEntity).createQueryBuilder('r').select('DISTINCT r.year', 'year').getRawMany<{ year: number | string }>());
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a);
}

/** For the annual report: the requests received in a year. */
export interface YearStatistics {
  year: number;
  received: number;
  /** Requests per right invoked; a request may invoke several (so the sum can exceed `received`); `none` = no right named. */
  perRight: Record<string, number>;
  /** Per outcome, and `pending` for those not yet decided. */
  perOutcome: Record<string, number>;
  /** Decisions on the merits (granted, partly granted, refused): dismissals are counted in perOutcome only. */
  decidedOnMerits: number;
  /** Median calendar days from filing (after a remedy: its day) to the decision, over decisions on the merits. */
  medianDays: number | null;
  decidedInTime: number;
  /** decidedInTime / decidedOnMerits, 0…1; null without decisions. */
  inTimeShare: number | null;
}

export interface StatisticsRow {
  rights: string;
  filedOn: string;
  decision: string | null;
  extension: string | null;
}

/** The statistics of a year from its rows (pure; the page loads the rows with one indexed query). */
export function yearStatistics(year: number, rows: readonly StatisticsRow[]): YearStatistics {
  const perRight: Record<string, number> = Object.fromEntries([...RIGHTS, 'none'].map((r) => [r, 0]));
  const perOutcome: Record<string, number> = Object.fromEntries([...OUTCOMES, 'pending'].map((o) => [o, 0]));
  const days: number[] = [];
  let inTime = 0;
  for (const row of rows) {
    const rights = row.rights.split(',').filter(Boolean);
    for (const r of rights.length ? rights : ['none']) perRight[r] = (perRight[r] ?? 0) + 1;
    const decision = row.decision ? (JSON.parse(row.decision) as DecidedCase['decision']) : null;
    if (!decision) {
      perOutcome.pending = (perOutcome.pending ?? 0) + 1;
      continue;
    }
    perOutcome[decision.outcome] = (perOutcome[decision.outcome] ?? 0) + 1;
    const c: DecidedCase = { filedOn: row.filedOn, extension: row.extension ? (JSON.parse(row.extension) as { months: 1 | 2 }) : null, decision };
    const t = decidedInTime(c);
    if (t === null) continue;
    days.push(daysBetween(c.filedOn, decision.decidedOn));
    if (t) inTime += 1;
  }
  return {
    year, received: rows.length, perRight, perOutcome, decidedOnMerits: days.length, medianDays: median(days),
    decidedInTime: inTime, inTimeShare: days.length ? inTime / days.length : null,
  };
}

export async function loadYearStatistics(db: Database, year: number): Promise<YearStatistics> {
  const rows = await db.read((m) => selectRaw(m.getRepository(DsrRequestEntity).createQueryBuilder('r'), ['rights', 'filedOn', 'decision', 'extension'] as const)
    .where('r.year = :year', { year }).getRawMany<StatisticsRow>());
  return yearStatistics(year, rows);
}
