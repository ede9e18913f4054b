import { randomUUID, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../persistence/database.js';
import { appendAudit } from '../../persistence/audit.js';
import { SettingEntity, UserEntity, WebSessionEntity, type UserRow } from '../../persistence/entities/index.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { ROLES, type Role } from '../../roles.js';
import { hashPassword } from './passwords.js';
import { assertPasswordPolicy, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, refinePassword } from './passwordPolicy.js';

export const NewUserSchema = z.object({
  username: z.string().trim().min(2, 'at least 2 characters').max(100).regex(/^[a-z0-9._-]+$/, 'only lower-case letters, digits, dot, dash and underscore'),
  // The rest of the policy is checked below, with the username at hand (passwordPolicy.ts).
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH),
  roles: z.array(z.enum(ROLES)).min(1, 'at least one role'),
  displayName: z.string().trim().max(200).optional(),
}).superRefine(refinePassword('password', (v) => String(v.username ?? '')));
export type NewUser = z.infer<typeof NewUserSchema>;

export interface UserView {
  id: string;
  username: string;
  roles: Role[];
  displayName: string | null;
  disabled: boolean;
}

export const rolesOf = (u: UserRow): Role[] => u.roles.split(',').filter(Boolean) as Role[];
export const userView = (u: UserRow): UserView => ({ id: u.id, username: u.username, roles: rolesOf(u), displayName: u.displayName, disabled: u.disabled });

export async function createUser(db: Database, input: NewUser, actor: string, now: Date): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(UserEntity);
    if (await repo.findOneBy({ username: input.username })) throw new ConflictError(`user "${input.username}" already exists`, 'user_exists');
    const row: UserRow = {
      id: randomUUID(), username: input.username, passwordHash, roles: [...new Set(input.roles)].join(','),
      displayName: input.displayName ?? null, disabled: false, tokenGeneration: 0, createdAt: now, version: 1,
    };
    await repo.insert(row);
    await appendAudit(tx, db, [{ at: now, actor, type: 'user.created', subjectId: row.id, data: { username: row.username, roles: rolesOf(row) } }]);
    return userView(row);
  });
}

/** What an admin may change of a user (PATCH /users/:id); the password has its own call. */
export const UserChangeSchema = z.object({
  roles: z.array(z.enum(ROLES)).min(1, 'at least one role').optional(),
  disabled: z.boolean().optional(),
  displayName: z.string().trim().max(200).nullable().optional(),
}).strict();
export type UserChange = z.infer<typeof UserChangeSchema>;

const isActiveAdmin = (u: UserRow) => !u.disabled && rolesOf(u).includes('admin');

/**
 * Change roles, disabled or display name, audited one event per kind of change. Roles take effect on
 * the user's next request (tokens and sessions read the user each time); disabling also ends every
 * token. Nobody disables themself, and the last active admin keeps the role: someone must be able to
 * manage users.
 */
export async function updateUser(db: Database, id: string, change: UserChange, actor: string, now: Date): Promise<UserView> {
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(UserEntity);
    // All users locked, in one order: two admins demoting each other at once cannot both pass the
    // last-admin check (and cannot deadlock). Users are few; this runs when an admin edits one.
    const everyone = await db.forUpdate(repo.createQueryBuilder('u').orderBy('u.id', 'ASC')).getMany();
    const u = everyone.find((x) => x.id === id);
    if (!u) throw new NotFoundError(`user ${id} does not exist`);
    const next: UserRow = { ...u };
    const events: { type: string; data: Record<string, unknown> }[] = [];
    if (change.roles) {
      const roles = ROLES.filter((r) => change.roles!.includes(r));
      const before = rolesOf(u);
      if (roles.join(',') !== before.join(',')) {
        next.roles = roles.join(',');
        events.push({ type: 'user.roles_changed', data: { username: u.username, from: before, to: roles } });
      }
    }
    if (change.disabled !== undefined && change.disabled !== u.disabled) {
      if (change.disabled && u.username === actor) throw new ConflictError('you cannot disable yourself; ask another admin', 'cannot_disable_self');
      next.disabled = change.disabled;
      next.tokenGeneration = u.tokenGeneration + 1;
      events.push({ type: change.disabled ? 'user.disabled' : 'user.enabled', data: { username: u.username } });
    }
    if (change.displayName !== undefined && (change.displayName || null) !== u.displayName) {
      next.displayName = change.displayName || null;
      events.push({ type: 'user.renamed', data: { username: u.username, displayName: next.displayName } });
    }
    if (isActiveAdmin(u) && !isActiveAdmin(next)) {
      if (everyone.filter(isActiveAdmin).length <= 1) throw new ConflictError('this is the last active admin; make another user admin first', 'last_admin');
    }
    if (events.length === 0) return userView(u);
    next.version = u.version + 1;
    await repo.update({ id }, { roles: next.roles, disabled: next.disabled, tokenGeneration: next.tokenGeneration, displayName: next.displayName, version: next.version });
    if (next.disabled) await tx.getRepository(WebSessionEntity).delete({ userId: id });
    await appendAudit(tx, db, events.map((e) => ({ at: now, actor, type: e.type, subjectId: id, data: e.data })));
    return userView(next);
  });
}

