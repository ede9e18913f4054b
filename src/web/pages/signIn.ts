import { Router, type Request, type Response } from 'express';
import { serialize } from 'cookie';
import { signIn } from '../signIn.js';
import { IDLE_TIMEOUT_MS, SESSION_COOKIE } from '../sessions.js';
import { pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';

/** Only local paths: a crafted ?next= must not send a signed-in user elsewhere. */
const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?![/\\])/.test(n) ? n : '/');

function setCookie(req: Request, res: Response, value: string, maxAgeMs: number) {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, value, {
    httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000),
  }));
}

export function signInPages(ctx: WebContext): Router {
  const r = Router();
  const show = (req: Request, res: Response, status: number, extra: Record<string, unknown>) =>
    res.status(status).send(ctx.pages.page('login', pageModel(req, { title: 'Prijava', next: safeNext(req.query.next ?? req.body?.next), ...extra })));

  r.get('/login', (req, res) => {
    if (req.webUser) return res.redirect(303, safeNext(req.query.next));
    show(req, res, 200, {});
  });

  r.post('/login', async (req, res) => {
    const username = typeof req.body?.username === 'string' ? req.body.username : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const errors: Record<string, string> = {};
    if (!username.trim()) errors.username = 'Vpišite uporabniško ime.';
    if (!password) errors.password = 'Vpišite geslo.';
    if (Object.keys(errors).length) return show(req, res, 422, { errors, username });
    const result = await signIn(ctx.system.db, username, password, ctx.system.clock.now(), req.ip);
    if (!result.ok) {
      const message = result.reason === 'locked'
        ? `Preveč neuspešnih poskusov. Znova poskusite čez ${result.retryAfterSeconds} s.`
        : 'Uporabniško ime ali geslo ni pravilno.';
      return show(req, res, result.reason === 'locked' ? 429 : 401, { errors: { password: message }, username });
    }
    // A new session id on every sign-in; an older session of this browser ends.
    if (req.sessionCookie) await ctx.sessions.destroy(req.sessionCookie);
    const { cookie } = await ctx.sessions.create(result.user, { ip: req.ip, userAgent: req.get('user-agent') });
    setCookie(req, res, cookie, IDLE_TIMEOUT_MS * 16);
    res.redirect(303, safeNext(req.body?.next));
  });

  r.post('/logout', async (req, res) => {
    if (req.sessionCookie) await ctx.sessions.destroy(req.sessionCookie);
    setCookie(req, res, '', 0);
    res.redirect(303, '/login');
  });
  return r;
}
