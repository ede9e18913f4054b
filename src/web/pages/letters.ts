import { Router, type Request, type Response } from 'express';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../errors.js';
import { toLocalDate } from '../../domain/localDate.js';
import { renderPdf } from '../../letters/pdf.js';
import { appendAudit } from '../../persistence/audit.js';
import { LetterEntity } from '../../persistence/entities/index.js';
import { markPosted, markPrinted } from '../../requests/letterQueue.js';
import { DeliverySchema, localDate } from '../../requests/schemas.js';
import { parseInput } from '../../http/validate.js';
import { allowPage, pageModel } from '../middleware.js';
import { logAccess } from '../../requests/accessLog.js';
import type { WebContext } from '../context.js';
import { group, optional, sentence } from '../cases/forms.js';
import { CONFLICT_REASONS } from '../cases/labels.js';
import { LETTER_CONFLICTS } from '../channels/labels.js';
import { awaitingDelivery, outboxQueue, printQueue, writtenOn } from '../channels/letterQueues.js';

type Action = 'printed' | 'posted' | 'delivered';

/** What went wrong with one row's form: shown in that row, next to its field. */
interface Feedback { letterId: string; action: Action; value?: string; error?: string; conflict?: string }

const NOTICES: Record<string, string> = {
  printed: 'Pismo je označeno kot natisnjeno.',
  posted: 'Pismo je označeno kot oddano na pošto.',
  delivered: 'Datum vročitve je vpisan; začela sta teči roka za pojasnilo in pritožbo.',
};

/** Dates typed into a row's field; zod's English or an API-style message said for staff. */
const DATE_MESSAGES: Record<Action, string> = { printed: '', posted: 'Vpišite veljaven datum oddaje.', delivered: 'Vpišite veljaven datum vročitve s povratnice.' };

const paramId = (req: Request) => String(req.params.id);

/**
 * Issue 6 items 2–3, X4: the print queue of paper letters (print, post, the return receipt) and the
 * outbox of e-mail letters that wait because no SMTP server is configured or a send failed.
 */
