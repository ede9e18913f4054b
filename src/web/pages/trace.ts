import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request } from 'express';
import { In } from 'typeorm';
import { traceOf } from '../../requests/queries.js';
import { auditHash, GENESIS_HASH, verifyAudit, type AuditVerification } from '../../persistence/audit.js';
import type { Database } from '../../persistence/database.js';
import { AuditEventEntity, AuditHeadEntity, ProcessInstanceEntity, type AuditEventRow } from '../../persistence/entities/index.js';
import { explanationToText } from '../../rules/explain.js';
import type { RuleExplanation } from '../../rules/evaluate.js';
import { allowPage, pageModel } from '../middleware.js';
import { caseKeys, caseLog, caseLogCounts, isLogFilter, type LogFilter } from '../../requests/accessLog.js';
import type { WebContext } from '../context.js';

/** Where `npm run build` (scripts/build-static.mjs) puts the bundled client (bpmn-js + src/web/client/trace.js). */
export const BUNDLE_DIR = ['dist', 'static'] as const;
/** Served at this prefix by src/web/index.ts. */
const BUNDLE_URL = '/static/bundle';

type Trace = Awaited<ReturnType<typeof traceOf>>;
type TraceEvent = Trace['events'][number];
interface EventData {
  visited?: string[];
  waiting?: string[];
  discarded?: string[];
  variables?: Record<string, unknown>;
  ruleSet?: string;
  version?: string;
  facts?: Record<string, unknown>;
  events?: { type: string; params?: Record<string, unknown> }[];
  explanation?: RuleExplanation[];
  [key: string]: unknown;
}

const EVENT_LABELS: Record<string, string> = {
  'process.started': 'Postopek začet',
  'process.ended': 'Postopek končan',
  'task.completed': 'Naloga opravljena',
  'rule.evaluated': 'Pravila ovrednotena',
  'letter.created': 'Dopis pripravljen',
  'request.registered': 'Zahteva evidentirana',
  'request.viewed': 'Vpogled v zadevo',
  'requests.listed': 'Zadeva na seznamu zadev',
  'letter.viewed': 'Ogled dopisa',
  'letters.listed': 'Zadeva v poštni vrsti',
  'register.viewed': 'Zadeva v evidenci zahtev',
  'register.exported': 'Zadeva v izvozu evidence',
  'tasks.listed': 'Zadeva na seznamu nalog',
  'dashboard.viewed': 'Zadeva na pregledu rokov',
  'intake.draft_viewed': 'Ogled e-poštnega sporočila',
  'intake.drafts_listed': 'Sporočilo na seznamu e-pošte',
  'intake.email_downloaded': 'Prenos izvornega e-poštnega sporočila',
  'phone.inquiry_answered': 'Telefonsko povpraševanje (odgovorjeno)',
  'phone.inquiry_refused': 'Telefonsko povpraševanje (zavrnjeno)',
  'security.denied': 'Zavrnjen dostop',
  'request.remedied': 'Zahteva dopolnjena',
  'request.extended': 'Rok podaljšan',
  'request.appealed': 'Vložena pritožba',
  'request.appeal_closed': 'Pritožbeni postopek končan',
  'request.appeal_complied': 'Odločba Informacijskega pooblaščenca izvršena',
  'request.reopened': 'Zadeva ponovno odprta',
  'letter.delivered': 'Dopis vročen',
  'deadline.missed': 'Zamujen rok',
  'legal_hold.active': 'Zadržanje podatkov znova velja',
  'reminder.decision_due': 'Opomnik: rok za odločitev',
  'message.correlated': 'Prejeto sporočilo',
  'timer.fired': 'Časovnik sprožen',
  'variables.updated': 'Spremenljivke spremenjene',
  'incident.raised': 'Incident',
  'incident.retried': 'Incident: ponovni poskus',
  'case.closed': 'Zadeva zaključena',
};

const PROCESS_STATUS: Record<string, string> = { running: 'teče', completed: 'končan', terminated: 'prekinjen' };

