import { REPRESENTATIVE_KIND_LABELS } from '../../requests/model.js';
import { Router, type Request } from 'express';
import { toLocalDate } from '../../domain/localDate.js';
import { logAccess } from '../../requests/accessLog.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { OUTCOME_LABELS, OUTCOMES, RIGHT_LABELS, RIGHTS, STATUS_LABELS, STATUSES, options } from '../register/labels.js';
import { loadYearStatistics, PAGE_SIZE, parseRegisterQuery, registerLines, registerPage, registerYears, type RegisterFilter, type YearStatistics } from '../register/query.js';
import { BOM, CSV_HEADER, csvLine, registerCsvLine } from '../register/csv.js';

const number = new Intl.NumberFormat('sl-SI', { maximumFractionDigits: 1 });

/** `?from=…&right=…` from a filter (and a page or year), for links that keep the filters. */
function queryString(f: RegisterFilter, extra: Record<string, string | number | null | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

function statisticsModel(s: YearStatistics) {
  return {
    year: s.year,
    received: s.received,
    perRight: [...RIGHTS, 'none'].map((r) => ({ text: r === 'none' ? 'pravica ni navedena' : RIGHT_LABELS[r], count: s.perRight[r] ?? 0 })),
    perOutcome: [...OUTCOMES, 'pending'].map((o) => ({ text: OUTCOME_LABELS[o], count: s.perOutcome[o] ?? 0 })),
    decidedOnMerits: s.decidedOnMerits,
    medianDays: s.medianDays === null ? null : number.format(s.medianDays),
    decidedInTime: s.decidedInTime,
    inTimePercent: s.inTimeShare === null ? null : `${number.format(s.inTimeShare * 100)} %`,
  };
}

/** N17.1 and X5: the register of requests with filters, paging, CSV export and the year's statistics. */
export function registerPages(ctx: WebContext): Router {
  const r = Router();
  const readers = allowPage(ctx, 'register.read');
  /** The register names the person of each line: the cases shown or exported are read (X6, issue 10 #4). */
  const audit = (req: Request, type: string, requestIds: string[], data: Record<string, unknown>) =>
    logAccess(ctx.system.db, ctx.system.clock.now(), { actor: req.webUser!.username, type, requestIds, data });

  r.get('/register', readers, async (req, res) => {
    const { filter, page: asked, year: askedYear, errors } = parseRegisterQuery(req.query as Record<string, unknown>);
    const thisYear = Number(toLocalDate(ctx.system.clock.now()).slice(0, 4));
    const year = askedYear ?? thisYear;
    const [first, years, stats] = await Promise.all([registerPage(ctx.system.db, filter, asked), registerYears(ctx.system.db), loadYearStatistics(ctx.system.db, year)]);
    const pages = Math.max(1, Math.ceil(first.total / PAGE_SIZE));
    // A page past the end (filters narrowed) shows the last one.
    const page = Math.min(asked, pages);
    const { lines, total } = page === asked ? first : await registerPage(ctx.system.db, filter, page);
    // The register shows personal data (the person of each case): the read is in the access log (X6).
    await audit(req, 'register.viewed', lines.map((l) => l.id), { filter: { ...filter }, page, lines: lines.length, total });
    const keep = { year: askedYear };
    res.send(ctx.pages.page('register', pageModel(req, {
      title: 'Evidenca zahtev',
      filter, errors, hasErrors: Object.keys(errors).length > 0,
      rightOptions: options(RIGHTS, RIGHT_LABELS),
      outcomeOptions: options([...OUTCOMES, 'pending'], OUTCOME_LABELS),
      statusOptions: options(STATUSES, STATUS_LABELS),
      lines: lines.map((l) => ({
        ...l, href: `/requests/${encodeURIComponent(l.id)}`,
        rightsText: l.rights.map((x) => RIGHT_LABELS[x] ?? x).join(', '),
        outcomeText: l.outcome ? OUTCOME_LABELS[l.outcome] ?? l.outcome : '',
        statusText: STATUS_LABELS[l.status] ?? l.status,
        representativeText: l.representativeKind ? REPRESENTATIVE_KIND_LABELS[l.representativeKind] ?? l.representativeKind : '',
      })),
      total, page, pages, from: total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1, to: (page - 1) * PAGE_SIZE + lines.length,
      firstHref: page > 1 ? queryString(filter, { ...keep, page: 1 }) : null,
      prevHref: page > 1 ? queryString(filter, { ...keep, page: page - 1 }) : null,
      nextHref: page < pages ? queryString(filter, { ...keep, page: page + 1 }) : null,
      lastHref: page < pages ? queryString(filter, { ...keep, page: pages }) : null,
      csvHref: `/register/export.csv${queryString(filter)}`,
      stats: statisticsModel(stats),
      years: [...new Set([thisYear, ...years])].sort((a, b) => b - a).map((y) => ({ value: y, selected: y === year })),
      statsFilterFields: Object.entries(filter).map(([name, value]) => ({ name, value })),
    })));
  });

  r.get('/register/export.csv', readers, async (req, res) => {
    const { filter } = parseRegisterQuery(req.query as Record<string, unknown>);
    const lines = await registerLines(ctx.system.db, filter);
    await audit(req, 'register.exported', lines.map((l) => l.id), { filter: { ...filter }, lines: lines.length });
    const day = toLocalDate(ctx.system.clock.now());
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="evidenca-zahtev-${day}.csv"`).set('Cache-Control', 'no-store');
    let chunk = BOM + csvLine(CSV_HEADER);
    for (const l of lines) {
      chunk += registerCsvLine(l);
      if (chunk.length > 64_000) {
        res.write(chunk);
        chunk = '';
      }
    }
    res.end(chunk);
  });
  return r;
}
