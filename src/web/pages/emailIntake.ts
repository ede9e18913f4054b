import express, { Router, type Request, type Response } from 'express';
import { ConflictError, ValidationError, type FieldIssue } from '../../errors.js';
import { IntakeDrafts, type DraftSummary, type DraftView } from '../../intake/drafts.js';
import { appendAudit } from '../../persistence/audit.js';
import { logAccess } from '../../requests/accessLog.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { fieldErrors, group, sentence, text } from '../cases/forms.js';
import { DRAFT_CONFLICTS, DRAFT_STATUS_LABELS, sizeText } from '../channels/labels.js';
import { DRAFT_FALLBACK, draftFormModel, draftInput, formFromProposal, readDraftForm, type DraftForm } from '../channels/draftForm.js';

const NOTICES: Record<string, string> = {
  received: 'Sporočilo je prejeto kot osnutek. Preverite podatke in zahtevo evidentirajte.',
  seen: 'To sporočilo (enak Message-ID) je bilo prejeto že prej; odprt je osnutek iz prvega prejema.',
  discarded: 'Sporočilo je zavrženo; hrani se med zavrženimi.',
};

/** Where the upload came from: the file (sent by views/static/eml-upload.js) or the pasted source. */
type Source = 'file' | 'text';

const paramId = (req: Request) => String(req.params.id);

const listItem = (d: DraftSummary) => ({
  id: d.id, href: `/intake/emails/${encodeURIComponent(d.id)}`, sender: d.sender.name ? `${d.sender.name} <${d.sender.email}>` : d.sender.email,
  subject: d.subject || '(brez zadeve)', receivedAt: d.receivedAt, claimedAt: d.claimedAt, mailbox: d.mailbox,
  attachments: d.attachments.map((a) => a.filename), signatureNote: d.signature?.note ?? null,
});

/**
 * Issue 6 item 4: an e-mail (.eml) becomes a draft registration that the clerk completes and confirms.
 * The file is sent by a small script as `message/rfc822` with the CSRF token in `x-csrf-token` (no
 * multipart parser here); without the script the message's source can be pasted into a text field.
 */
