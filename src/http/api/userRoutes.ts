import { Router } from 'express';
import { z } from 'zod';
import { UserEntity } from '../../persistence/entities/index.js';
import { NotFoundError } from '../../errors.js';
import { ROLES } from '../../roles.js';
import { createUser, NewUserSchema, setUserDisabled, userView } from '../auth/users.js';
import { actorOf, requireRole } from '../auth/middleware.js';
import { parseInput } from '../validate.js';
import type { HttpContext } from '../context.js';

const UserViewSchema = z.object({ id: z.string(), username: z.string(), roles: z.array(z.enum(ROLES)), displayName: z.string().nullable(), disabled: z.boolean() });
const DisableSchema = z.object({ disabled: z.boolean() });

export function userRoutes({ system, docs }: HttpContext): Router {
  const r = Router();
  const admin = requireRole('admin');

  docs.add({ method: 'post', path: '/users', tag: 'users', roles: ['admin'], summary: 'Create a user', body: NewUserSchema, responses: { 201: { description: 'Created', schema: UserViewSchema }, 409: { description: 'Username taken' } } });
  r.post('/users', admin, async (req, res) => {
    const input = parseInput(NewUserSchema, req.body);
    res.status(201).json(await createUser(system.db, input, actorOf(req), system.clock.now()));
  });

  docs.add({ method: 'get', path: '/users', tag: 'users', roles: ['admin'], summary: 'List users', responses: { 200: { description: 'Users', schema: z.object({ items: z.array(UserViewSchema) }) } } });
  r.get('/users', admin, async (_req, res) => {
    const users = await system.db.read((m) => m.getRepository(UserEntity).find({ order: { username: 'ASC' } }));
    res.json({ items: users.map(userView) });
  });

  docs.add({ method: 'put', path: '/users/:username/disabled', tag: 'users', roles: ['admin'], summary: 'Disable or enable a user; disabling revokes its tokens', body: DisableSchema, responses: { 200: { description: 'User', schema: UserViewSchema } } });
  r.put('/users/:username/disabled', admin, async (req, res) => {
    const { disabled } = parseInput(DisableSchema, req.body);
    const view = await setUserDisabled(system.db, String(req.params.username), disabled, actorOf(req), system.clock.now());
    if (!view) throw new NotFoundError(`user "${req.params.username}" does not exist`);
    res.json(view);
  });
  return r;
}
