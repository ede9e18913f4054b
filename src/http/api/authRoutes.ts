import { Router } from 'express';
import { z } from 'zod';
import { UserEntity } from '../../persistence/entities/index.js';
import { appendAudit } from '../../persistence/audit.js';
import { UnauthenticatedError } from '../../errors.js';
import { dummyHash, verifyPassword } from '../auth/passwords.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const Credentials = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const TokenAnswer = z.object({ token: z.string(), expiresAt: z.string() });

export function authRoutes({ system, tokens, docs }: HttpContext): Router {
  const r = Router();
  docs.add({ method: 'post', path: '/auth/token', tag: 'auth', auth: false, summary: 'Exchange username and password for a bearer token', body: Credentials, responses: { 200: { description: 'Token', schema: TokenAnswer } } });
  r.post('/auth/token', async (req, res) => {
    const { username, password } = parseInput(Credentials, req.body);
    const { db, clock } = system;
    const user = await db.read((m) => m.getRepository(UserEntity).findOneBy({ username }));
    const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash, password), false);
    const now = clock.now();
    if (!user || !ok || user.disabled) {
      await db.transaction((tx) => appendAudit(tx, db, [{ at: now, actor: username.slice(0, 100), type: 'auth.failed', data: { via: 'api' } }]));
      throw new UnauthenticatedError('wrong username or password');
    }
    await db.transaction((tx) => appendAudit(tx, db, [{ at: now, actor: user.username, type: 'auth.signed_in', subjectId: user.id, data: { via: 'api' } }]));
    res.json(await tokens.issue(user));
  });
  return r;
}
