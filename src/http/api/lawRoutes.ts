import type { Router } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors.js';
import { CalendarRangeError, deadline } from '../../domain/calendar.js';
import { CALENDAR_RANGE, isInCalendarRange } from '../../domain/localDate.js';
import { UnknownRuleSetError, type RuleService } from '../../rules/service.js';
import { guardedRouter } from '../auth/middleware.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const DeadlineQuery = z.object({
  start: z.iso.date({ message: 'datum v obliki YYYY-MM-DD', abort: true }).refine(isInCalendarRange, `koledar šteje od ${CALENDAR_RANGE.from} do ${CALENDAR_RANGE.to}`),
  amount: z.coerce.number({ message: 'celo število' }).int('celo število').min(0).max(10_000),
  unit: z.enum(['days', 'working_days', 'months'], { message: 'days, working_days ali months' }),
});
const EvaluateBody = z.object({ facts: z.record(z.string(), z.unknown()) });
const Evaluation = z.object({
  ruleSet: z.string(), version: z.string().optional(),
  events: z.array(z.object({ type: z.string(), params: z.record(z.string(), z.unknown()) })),
  explanation: z.array(z.object({ rule: z.string(), result: z.boolean(), event: z.string(), conditions: z.array(z.object({ fact: z.string(), operator: z.string(), value: z.unknown(), factValue: z.unknown(), result: z.boolean(), evaluated: z.boolean() })) })),
});

/** The legal calendar and rule evaluation, open to every signed-in user: they are the law, not personal data. */
export function lawRoutes({ docs, guard }: HttpContext, rules: RuleService): Router {
  const on = guardedRouter(guard);

  docs.add({ method: 'get', path: '/calendar/deadline', tag: 'law', summary: 'A deadline by the legal calendar, explained', query: DeadlineQuery, responses: { 200: { description: 'Due date', schema: z.object({ due: z.string(), explanation: z.string() }) } } });
  on.get('/calendar/deadline', 'law.read', (req, res) => {
    const q = parseInput(DeadlineQuery, req.query, 'query');
    try {
      res.json(deadline(q.start, q.amount, q.unit));
    } catch (err) {
      if (err instanceof CalendarRangeError) throw new ValidationError(err.message, [{ path: `query.${err.field}`, message: `rok bi se iztekel po ${CALENDAR_RANGE.to}; koledar šteje od ${CALENDAR_RANGE.from} do ${CALENDAR_RANGE.to}` }]);
      throw err;
    }
  });

  // GET /rule-sets and /rule-sets/:name live in ruleSetRoutes.ts with the deploys and versions (issue 7).

  docs.add({ method: 'post', path: '/rules/:name/evaluate', tag: 'law', summary: 'Evaluate a rule set on facts, with a per-condition explanation', body: EvaluateBody, responses: { 200: { description: 'Events and explanation', schema: Evaluation }, 404: { description: 'Unknown rule set' } } });
  on.post('/rules/:name/evaluate', 'law.read', async (req, res) => {
    const { facts } = parseInput(EvaluateBody, req.body);
    try {
      res.json(await rules.evaluate(String(req.params.name), facts));
    } catch (err) {
      if (err instanceof UnknownRuleSetError) throw new NotFoundError(err.message);
      throw err;
    }
  });
  return on.router;
}