/**
 * A new password for a user, by its owner (`user.password_changed`) or an admin (`user.password_reset`).
 * Every token of the user ends (the generation moves on) and every web session but `keepSessionId`
 * (the browser the owner changed it in) ends.
 */
export async function setPassword(
  db: Database, id: string, password: string,
  o: { actor: string; now: Date; kind: 'changed' | 'reset'; keepSessionId?: string; path?: string },
): Promise<UserRow> {
  const current = await db.read((m) => m.getRepository(UserEntity).findOneBy({ id }));
  if (!current) throw new NotFoundError(`user ${id} does not exist`);
  assertPasswordPolicy(password, current.username, o.path ?? 'password');
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(UserEntity);
    const u = await db.forUpdate(repo.createQueryBuilder('u').where('u.id = :id', { id })).getOne();
    if (!u) throw new NotFoundError(`user ${id} does not exist`);
    const next = { ...u, passwordHash, tokenGeneration: u.tokenGeneration + 1, version: u.version + 1 };
    await repo.update({ id }, { passwordHash, tokenGeneration: next.tokenGeneration, version: next.version });
    const sessions = tx.getRepository(WebSessionEntity);
    const ended = (await sessions.findBy({ userId: id })).filter((s) => s.id !== o.keepSessionId);
    if (ended.length) await sessions.delete(ended.map((s) => s.id));
    await appendAudit(tx, db, [{
      at: o.now, actor: o.actor, type: o.kind === 'changed' ? 'user.password_changed' : 'user.password_reset', subjectId: id,
      data: { username: u.username, sessionsEnded: ended.length },
    }]);
    return next;
  });
}

/** Disabling a user bumps its token generation: every token issued before stops working at once. */
export async function setUserDisabled(db: Database, username: string, disabled: boolean, actor: string, now: Date): Promise<UserView | null> {
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(UserEntity);
    const u = await repo.findOneBy({ username });
    if (!u) return null;
    const next = { ...u, disabled, tokenGeneration: u.tokenGeneration + 1, version: u.version + 1 };
    await repo.update({ id: u.id }, { disabled, tokenGeneration: next.tokenGeneration, version: next.version });
    await appendAudit(tx, db, [{ at: now, actor, type: disabled ? 'user.disabled' : 'user.enabled', subjectId: u.id, data: { username } }]);
    return userView(next);
  });
}

export async function countUsers(db: Database): Promise<number> {
  return db.read((m) => m.getRepository(UserEntity).count());
}

/** The token signing secret: from the configuration, or generated once and kept in the database so that
 * every server process on the database accepts the same tokens, across restarts. */
export async function tokenSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return db.transaction(async (tx) => {
    const repo = tx.getRepository(SettingEntity);
    const found = await repo.findOneBy({ key: 'token_secret' });
    if (found) return found.value;
    const value = randomBytes(32).toString('hex');
    await repo.insert({ key: 'token_secret', value });
    return value;
  }).catch(async (err) => {
    // Two processes starting at once: the other one's insert won; read it.
    const again = await db.read((m) => m.getRepository(SettingEntity).findOneBy({ key: 'token_secret' }));
    if (again) return again.value;
    throw err;
  });
}
