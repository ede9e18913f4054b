import { Router } from 'express';
import { decisionDue, extendedDecisionDue, remedyRequestBy } from '../../domain/deadlines.js';
import { toLocalDate } from '../../domain/localDate.js';
import { pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { ARTICLES, COUNTING_RULES, DEADLINES, PAGE_NAMES } from '../help/articles.js';
import { hoursModel } from '../help/hours.js';

/** N19.1: the instruction, article by article, in our own words, and where the system does it. Open to everyone. */
export function helpPages(ctx: WebContext): Router {
  const r = Router();
  r.get('/help', (req, res) => {
    const today = toLocalDate(ctx.system.clock.now());
    res.send(ctx.pages.page('help', pageModel(req, {
      title: 'Pomoč: Navodilo člen za členom',
      articles: ARTICLES.map((a) => ({ ...a, where: a.where.map((w) => ({ ...w, page: w.href ? PAGE_NAMES[w.href] ?? w.href : null })) })),
      deadlines: DEADLINES,
      countingRules: COUNTING_RULES,
      hours: hoursModel(),
      // A worked example from today's date, computed by the same legal calendar as every case.
      example: {
        received: today,
        remedyRequestBy: remedyRequestBy(today),
        decisionDue: decisionDue(today),
        extendedDue: extendedDecisionDue(today, 2),
      },
    })));
  });
  return r;
}
