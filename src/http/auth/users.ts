import { randomUUID, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../persistence/database.js';
import { appendAudit } from '../../persistence/audit.js';
import { SettingEntity, UserEntity, type UserRow } from '../../persistence/entities/index.js';
import { ConflictError } from '../../errors.js';
import { ROLES, type Role } from '../../roles.js';
import { hashPassword } from './passwords.js';

export const NewUserSchema = z.object({
  username: z.string().trim().min(2, 'at least 2 characters').max(100).regex(/^[a-z0-9._-]+$/, 'only lower-case letters, digits, dot, dash and underscore'),
  password: z.string().min(12, 'at least 12 characters').max(200),
  roles: z.array(z.enum(ROLES)).min(1, 'at least one role'),
  displayName: z.string().trim().max(200).optional(),
});
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
