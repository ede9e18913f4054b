import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import type { Role } from '../../roles.js';
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

export function actorOf(req: Request): string {
  if (!req.principal) throw new UnauthenticatedError('sign in first');
  return req.principal.username;
}
