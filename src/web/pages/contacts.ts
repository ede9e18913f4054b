import { Router } from 'express';
import { pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { contactsModel } from '../channels/directory.js';

/** Issue 6 item 1, S1.1, S1.2: units, mailboxes, the contact centre and office hours, for everyone (also signed out). */
export function contactPages(ctx: WebContext): Router {
  const r = Router();
  r.get('/contacts', (req, res) => {
    res.send(ctx.pages.page('contacts', pageModel(req, { title: 'Kontakti in uradne ure', ...contactsModel(ctx.system.clock.now()) })));
  });
  return r;
}