export function letterPages(ctx: WebContext): Router {
  const r = Router();
  const deps = ctx.requests.deps;
  const today = () => toLocalDate(ctx.system.clock.now());

  async function show(req: Request, res: Response, status: number, feedback?: Feedback) {
    const queue = feedback || req.query.queue !== 'outbox' ? 'print' : 'outbox';
    const day = today();
    const mine = (id: string, action: Action) => (feedback && feedback.letterId === id && feedback.action === action ? feedback : undefined);
    const model: Record<string, unknown> = {
      title: queue === 'print' ? 'Pošta: tiskanje' : 'Pošta: odložena e-pošta', queue, isPrint: queue === 'print', today: day,
      flash: typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined,
      mailEnabled: deps.mailEnabled,
      conflict: feedback?.conflict,
      errorList: feedback?.error ? [{ href: `#${feedback.action}-${feedback.letterId}`, message: feedback.error }] : [],
    };
    if (queue === 'print') {
      model.print = (await printQueue(deps)).map((l) => {
        const posted = mine(l.id, 'posted');
        return {
          ...l, pdf: `/letters/${encodeURIComponent(l.id)}.pdf`, writtenOn: writtenOn(l.createdAt),
          posted: { value: posted?.value ?? day, error: posted?.error },
        };
      });
      model.delivery = (await awaitingDelivery(deps)).map((l) => {
        const delivered = mine(l.id, 'delivered');
        return { ...l, pdf: `/letters/${encodeURIComponent(l.id)}.pdf`, delivered: { value: delivered?.value ?? day, error: delivered?.error } };
      });
    } else {
      model.outbox = (await outboxQueue(deps)).map((l) => ({ ...l, pdf: `/letters/${encodeURIComponent(l.id)}.pdf` }));
    }
    // Each row names its person: the cases of the queue are read (issue 10 #4).
    const shown = [...((model.print ?? []) as { requestId: string }[]), ...((model.delivery ?? []) as { requestId: string }[]), ...((model.outbox ?? []) as { requestId: string }[])];
    await logAccess(ctx.system.db, ctx.system.clock.now(), { actor: req.webUser!.username, type: 'letters.listed', requestIds: shown.map((l) => l.requestId), data: { via: 'web', queue, letters: shown.length } });
    res.status(status).send(ctx.pages.page('letters/queue', pageModel(req, model)));
  }

  r.get('/letters', allowPage(ctx, 'letters.queue'), async (req, res) => {
    await show(req, res, 200);
  });

  /** The stored letter as an A4 PDF (shown in the browser, to print). Reading it is logged like the case page's letters. */
  r.get('/letters/:id.pdf', allowPage(ctx, 'letters.queue'), async (req, res) => {
    const letter = await ctx.system.db.read((m) => m.getRepository(LetterEntity).findOneBy({ id: paramId(req) }));
    if (!letter) throw new NotFoundError(`letter ${paramId(req)} does not exist`);
    const pdf = await renderPdf(letter.html);
    const now = ctx.system.clock.now();
    await ctx.system.db.transaction((tx) => appendAudit(tx, ctx.system.db, [{
      at: now, actor: req.webUser!.username, type: 'letter.viewed', subjectId: letter.requestId,
      data: { letterId: letter.id, kind: letter.kind, documentNumber: letter.documentNumber, download: false, format: 'pdf' },
    }]));
    res.set('X-Content-SHA256', letter.sha256);
    res.set('Content-Disposition', `inline; filename="${letter.documentNumber.replace(/[^0-9A-Za-z-]/g, '_')}.pdf"`);
    res.type('application/pdf').send(pdf);
  });

  /** Runs one row's action; its field error comes back into that row, a conflict above the list. */
  const act = (action: Action, run: (letterId: string, body: Record<string, unknown>, actor: string) => Promise<void>) => async (req: Request, res: Response) => {
    const letterId = paramId(req);
    const body = group(req.body);
    const value = typeof body[`${action}On`] === 'string' ? String(body[`${action}On`]) : undefined;
    try {
      await run(letterId, body, req.webUser!.username);
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res, 422, { letterId, action, value, error: dateError(err.details, action) });
      if (err instanceof ConflictError) return show(req, res, 409, { letterId, action, value, conflict: LETTER_CONFLICTS[err.code] ?? CONFLICT_REASONS[err.code] ?? 'Dejanje v tem stanju ni mogoče.' });
      throw err;
    }
    res.redirect(303, `/letters?notice=${action}`);
  };

  r.post('/letters/:id/printed', allowPage(ctx, 'letters.queue'), act('printed', async (id, _body, actor) => {
    await markPrinted(deps, id, actor);
  }));

  r.post('/letters/:id/posted', allowPage(ctx, 'letters.queue'), act('posted', async (id, body, actor) => {
    const postedOn = parseInput(localDate, optional(body.postedOn) ?? '', 'postedOn');
    await markPosted(deps, id, postedOn, actor);
  }));

  /** The return receipt of a letter with a time limit sent on paper: the API's `/delivery` event for that letter. */
  r.post('/letters/:id/delivered', allowPage(ctx, 'requests.delivery'), act('delivered', async (id, body, actor) => {
    const letter = await ctx.system.db.read((m) => m.getRepository(LetterEntity).findOne({ where: { id }, select: { id: true, requestId: true, kind: true } }));
    if (!letter) throw new NotFoundError(`letter ${id} does not exist`);
    const input = parseInput(DeliverySchema, { deliveredOn: optional(body.deliveredOn) ?? '', letterId: letter.id });
    await ctx.requests.events.delivery(letter.requestId, input, actor);
  }));
  return r;
}

/** The date field's message: the service's own Slovenian words, else the form's. */
function dateError(details: readonly FieldIssue[], action: Action): string {
  const d = details[0];
  if (!d || /^(datum v obliki|invalid|expected)/i.test(d.message)) return DATE_MESSAGES[action];
  return sentence(d.message);
}
