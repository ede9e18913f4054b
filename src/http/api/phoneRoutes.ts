import type { Router } from 'express';
import { z } from 'zod';
import type { RequestService } from '../../requests/service.js';
import { answerPhoneInquiry, PhoneInquirySchema } from '../../requests/phone.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { rolesFor } from '../../permissions.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const PhoneAnswerSchema = z.object({
  sufficient: z.boolean(), required: z.number(), matched: z.array(z.string()), missing: z.string(),
  disclosure: z.object({ received: z.literal(true), letters: z.array(z.object({ kind: z.string(), sentOn: z.string() })) }).loose().optional(),
}).loose();

/** S2: a caller asks about their case; only procedural facts, and only after enough identifiers. */
export function phoneRoutes({ docs, guard }: HttpContext, requests: RequestService): Router {
  const on = guardedRouter(guard);
  docs.add({
    method: 'post', path: '/phone-inquiries', tag: 'phone', roles: [...rolesFor('phone.inquiry')], body: PhoneInquirySchema,
    summary: 'S2.1–S2.3: check what a caller offers against their case; disclose procedural facts only when sufficient',
    responses: { 200: { description: 'The verdict, and the procedural facts when sufficient', schema: PhoneAnswerSchema }, 404: { description: 'No case matches the identifiers' } },
  });
  on.post('/phone-inquiries', 'phone.inquiry', async (req, res) => {
    const inquiry = parseInput(PhoneInquirySchema, req.body);
    res.json(await answerPhoneInquiry(requests.deps, inquiry, actorOf(req)));
  });
  return on.router;
}
