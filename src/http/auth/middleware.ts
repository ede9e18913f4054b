import { Router, type Request, type RequestHandler } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import type { Role } from '../../roles.js';
import { mayDo, rolesFor, type Action } from '../../permissions.js';
import type { UserRow } from '../../persistence/entities/index.js';
import { rolesOf } from './users.js';
import type { TokenService } from './tokens.js';

export interface Principal {
  id: string;
  username: string;
  roles: Role[];
  /** The jti of the bearer token this request came with (to revoke it). */
  tokenId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

const principalOf = (u: UserRow): Principal => ({ id: u.id, username: u.username, roles: rolesOf(u) });

export function bearerAuth(tokens: TokenService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw new UnauthenticatedError('sign in first: send Authorization: Bearer <token>');
    const { user, jti } = await tokens.verify(m[1]!.trim());
    req.principal = { ...principalOf(user), tokenId: jti };
    next();
  };
}

/** Every role check happens on the server, per route. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const p = req.principal;
    if (!p) throw new UnauthenticatedError('sign in first');
    if (!roles.some((r) => p.roles.includes(r))) {
      throw new ForbiddenError(`this needs one of the roles ${roles.join(', ')}`);
    }
    next();
  };
}

/** A role check by the permission table; the action rides on the handler so tests can walk every route. */
export type PermissionCheck = RequestHandler & { readonly permission: Action };

export function allow(action: Action): PermissionCheck {
  const check: RequestHandler = (req, _res, next) => {
    const p = req.principal;
    if (!p) throw new UnauthenticatedError('sign in first');
    if (!mayDo(p.roles, action)) throw new ForbiddenError(`${action} needs one of the roles ${rolesFor(action).join(', ')}`);
    next();
  };
  return Object.assign(check, { permission: action });
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * The role checks of every API route, run right after the bearer token and before any body is parsed
 * (issue 10 #6): a caller without the role gets 403 whatever it sent — never 400 or 422 first. Each
 * route registers its check here and runs it again itself (so a route mounted elsewhere stays guarded).
 */
export class ApiGuard {
  readonly router = Router();
  readonly routes: { method: Method; path: string; action: Action }[] = [];

  check(method: Method, path: string, action: Action): PermissionCheck {
    const check = allow(action);
    this.routes.push({ method, path, action });
    this.router[method](path, check);
    return check;
  }
}

/** A Router whose every route names its action: `on.post('/requests', 'requests.register', handler)`. */
export function guardedRouter(guard: ApiGuard) {
  const router = Router();
  const on = (method: Method) => (path: string, action: Action, ...handlers: RequestHandler[]) => {
    router[method](path, guard.check(method, path, action), ...handlers);
  };
  return { router, get: on('get'), post: on('post'), put: on('put'), patch: on('patch'), delete: on('delete') };
}

export function actorOf(req: Request): string {
  if (!req.principal) throw new UnauthenticatedError('sign in first');
  return req.principal.username;
}
