import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError, type FieldIssue } from '../../errors.js';
import { parseInput } from '../../http/validate.js';
import { answerPhoneInquiry, PhoneInquirySchema } from '../../requests/phone.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { fieldErrors, group } from '../cases/forms.js';
import {
  emptyPhoneForm, PHONE_ALWAYS, PHONE_FALLBACK, phoneFormModel, phoneInput, phoneResultModel, readPhoneForm, type PhoneForm,
} from '../channels/phoneForm.js';

/**
 * Issue 6 item 5, S2.1–S2.3: the page for the clerk on a call. What the caller offers is checked against
 * their case (the service logs every inquiry in the case's trace) and the answer is shown at once on the
 * same page: a POST answered with the page itself, so no identifier ever travels in a URL.
 */
export function phonePages(ctx: WebContext): Router {
  const r = Router();

  const show = (req: Request, res: Response, status: number, form: PhoneForm, o: { issues?: readonly FieldIssue[]; result?: ReturnType<typeof phoneResultModel>; notFound?: boolean } = {}) => {
    const { errors, errorList } = fieldErrors(o.issues ?? [], PHONE_FALLBACK, PHONE_ALWAYS);
    res.status(status).send(ctx.pages.page('phone/inquiry', pageModel(req, {
      title: 'Telefonsko povpraševanje', errors, errorList, ...phoneFormModel(form, errors), result: o.result ?? null, notFound: o.notFound === true,
    })));
  };

  r.get('/phone', allowPage(ctx, 'phone.inquiry'), (req, res) => {
    show(req, res, 200, emptyPhoneForm());
  });

  r.post('/phone', allowPage(ctx, 'phone.inquiry'), async (req, res) => {
    const form = readPhoneForm(group(req.body));
    try {
      const inquiry = parseInput(PhoneInquirySchema, phoneInput(form));
      const answer = await answerPhoneInquiry(ctx.requests.deps, inquiry, req.webUser!.username);
      show(req, res, 200, form, { result: phoneResultModel(answer) });
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res, 422, form, { issues: err.details });
      if (err instanceof NotFoundError) return show(req, res, 404, form, { notFound: true });
      throw err;
    }
  });
  return r;
}