const ELEMENT_TYPES: Record<string, string> = {
  'bpmn:StartEvent': 'začetni dogodek', 'bpmn:EndEvent': 'končni dogodek', 'bpmn:UserTask': 'uporabniška naloga',
  'bpmn:ServiceTask': 'storitev', 'bpmn:SendTask': 'pošiljanje', 'bpmn:ReceiveTask': 'prejem', 'bpmn:BusinessRuleTask': 'pravila',
  'bpmn:ExclusiveGateway': 'razcep (eden)', 'bpmn:ParallelGateway': 'vzporedni razcep', 'bpmn:EventBasedGateway': 'razcep po dogodku',
  'bpmn:InclusiveGateway': 'razcep (več)', 'bpmn:IntermediateCatchEvent': 'vmesni dogodek (čakanje)', 'bpmn:IntermediateThrowEvent': 'vmesni dogodek',
  'bpmn:BoundaryEvent': 'robni dogodek', 'bpmn:SubProcess': 'podproces', 'bpmn:CallActivity': 'klic procesa', 'bpmn:Task': 'opravilo',
};

/** How an event concerns an element: it happened on it, the step it records passed through it, or the instance began to wait there. */
type Relation = 'on' | 'passed' | 'waits';
const RELATION_LABELS: Record<Relation, string> = { on: 'na elementu', passed: 'prehod v tem koraku', waits: 'začetek čakanja' };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function datetime(iso: string): string {
  return new Intl.DateTimeFormat('sl-SI', { timeZone: 'Europe/Ljubljana', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'da' : 'ne';
  if (typeof v === 'string') return ISO_DAY.test(v) ? v.split('-').reverse().map((p, i) => (i < 2 ? String(Number(p)) : p)).join('. ') : v;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.length ? v.map(show).join(', ') : '(prazno)';
  return JSON.stringify(v);
}

const pairs = (o: Record<string, unknown> | undefined) => Object.entries(o ?? {}).map(([name, value]) => ({ name, value: show(value) }));

/** One event as both the page and the diagram's side panel show it (all values plain text; templates and the script escape). */
function describe(e: TraceEvent, names: Map<string, string>) {
  const data = (e.data ?? {}) as EventData;
  const rule = e.type === 'rule.evaluated' && typeof data.ruleSet === 'string'
    ? {
      ruleSet: data.ruleSet,
      version: data.version ?? null,
      outcome: (data.events ?? []).map((x) => [x.type, ...Object.values(x.params ?? {}).map(show)].join(': ')),
      facts: pairs(data.facts),
      lines: explanationToText(data.explanation ?? []),
    }
    : null;
  const shown = new Set(['visited', 'waiting', 'discarded', 'variables', 'requestIds', ...(rule ? ['ruleSet', 'version', 'facts', 'events', 'explanation'] : [])]);
  // A list read names up to 500 cases: the page says how many (the event and the index keep which).
  const other = { ...Object.fromEntries(Object.entries(data).filter(([k]) => !shown.has(k))), ...(Array.isArray(data.requestIds) ? { cases: data.requestIds.length } : {}) };
  return {
    seq: e.seq,
    at: e.at,
    atText: datetime(e.at),
    actor: e.actor,
    type: e.type,
    typeLabel: EVENT_LABELS[e.type] ?? e.type,
    elementId: e.elementId ?? null,
    elementName: e.elementId ? names.get(e.elementId) ?? e.elementId : null,
    variables: pairs(data.variables),
    rule,
    details: pairs(other),
    passed: (data.visited ?? []).map((id) => names.get(id) ?? id),
    waits: (data.waiting ?? []).map((id) => names.get(id) ?? id),
  };
}

/** For each diagram element, the events that concern it (in order), and how. */
function eventsByElement(events: readonly TraceEvent[]): Record<string, { seq: number; relation: Relation }[]> {
  const out: Record<string, { seq: number; relation: Relation }[]> = {};
  const add = (id: string, seq: number, relation: Relation) => {
    const list = (out[id] ??= []);
    if (!list.some((x) => x.seq === seq)) list.push({ seq, relation });
  };
  for (const e of events) {
    const data = (e.data ?? {}) as EventData;
    // One relation per event and element, the most telling first: on it, then began waiting there, then passed.
    if (e.elementId) add(e.elementId, e.seq, 'on');
    for (const id of data.waiting ?? []) add(id, e.seq, 'waits');
    for (const id of data.visited ?? []) add(id, e.seq, 'passed');
  }
  return out;
}

/**
 * The chain around one case's events: each event's hash recomputed, linked to the event before it, and
 * the event after it (or the head) linked to it. Cost follows the case, not the whole log (verifyAudit
 * over 100,000 events takes seconds), so the page can do it on every view; what this cannot see (an
 * event of another case altered) the full verification finds, on request.
 */
async function verifyEvents(db: Database, seqs: readonly number[]): Promise<AuditVerification> {
  return db.read(async (m) => {
    const head = await m.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 });
    const wanted = [...new Set(seqs.flatMap((q) => [q - 1, q, q + 1]).filter((q) => q >= 1))];
    const rows = new Map<number, AuditEventRow>();
    for (let i = 0; i < wanted.length; i += 500) {
      for (const row of await m.getRepository(AuditEventEntity).findBy({ seq: In(wanted.slice(i, i + 500)) })) rows.set(row.seq, row);
    }
    let checked = 0;
    for (const seq of [...seqs].sort((a, b) => a - b)) {
      const row = rows.get(seq);
      if (!row || seq > head.lastSeq) return { ok: false, events: checked, firstBrokenSeq: seq };
      const before = seq === 1 ? GENESIS_HASH : rows.get(seq - 1)?.hash;
      if (before === undefined) return { ok: false, events: checked, firstBrokenSeq: seq - 1 };
      let data: unknown;
      try {
        data = JSON.parse(row.data);
      } catch {
        return { ok: false, events: checked, firstBrokenSeq: seq };
      }
      if (row.prevHash !== before || row.hash !== auditHash(row.prevHash, { ...row, data })) return { ok: false, events: checked, firstBrokenSeq: seq };
      const after = rows.get(seq + 1);
      if (seq === head.lastSeq ? head.lastHash !== row.hash : !after || after.prevHash !== row.hash) return { ok: false, events: checked, firstBrokenSeq: seq + 1 };
      checked += 1;
    }
    return { ok: true, events: checked };
  });
}

