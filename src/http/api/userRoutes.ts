import { Router } from 'express';
import { z } from 'zod';
import { UserEntity } from '../../persistence/entities/index.js';
import { NotFoundError } from '../../errors.js';
import { ROLES } from '../../roles.js';
import { createUser, NewUserSchema, setPassword, updateUser, UserChangeSchema, userView } from '../auth/users.js';
import { actorOf, guardedRouter } from '../auth/middleware.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const UserViewSchema = z.object({ id: z.string(), username: z.string(), roles: z.array(z.enum(ROLES)), displayName: z.string().nullable(), disabled: z.boolean() });
const DisableSchema = z.object({ disabled: z.boolean() });
const PasswordResetSchema = z.object({ password: z.string().max(1000) });
const TokenViewSchema = z.object({ jti: z.string(), userId: z.string(), issuedAt: z.string(), expiresAt: z.string(), revokedAt: z.string().nullable(), revokedBy: z.string().nullable() });

export function userRoutes({ system, docs, tokens, guard }: HttpContext): Router {
  // Registered with the guard: the admin's role is checked before any body is read (403 beats 400 and 422).
  const on = guardedRouter(guard);
  const userById = async (id: string) => {
    const u = await system.db.read((m) => m.getRepository(UserEntity).findOneBy({ id }));
    if (!u) throw new NotFoundError(`user ${id} does not exist`);
    return u;
  };

  docs.add({ method: 'post', path: '/users', tag: 'users', roles: ['admin'], summary: 'Create a user (the password passes the password policy)', body: NewUserSchema, responses: { 201: { description: 'Created', schema: UserViewSchema }, 409: { description: 'Username taken' } } });
  on.post('/users', 'users.manage', async (req, res) => {
    const input = parseInput(NewUserSchema, req.body);
    res.status(201).json(await createUser(system.db, input, actorOf(req), system.clock.now()));
  });

  docs.add({ method: 'get', path: '/users', tag: 'users', roles: ['admin'], summary: 'List users', responses: { 200: { description: 'Users', schema: z.object({ items: z.array(UserViewSchema) }) } } });
  on.get('/users', 'users.manage', async (_req, res) => {
    const users = await system.db.read((m) => m.getRepository(UserEntity).find({ order: { username: 'ASC' } }));
    res.json({ items: users.map(userView) });
  });

  docs.add({ method: 'put', path: '/users/:username/disabled', tag: 'users', roles: ['admin'], summary: 'Disable or enable a user; disabling revokes its tokens (not yourself, not the last active admin)', body: DisableSchema, responses: { 200: { description: 'User', schema: UserViewSchema }, 409: { description: 'Disabling yourself or the last active admin' } } });
  on.put('/users/:username/disabled', 'users.manage', async (req, res) => {
    const { disabled } = parseInput(DisableSchema, req.body);
    const u = await system.db.read((m) => m.getRepository(UserEntity).findOneBy({ username: String(req.params.username) }));
    if (!u) throw new NotFoundError(`user "${req.params.username}" does not exist`);
    res.json(await updateUser(system.db, u.id, { disabled }, actorOf(req), system.clock.now()));
  });

  docs.add({
    method: 'patch', path: '/users/:id', tag: 'users', roles: ['admin'], summary: 'Change roles, disabled or display name of a user (audited; roles apply on the next request)', body: UserChangeSchema,
    responses: { 200: { description: 'User', schema: UserViewSchema }, 404: { description: 'No such user' }, 409: { description: 'Disabling yourself, or taking the role from the last active admin' } },
  });
  on.patch('/users/:id', 'users.manage', async (req, res) => {
    const change = parseInput(UserChangeSchema, req.body);
    res.json(await updateUser(system.db, String(req.params.id), change, actorOf(req), system.clock.now()));
  });

  docs.add({
    method: 'post', path: '/users/:id/password', tag: 'users', roles: ['admin'], summary: 'Reset a user\'s password (policy applies); every token and web session of the user ends', body: PasswordResetSchema,
    responses: { 204: { description: 'Reset' }, 404: { description: 'No such user' } },
  });
  on.post('/users/:id/password', 'users.manage', async (req, res) => {
    const { password } = parseInput(PasswordResetSchema, req.body);
    await userById(String(req.params.id));
    await setPassword(system.db, String(req.params.id), password, { actor: actorOf(req), now: system.clock.now(), kind: 'reset' });
    res.status(204).end();
  });

  docs.add({ method: 'get', path: '/users/:id/tokens', tag: 'users', roles: ['admin'], summary: 'The user\'s unexpired API tokens (never the tokens themselves)', responses: { 200: { description: 'Tokens', schema: z.object({ items: z.array(TokenViewSchema) }) }, 404: { description: 'No such user' } } });
  on.get('/users/:id/tokens', 'users.manage', async (req, res) => {
    const u = await userById(String(req.params.id));
    res.json({ items: await tokens.listOf(u.id) });
  });

  docs.add({ method: 'delete', path: '/tokens/:jti', tag: 'users', roles: ['admin'], summary: 'Revoke one API token by its jti (audited as token.revoked)', responses: { 204: { description: 'Revoked' }, 404: { description: 'No such token, or revoked already' } } });
  on.delete('/tokens/:jti', 'users.manage', async (req, res) => {
    const revoked = await tokens.revoke(String(req.params.jti), actorOf(req), system.clock.now());
    if (!revoked) throw new NotFoundError(`token ${req.params.jti} does not exist or is revoked already`);
    res.status(204).end();
  });
  return on.router;
}
