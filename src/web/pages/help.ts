import { Router } from 'express';
import { pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';

/** N19.1: the instruction, article by article, in our own words, and where the system does it. Open to everyone. */
export function helpPages(ctx: WebContext): Router {
  const r = Router();
  r.get('/help', (req, res) => {
    res.send(ctx.pages.page('help', pageModel(req, { title: 'Pomoč' })));
  });
  return r;
}
