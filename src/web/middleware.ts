import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Role } from '../roles.js';
import { rolesFor, type Action } from '../permissions.js';
import { rolesOf } from '../http/auth/users.js';
import { appendAudit } from '../persistence/audit.js';
import type { WebSessionRow } from '../persistence/entities/index.js';
import type { Model } from './render.js';
import { SESSION_COOKIE } from './sessions.js';
import type { WebContext } from './context.js';
import { navigationFor } from './navigation.js';

export interface WebUser {
  id: string;
  username: string;
  displayName: string | null;
  roles: Role[];
}

declare module 'express-serve-static-core' {
  interface Request {
    webUser?: WebUser;
    webSession?: WebSessionRow;
    sessionCookie?: string;
  }
}

export const cookieOf = (req: Request): string | undefined => parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];

/** Loads the session from its cookie, if any; pages decide whether they need one. */
export function loadSession(ctx: WebContext): RequestHandler {
  return async (req, _res, next) => {
    const cookie = cookieOf(req);
    const active = await ctx.sessions.resume(cookie);
    if (active) {
      req.webSession = active.session;
      req.sessionCookie = cookie;
      req.webUser = { id: active.user.id, username: active.user.username, displayName: active.user.displayName, roles: rolesOf(active.user) };
    }
    next();
  };
}

/** Signed in, and (if roles are given) in one of them; checked on the server for every page. */
export function requirePage(ctx: WebContext, ...roles: Role[]): RequestHandler {
  return async (req, res, next) => {
    const user = req.webUser;
    if (!user) {
      if (req.method === 'GET') return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return res.status(401).send(ctx.pages.page('error', pageModel(req, { title: 'Prijava potekla', message: 'Seja je potekla. Prijavite se znova.' })));
    }
    if (roles.length && !roles.some((r) => user.roles.includes(r))) {
      const now = ctx.system.clock.now();
      await ctx.system.db.transaction((tx) => appendAudit(tx, ctx.system.db, [{ at: now, actor: user.username, type: 'security.denied', data: { path: req.originalUrl, needs: roles } }]));
      return res.status(403).send(ctx.pages.page('error', pageModel(req, { title: 'Dostop zavrnjen', message: `Za to stran potrebujete vlogo: ${roles.map((r) => ROLE_LABELS[r]).join(' ali ')}.` })));
    }
    next();
  };
}

/**
 * A page's role check by the permission table (issue 10 #6), the same table the API reads; the action
 * rides on the handler so tests can walk every page.
 */
export function allowPage(ctx: WebContext, action: Action): RequestHandler & { readonly permission: Action } {
  return Object.assign(requirePage(ctx, ...rolesFor(action)), { permission: action });
}

/** Synchroniser token: every POST from a page carries the session's `_csrf` (issue 5). */
export function csrfCheck(ctx: WebContext): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Sign-in itself needs no session token: SameSite=Lax already keeps other sites' forms out.
    if (req.method !== 'POST' || !req.webSession || req.path === '/login') return next();
    const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token') ?? '';
    const ok = sameToken(sent, req.webSession.csrfToken);
    if (!ok) return res.status(403).send(ctx.pages.page('error', pageModel(req, { title: 'Obrazec ni veljaven', message: 'Obrazec je zastarel ali ni bil poslan s te strani. Osvežite stran in poskusite znova.' })));
    next();
  };
}

/**
 * Constant-time comparison of what a form sent with the session's token. Compared as UTF-8 bytes: a
 * token of the right length in characters but not in bytes ('č', a header in Latin-1) is simply wrong.
 */
export function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8'), b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const ROLE_LABELS: Record<Role, string> = {
  clerk: 'referent', dpo: 'pooblaščena oseba', records_owner: 'skrbnik zbirke', legal: 'pravna služba', auditor: 'revizor', admin: 'skrbnik sistema',
};

/** What the layout needs on every page: the user, the navigation for their roles, the CSRF token. */
export function pageModel(req: Request, model: Model): Model {
  const user = req.webUser;
  return {
    ...model,
    user: user ? { ...user, roleLabels: user.roles.map((r) => ROLE_LABELS[r]) } : null,
    nav: user ? navigationFor(user.roles, req.path) : [],
    csrf: req.webSession?.csrfToken ?? '',
  };
}
