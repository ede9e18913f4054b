import { Router } from 'express';
import { pageModel, requirePage } from '../middleware.js';
import type { WebContext } from '../context.js';

/** The home page after sign-in (X3). */
export function dashboardPages(ctx: WebContext): Router {
  const r = Router();
  r.get('/', requirePage(ctx), (req, res) => {
    res.send(ctx.pages.page('dashboard', pageModel(req, { title: 'Pregled' })));
  });
  return r;
}
