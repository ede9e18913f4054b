import { Router, type Request, type Response } from 'express';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { toLocalDate } from '../../domain/localDate.js';
import { LetterEntity, type RequestStatus } from '../../persistence/entities/index.js';
import { traceOf } from '../../requests/queries.js';
import { caseKeys, caseLog, caseLogCounts, isLogFilter, logAccess, type LogFilter } from '../../requests/accessLog.js';
import { mayDo } from '../../permissions.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { ACTIONS, type ActionSpec } from '../cases/actions.js';
import { caseModel, type ActionFeedback } from '../cases/caseModel.js';
import { fieldErrors, group } from '../cases/forms.js';
import { CHANNEL_LABELS, CONFLICT_REASONS, RIGHT_SHORT_LABELS, STATUS_LABELS } from '../cases/labels.js';
import { casePage } from '../cases/list.js';
import { LETTER_CSP } from '../../letters/sanitize.js';

const PAGE_SIZE = 25;
/** Events of the case's log per page: 30,000 reads of a case must not make a 3 MB page (issue 10 #4). */
export const LOG_PAGE_SIZE = 50;

const paramId = (req: Request) => String(req.params.id);

/** Issue 5, item 5: the case list, the case page with its actions of the moment, and the case's letters. */
export function casePages(ctx: WebContext): Router {
  const r = Router();

  r.get('/requests', allowPage(ctx, 'requests.list'), async (req, res) => {
    const status = typeof req.query.status === 'string' && req.query.status in STATUS_LABELS ? (req.query.status as RequestStatus) : undefined;
    const pageNo = Math.max(1, Math.min(100_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const now = ctx.system.clock.now();
    const { items, total, counts } = await casePage(ctx.system.db, now, { status, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    // Each row names its person: the cases of the page are read (ZVOP-2, issue 10 #4).
    await logAccess(ctx.system.db, now, { actor: req.webUser!.username, type: 'requests.listed', requestIds: items.map((v) => v.id), data: { via: 'web', filter: { status }, page: pageNo, shown: items.length, total } });
    const link = (p: number) => `/requests?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) }).toString()}`;
    res.send(ctx.pages.page('requests/list', pageModel(req, {
      title: 'Zadeve',
      status: status ?? '',
      statuses: [
        { value: '', label: `vse (${Object.values(counts).reduce((a, b) => a + b, 0)})`, selected: !status },
        ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label: `${label} (${counts[value] ?? 0})`, selected: status === value })),
      ],
      items: items.map((v) => ({
        href: `/requests/${v.id}`, caseNumber: v.caseNumber, receivedAt: v.receivedAt,
        person: `${v.subject.firstName} ${v.subject.lastName}`, rights: v.rights.map((x) => RIGHT_SHORT_LABELS[x] ?? x).join(', '),
        channel: CHANNEL_LABELS[v.channel] ?? v.channel, status: STATUS_LABELS[v.status] ?? v.status, overdue: v.overdue,
        decisionDue: v.deadlines.decisionDue ?? null, outsideOfficeHours: v.flags.outsideOfficeHours === true,
      })),
      total, pageNo, pages,
      prev: pageNo > 1 ? link(pageNo - 1) : null,
      next: pageNo < pages ? link(pageNo + 1) : null,
    })));
  });

  /**
   * The case page. Reading it shows personal data, so the read is written to the access log (ZVOP-2, X6):
   * exactly one `request.viewed` per page shown, also when the page is shown again with a form's errors.
   */
  const showCase = async (req: Request, res: Response, status: number, o: { registered?: boolean; feedback?: ActionFeedback } = {}) => {
    const id = paramId(req);
    const user = req.webUser!;
    const view = await ctx.requests.readCase(id, user, req.originalUrl);
    const trace = await traceOf(ctx.system.db, ctx.system.definitions, id);
    const filter: LogFilter = mayDo(user.roles, 'requests.accessLog') && isLogFilter(req.query.log) ? req.query.log : 'steps';
    const pageNo = Math.max(1, Math.min(1_000_000, Number.parseInt(String(req.query.logPage ?? '1'), 10) || 1));
    const log = await ctx.system.db.read(async (m) => {
      const keys = await caseKeys(m, id, view.process?.instanceId ?? null);
      const counts = await caseLogCounts(m, keys);
      // Past the end (the log is what it is): the last page.
      const shown = Math.min(pageNo, Math.max(1, Math.ceil(counts[filter] / LOG_PAGE_SIZE)));
      const page = await caseLog(m, keys, { filter, order: filter === 'steps' ? 'asc' : 'desc', limit: LOG_PAGE_SIZE, offset: (shown - 1) * LOG_PAGE_SIZE });
      return { filter, events: page.events, counts, pageNo: shown, pageSize: LOG_PAGE_SIZE };
    });
    const now = ctx.system.clock.now();
    const model = caseModel(view, trace, log, user.roles, toLocalDate(now), now, o);
    res.status(status).send(ctx.pages.page('requests/show', pageModel(req, model)));
  };

  r.get('/requests/:id', allowPage(ctx, 'requests.read'), async (req, res) => {
    await showCase(req, res, 200, { registered: req.query.registered === '1' });
  });

  /** A stored letter exactly as issued (its hash in a header), or as a file to save. The read is logged. */
  const serveLetter = (asFile: boolean) => async (req: Request, res: Response) => {
    const id = paramId(req);
    await ctx.requests.assertMayRead(id, req.webUser!, req.originalUrl);
    const letter = await ctx.system.db.read((m) => m.getRepository(LetterEntity).findOneBy({ id: String(req.params.letterId), requestId: id }));
    if (!letter) throw new NotFoundError(`letter ${req.params.letterId} of request ${id} does not exist`);
    const download = asFile || req.query.download === '1';
    const now = ctx.system.clock.now();
    await logAccess(ctx.system.db, now, {
      actor: req.webUser!.username, type: 'letter.viewed', requestIds: [id],
      data: { letterId: letter.id, kind: letter.kind, documentNumber: letter.documentNumber, download },
    });
    res.set('X-Content-SHA256', letter.sha256);
    // The letter is a finished document: it runs no script and loads nothing from elsewhere.
    res.set('Content-Security-Policy', LETTER_CSP);
    if (download) res.attachment(`${letter.documentNumber.replace(/[^0-9A-Za-z-]/g, '_')}.html`);
    res.type('text/html; charset=utf-8').send(letter.html);
  };
  r.get('/requests/:id/letters/:letterId', allowPage(ctx, 'requests.read'), serveLetter(false));
  r.get('/requests/:id/letters/:letterId/download', allowPage(ctx, 'requests.read'), serveLetter(true));

  const act = (a: ActionSpec) => async (req: Request, res: Response) => {
    const id = paramId(req);
    const body = group(req.body);
    const { input, issues } = a.read(body);
    const values = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf'));
    try {
      if (issues.length) throw new ValidationError(`invalid ${a.name} form`, issues);
      await ctx.requests.view(id); // 404 before anything else
      await a.run(ctx.requests, id, input, req.webUser!.username, req.webUser!.roles);
    } catch (err) {
      if (err instanceof ValidationError) {
        const { errors, errorList } = fieldErrors(err.details, a.fallback, a.always);
        // Field ids on the page are prefixed with the action: two forms may share a field name.
        return showCase(req, res, 422, { feedback: { action: a.name, values, errors, errorList: errorList.map((e) => ({ ...e, href: `#${a.name}-${e.href.slice(1)}` })) } });
      }
      if (err instanceof ConflictError) {
        return showCase(req, res, 409, { feedback: { action: a.name, values, conflict: CONFLICT_REASONS[err.code] ?? 'Dejanje v tem stanju zadeve ni mogoče.' } });
      }
      throw err;
    }
    res.redirect(303, `/requests/${encodeURIComponent(id)}`);
  };
  for (const a of ACTIONS) r.post(`/requests/:id/${a.name}`, allowPage(ctx, a.permission), act(a));
  return r;
}
