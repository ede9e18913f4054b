import { Router, type Request, type Response } from 'express';
import { setPassword } from '../../http/auth/users.js';
import { passwordProblem } from '../../http/auth/passwordPolicy.js';
import { pageModel, requirePage } from '../middleware.js';
import type { WebContext } from '../context.js';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Every user changes their own password here (issue 10 #10). The current password is checked like a
 * sign-in (same lockout, same gate); afterwards every other session and every API token of the user
 * ends, and this browser stays signed in.
 */
export function accountPages(ctx: WebContext): Router {
  const r = Router();
  const signedIn = requirePage(ctx);
  const show = (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) =>
    res.status(status).send(ctx.pages.page('account/password', pageModel(req, {
      title: 'Sprememba gesla',
      flash: status === 200 && req.query.done === 'changed' ? 'Geslo je spremenjeno. Vse druge prijave in žetoni API so končani.' : undefined,
      ...extra,
    })));

  r.get('/account/password', signedIn, (req, res) => show(req, res, 200));

  r.post('/account/password', signedIn, async (req, res) => {
    const me = req.webUser!;
    const current = text(req.body?.currentPassword);
    const next = text(req.body?.newPassword);
    const repeat = text(req.body?.repeatPassword);
    const errors: Record<string, string> = {};
    if (!current) errors.currentPassword = 'Vpišite sedanje geslo.';
    const problem = passwordProblem(next, me.username);
    if (!next) errors.newPassword = 'Vpišite novo geslo.';
    else if (problem) errors.newPassword = problem.sl;
    else if (next === current) errors.newPassword = 'Novo geslo mora biti drugačno od sedanjega.';
    if (!errors.newPassword && next !== repeat) errors.repeatPassword = 'Gesli se ne ujemata.';
    if (Object.keys(errors).length) return show(req, res, 422, { errors, hasErrors: true });
    const now = ctx.system.clock.now();
    const checked = await ctx.signIns.check({ username: me.username, password: current, via: 'password_change', ip: req.ip, now });
    if (!checked.ok) {
      const message = checked.reason === 'locked'
        ? `Preveč neuspešnih poskusov. Znova poskusite čez ${checked.retryAfterSeconds} s.`
        : checked.reason === 'busy' ? 'Hkrati se prijavlja preveč uporabnikov. Poskusite znova čez nekaj sekund.' : 'Sedanje geslo ni pravilno.';
      return show(req, res, checked.reason === 'wrong' ? 422 : 429, { errors: { currentPassword: message }, hasErrors: true });
    }
    await setPassword(ctx.system.db, me.id, next, { actor: me.username, now, kind: 'changed', keepSessionId: req.webSession!.id });
    res.redirect(303, '/account/password?done=changed');
  });
  return r;
}