export function emailIntakePages(ctx: WebContext): Router {
  const r = Router();
  const drafts = new IntakeDrafts(ctx.system.db, ctx.system.clock);
  const staff = allowPage(ctx, 'intake.email');
  /** An e-mail names its sender: reading it is logged under its case, or under the draft until it is one (issue 10 #4). */
  const logRead = (req: Request, type: string, list: { id: string; requestId: string | null }[], data: Record<string, unknown>) =>
    logAccess(ctx.system.db, ctx.system.clock.now(), { actor: req.webUser!.username, type, requestIds: list.map((d) => d.requestId ?? d.id), data: { via: 'web', ...data } });

  async function showList(req: Request, res: Response, status: number, o: { source?: Source; error?: string; pasted?: string } = {}) {
    const waiting = await drafts.list('draft');
    await logRead(req, 'intake.drafts_listed', waiting, { status: 'draft', draftIds: waiting.map((d) => d.id) });
    const items = waiting.map(listItem);
    const errorId = o.source === 'file' ? 'eml-file' : 'eml';
    res.status(status).send(ctx.pages.page('intake/emails', pageModel(req, {
      title: 'E-poštne zahteve', scripts: ['/static/eml-upload.js'], items,
      flash: typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined,
      fileError: o.source === 'file' ? o.error : undefined, textError: o.source === 'text' ? o.error : undefined,
      pasted: o.pasted ?? '',
      errorList: o.error ? [{ href: `#${errorId}`, message: o.error }] : [],
    })));
  }

  r.get('/intake/emails', staff, async (req, res) => {
    await showList(req, res, 200);
  });

  r.post('/intake/emails', staff, express.raw({ type: 'message/rfc822', limit: '26mb' }), async (req, res) => {
    const fromFile = Buffer.isBuffer(req.body);
    const pasted = fromFile ? '' : text(group(req.body).eml);
    const source: Source = fromFile ? 'file' : 'text';
    if (!fromFile && !pasted.trim()) return showList(req, res, 422, { source, error: 'Prilepite izvorno besedilo sporočila ali izberite datoteko .eml.' });
    // A pasted source: browsers send the text field with CRLF line ends, which is what RFC 5322 wants anyway.
    const raw = fromFile ? (req.body as Buffer) : Buffer.from(pasted.replace(/^\s+/, ''), 'utf8');
    // The upload script asks for JSON: a fetch that follows a redirect would be upgraded to https by the
    // CSP's upgrade-insecure-requests on a plain-http server, so it is told where to go instead.
    const wantsJson = fromFile && req.accepts(['html', 'json']) === 'json';
    try {
      const { draft, created } = await drafts.receive(raw, 'eml', req.webUser!.username);
      const location = `/intake/emails/${encodeURIComponent(draft.id)}?notice=${created ? 'received' : 'seen'}`;
      if (wantsJson) return res.status(created ? 201 : 200).json({ location });
      res.redirect(303, location);
    } catch (err) {
      // Nothing is stored for a refused message; the reason goes next to the field it came from.
      if (err instanceof ValidationError) {
        const error = sentence(err.details[0]?.message ?? 'Sporočila ni mogoče prebrati.');
        if (wantsJson) return res.status(422).json({ error: { message: error } });
        return showList(req, res, 422, { source, error, pasted });
      }
      throw err;
    }
  });

  async function showDraft(req: Request, res: Response, status: number, o: { form?: DraftForm; issues?: readonly FieldIssue[]; conflict?: string } = {}) {
    const draft = await drafts.get(paramId(req));
    await logRead(req, 'intake.draft_viewed', [draft], { draftId: draft.id });
    const { errors, errorList } = fieldErrors(o.issues ?? [], DRAFT_FALLBACK);
    const form = o.form ?? formFromProposal(draft);
    res.status(status).send(ctx.pages.page('intake/draft', pageModel(req, {
      title: `E-poštno sporočilo: ${draft.subject || draft.sender.email}`,
      draft: {
        ...listItem(draft), textLines: draft.text.split(/\r?\n/), status: draft.status, statusLabel: DRAFT_STATUS_LABELS[draft.status] ?? draft.status,
        isOpen: draft.status === 'draft', requestId: draft.requestId, messageId: draft.messageId,
        files: draft.attachments.map((a) => ({ ...a, size: sizeText(a.size) })),
        raw: `/intake/emails/${encodeURIComponent(draft.id)}/original.eml`,
      },
      flash: typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined,
      conflict: o.conflict, errors, errorList, ...draftFormModel(form, errors),
    })));
  }

  r.get('/intake/emails/:id', staff, async (req, res) => {
    await showDraft(req, res, 200);
  });

  /** The message exactly as it arrived, attachments and all. Reading it is logged (personal data, ZVOP-2). */
  r.get('/intake/emails/:id/original.eml', staff, async (req, res) => {
    const draft = await drafts.get(paramId(req));
    const raw = await drafts.raw(paramId(req));
    await logRead(req, 'intake.email_downloaded', [draft], { draftId: draft.id });
    res.type('message/rfc822').set('Content-Disposition', `attachment; filename="sporocilo-${paramId(req).replace(/[^0-9A-Za-z-]/g, '_')}.eml"`).send(raw);
  });

  r.post('/intake/emails/:id/register', staff, async (req, res) => {
    const form = readDraftForm(group(req.body));
    const { input, issues } = draftInput(form, ctx.system.clock.now());
    if (!input) return showDraft(req, res, 422, { form, issues });
    try {
      const view = await drafts.register(paramId(req), input, ctx.requests, req.webUser!.username);
      res.redirect(303, `/requests/${encodeURIComponent(view.id)}?registered=1`);
    } catch (err) {
      if (err instanceof ValidationError) return showDraft(req, res, 422, { form, issues: err.details });
      if (err instanceof ConflictError) return showDraft(req, res, 409, { form, conflict: DRAFT_CONFLICTS[err.code] ?? 'Dejanje v tem stanju ni mogoče.' });
      throw err;
    }
  });

  r.post('/intake/emails/:id/discard', staff, async (req, res) => {
    try {
      await drafts.discard(paramId(req), req.webUser!.username);
    } catch (err) {
      if (err instanceof ConflictError) return showDraft(req, res, 409, { conflict: DRAFT_CONFLICTS[err.code] ?? 'Dejanje v tem stanju ni mogoče.' });
      throw err;
    }
    res.redirect(303, '/intake/emails?notice=discarded');
  });
  return r;
}
