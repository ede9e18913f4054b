import { Router, type Request } from 'express';
import { z } from 'zod';
import { TooManyRequestsError, UnauthenticatedError, ValidationError } from '../../errors.js';
import { setPassword } from '../auth/users.js';
import { bearerAuth } from '../auth/middleware.js';
import type { SignInResult } from '../auth/signIn.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const Credentials = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const TokenAnswer = z.object({ token: z.string(), expiresAt: z.string() });
const PasswordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(1000) });

/** A refused check as the API says it: 429 with Retry-After while locked or busy, else 401. */
function refusal(result: Exclude<SignInResult, { ok: true }>, wrong: () => Error): Error {
  if (result.reason === 'locked') {
    return new TooManyRequestsError(`too many failed sign-ins; try again in ${result.retryAfterSeconds} s`, 'sign_in_locked', result.retryAfterSeconds ?? 30);
  }
  if (result.reason === 'busy') return new TooManyRequestsError('too many sign-ins at once; try again in a few seconds', 'sign_in_busy', result.retryAfterSeconds ?? 2);
  return wrong();
}

export function authRoutes({ system, tokens, docs, signIns }: HttpContext): Router {
  const r = Router();
  const ip = (req: Request) => req.ip;

  docs.add({
    method: 'post', path: '/auth/token', tag: 'auth', auth: false, summary: 'Exchange username and password for a bearer token (lockout shared with the web sign-in)', body: Credentials,
    responses: { 200: { description: 'Token', schema: TokenAnswer }, 401: { description: 'Wrong username or password' }, 429: { description: 'Locked after too many failures, or too many sign-ins at once; see Retry-After' } },
  });
  r.post('/auth/token', async (req, res) => {
    const { username, password } = parseInput(Credentials, req.body);
    const result = await signIns.check({ username, password, via: 'api', ip: ip(req), now: system.clock.now() });
    if (!result.ok) throw refusal(result, () => new UnauthenticatedError('wrong username or password'));
    res.json(await tokens.issue(result.user, { ip: ip(req) }));
  });

  const authed = bearerAuth(tokens);

  docs.add({
    method: 'post', path: '/auth/password', tag: 'auth', summary: 'Change your own password; every token and web session of yours ends, and a new token is returned', body: PasswordChange,
    responses: { 200: { description: 'A new token (the one used for this call no longer works)', schema: TokenAnswer }, 429: { description: 'Locked after too many wrong current passwords; see Retry-After' } },
  });
  r.post('/auth/password', authed, async (req, res) => {
    const { currentPassword, newPassword } = parseInput(PasswordChange, req.body);
    const me = req.principal!;
    const now = system.clock.now();
    const checked = await signIns.check({ username: me.username, password: currentPassword, via: 'password_change', ip: ip(req), now });
    if (!checked.ok) {
      throw refusal(checked, () => new ValidationError('currentPassword: wrong password', [{ path: 'currentPassword', message: 'wrong password' }]));
    }
    if (newPassword === currentPassword) throw new ValidationError('newPassword: must differ from the current password', [{ path: 'newPassword', message: 'must differ from the current password' }]);
    const user = await setPassword(system.db, me.id, newPassword, { actor: me.username, now, kind: 'changed', path: 'newPassword' });
    res.json(await tokens.issue(user, { ip: ip(req) }));
  });

  docs.add({ method: 'post', path: '/auth/revoke', tag: 'auth', summary: 'Revoke the token of this call (sign out)', responses: { 204: { description: 'Revoked' } } });
  r.post('/auth/revoke', authed, async (req, res) => {
    const me = req.principal!;
    if (me.tokenId) await tokens.revoke(me.tokenId, me.username, system.clock.now());
    res.status(204).end();
  });
  return r;
}
