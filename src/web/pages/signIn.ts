import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { parse as parseCookies, serialize } from 'cookie';
import { appendAudit } from '../../persistence/audit.js';
import { SESSION_COOKIE } from '../sessions.js';
import { pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { accountPages } from './account.js';

/** Only local paths: a crafted ?next= must not send a signed-in user elsewhere. */
const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?![/\\])/.test(n) ? n : '/');

/** The pre-session CSRF cookie of the sign-in form (issue 10 #5): no session exists yet to hold a token. */
export const LOGIN_CSRF_COOKIE = 'dsr_login';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

function setCookie(req: Request, res: Response, value: string, maxAgeMs: number) {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, value, {
    httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000),
  }));
}

/**
 * The sign-in form's token: a random value in a cookie only /login receives, repeated in the form
 * (double submit). Another site can make a browser post to /login, but can neither read nor set this
 * cookie, so its post carries no matching token and is refused: nobody is signed in to an account of
 * the attacker's choosing (login CSRF). SameSite=Strict keeps the cookie off every cross-site request.
 */
function loginToken(req: Request, res: Response): string {
  const had = parseCookies(req.get('cookie') ?? '')[LOGIN_CSRF_COOKIE];
  if (had && TOKEN_SHAPE.test(had)) return had;
  const token = randomBytes(24).toString('base64url');
  res.append('Set-Cookie', serialize(LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/login', maxAge: 12 * 3600 }));
  return token;
}

function loginTokenHolds(req: Request): boolean {
  // A browser says so itself when the form was posted from another site.
  if (req.get('sec-fetch-site') === 'cross-site') return false;
  const cookie = parseCookies(req.get('cookie') ?? '')[LOGIN_CSRF_COOKIE] ?? '';
  const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
  return TOKEN_SHAPE.test(cookie) && sent.length === cookie.length && timingSafeEqual(Buffer.from(sent), Buffer.from(cookie));
}

export function signInPages(ctx: WebContext): Router {
  const r = Router();
  const show = (req: Request, res: Response, status: number, extra: Record<string, unknown>) => {
    const loginCsrf = loginToken(req, res);
    res.status(status).send(ctx.pages.page('login', pageModel(req, { title: 'Prijava', next: safeNext(req.query.next ?? req.body?.next), loginCsrf, ...extra })));
  };

  r.get('/login', (req, res) => {
    if (req.webUser) return res.redirect(303, safeNext(req.query.next));
    show(req, res, 200, {});
  });

  r.post('/login', async (req, res) => {
    const username = typeof req.body?.username === 'string' ? req.body.username : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    if (!loginTokenHolds(req)) {
      const now = ctx.system.clock.now();
      await ctx.system.db.transaction((tx) => appendAudit(tx, ctx.system.db, [{
        at: now, actor: '?', type: 'security.login_csrf_refused', data: { ip: req.ip, origin: Array.from(req.get('origin') ?? '').slice(0, 200).join('') || null },
      }]));
      return show(req, res, 403, { formError: 'Obrazec za prijavo je potekel ali ni bil poslan s te strani. Osvežite stran in se prijavite znova.' });
    }
    const errors: Record<string, string> = {};
    if (!username.trim()) errors.username = 'Vpišite uporabniško ime.';
    if (!password) errors.password = 'Vpišite geslo.';
    if (Object.keys(errors).length) return show(req, res, 422, { errors, username });
    const result = await ctx.signIns.check({ username, password, via: 'web', ip: req.ip, now: ctx.system.clock.now() });
    if (!result.ok) {
      if (result.retryAfterSeconds) res.set('Retry-After', String(result.retryAfterSeconds));
      const message = result.reason === 'locked'
        ? `Preveč neuspešnih poskusov. Znova poskusite čez ${result.retryAfterSeconds} s.`
        : result.reason === 'busy'
          ? 'Hkrati se prijavlja preveč uporabnikov. Poskusite znova čez nekaj sekund.'
          : 'Uporabniško ime ali geslo ni pravilno.';
      return show(req, res, result.reason === 'wrong' ? 401 : 429, { errors: { password: message }, username });
    }
    // A new session id on every sign-in; an older session of this browser ends.
    if (req.sessionCookie) await ctx.sessions.destroy(req.sessionCookie);
    const { cookie } = await ctx.sessions.create(result.user, { ip: req.ip, userAgent: req.get('user-agent') });
    setCookie(req, res, cookie, ctx.sessions.maxAgeMs);
    res.redirect(303, safeNext(req.body?.next));
  });

  r.post('/logout', async (req, res) => {
    if (req.sessionCookie) await ctx.sessions.destroy(req.sessionCookie);
    setCookie(req, res, '', 0);
    res.redirect(303, '/login');
  });
  r.use(accountPages(ctx));
  return r;
}