/**
 * X2 / issue 5 item 8: the auditor's trace of a case. The page itself is server-rendered and complete
 * without script (path, events, audit-chain verification); with the bundled client it also draws the
 * instance's own diagram version with bpmn-js, marks the path and where it waits, and lists an element's
 * events when clicked. The script reads `/requests/:id/trace.json` (CSP allows no inline data).
 */
export function tracePages(ctx: WebContext): Router {
  const r = Router();
  const bundleFile = path.join(ctx.system.projectRoot, ...BUNDLE_DIR, 'trace.js');
  /** Events of the log per page: a case read 30,000 times must not make a 12 MB page (issue 10 #4). */
  const LOG_PAGE_SIZE = 100;
  const FILTER_LABELS: Record<LogFilter, string> = { steps: 'koraki postopka', reads: 'vpogledi (ZVOP-2)', all: 'vse' };

  /** The trace with the instance's own definition version (the one it started on, not the newest). */
  async function load(id: string) {
    const trace = await traceOf(ctx.system.db, ctx.system.definitions, id);
    const instance = trace.process
      ? await ctx.system.db.read((m) => m.getRepository(ProcessInstanceEntity).findOneBy({ id: trace.process!.instanceId }))
      : null;
    const definition = instance ? await ctx.system.definitions.byId(instance.definitionId) : null;
    const names = new Map<string, string>();
    const types = new Map<string, string>();
    for (const [elId, meta] of definition?.diagram.meta.elements ?? []) {
      names.set(elId, meta.name || elId);
      types.set(elId, meta.type);
    }
    return { trace, definition, names, types };
  }

  const idOf = (req: Request) => String(req.params.id);

  r.get('/requests/:id/trace', allowPage(ctx, 'requests.trace'), async (req, res) => {
    // Reading the case is a view of personal data: logged (and 404 for an unknown case) before anything is shown.
    const view = await ctx.requests.viewLogged(idOf(req), req.webUser!.username);
    const { trace, definition, names, types } = await load(view.id);
    // The path comes from every step; the table shows one page of the filter (steps, reads or all).
    const filter: LogFilter = isLogFilter(req.query.log) ? req.query.log : 'steps';
    const asked = Math.max(1, Math.min(1_000_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const log = await ctx.system.db.read(async (m) => {
      const keys = await caseKeys(m, view.id, trace.process?.instanceId ?? null);
      const counts = await caseLogCounts(m, keys);
      const pageNo = Math.min(asked, Math.max(1, Math.ceil(counts[filter] / LOG_PAGE_SIZE)));
      const page = await caseLog(m, keys, { filter, order: 'asc', limit: LOG_PAGE_SIZE, offset: (pageNo - 1) * LOG_PAGE_SIZE });
      return { counts, pageNo, pages: Math.max(1, Math.ceil(counts[filter] / LOG_PAGE_SIZE)), events: page.events.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actor: e.actor, type: e.type, ...(e.elementId ? { elementId: e.elementId } : {}), data: JSON.parse(e.data) as TraceEvent['data'] })) };
    });
    const href = (f: LogFilter, p: number) => `/requests/${encodeURIComponent(view.id)}/trace?${new URLSearchParams({ log: f, ...(p > 1 ? { page: String(p) } : {}) }).toString()}#events-heading`;
    const caseChain = await verifyEvents(ctx.system.db, [...new Set([...trace.events.map((e) => e.seq), ...log.events.map((e) => e.seq)])]);
    // The whole chain only when asked: its cost grows with the whole log, not with this case.
    const started = performance.now();
    const fullChain = req.query.chain === 'all' ? { ...(await verifyAudit(ctx.system.db)), ms: Math.round(performance.now() - started) } : null;
    const waiting = new Set(trace.waiting);
    const firstSeq = new Map<string, number>();
    for (const [elId, list] of Object.entries(eventsByElement(trace.events))) if (list[0]) firstSeq.set(elId, list[0].seq);
    // The bundle's age in its address: cached for an hour, yet a rebuilt bundle is fetched at once.
    const stamp = fs.statSync(bundleFile, { throwIfNoEntry: false })?.mtimeMs.toString(36).replace('.', '');
    const bundled = stamp !== undefined;
    res.send(ctx.pages.page('trace', pageModel(req, {
      title: `Sled zadeve ${view.caseNumber}`,
      requestId: view.id,
      caseNumber: view.caseNumber,
      process: trace.process ? { ...trace.process, statusLabel: PROCESS_STATUS[trace.process.status] ?? trace.process.status, name: definition?.row.name ?? trace.process.definitionKey } : null,
      path: trace.visited.map((elId, i) => ({
        n: i + 1, id: elId, name: names.get(elId) ?? elId, typeLabel: ELEMENT_TYPES[types.get(elId) ?? ''] ?? '', waiting: waiting.has(elId), firstSeq: firstSeq.get(elId) ?? null,
      })),
      waiting: trace.waiting.map((elId) => ({ id: elId, name: names.get(elId) ?? elId })),
      events: log.events.map((e) => describe(e, names)),
      log: {
        filter, total: log.counts[filter], pageNo: log.pageNo, pages: log.pages,
        filters: (['steps', 'reads', 'all'] as const).map((f) => ({ label: FILTER_LABELS[f], count: log.counts[f], current: f === filter, href: href(f, 1) })),
        prev: log.pageNo > 1 ? href(filter, log.pageNo - 1) : null,
        next: log.pageNo < log.pages ? href(filter, log.pageNo + 1) : null,
      },
      caseChain,
      fullChain,
      bundled,
      jsonUrl: `/requests/${encodeURIComponent(view.id)}/trace.json`,
      styles: ['/static/trace.css', ...(bundled ? [`${BUNDLE_URL}/trace.css?v=${stamp}`] : [])],
      scripts: bundled ? [`${BUNDLE_URL}/trace.js?v=${stamp}`] : [],
    })));
  });

  /** What the diagram script needs: the instance's diagram XML, the path, where it waits, and every event by element. */
  r.get('/requests/:id/trace.json', allowPage(ctx, 'requests.trace'), async (req, res) => {
    const { trace, definition, names } = await load(idOf(req));
    res.set('cache-control', 'no-store').json({
      process: trace.process,
      definition: definition ? { id: definition.row.id, key: definition.row.key, version: definition.row.version, name: definition.row.name } : null,
      xml: definition?.row.xml ?? null,
      visited: trace.visited,
      waiting: trace.waiting,
      events: trace.events.map((e) => describe(e, names)),
      byElement: eventsByElement(trace.events),
      relations: RELATION_LABELS,
      elementTypes: ELEMENT_TYPES,
    });
  });

  return r;
}
