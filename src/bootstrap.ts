import type { System } from './system.js';
import { countUsers, createUser } from './http/auth/users.js';

/**
 * The first user. With DSR_BOOTSTRAP_ADMIN_PASSWORD and no users, `admin` is created with the role
 * admin; without it the server says how to create one and still starts (API.md, "Running").
 */
export async function bootstrapAdmin(system: System, password: string | undefined, log: (m: string) => void): Promise<void> {
  if ((await countUsers(system.db)) > 0) return;
  if (!password) {
    log('No users exist yet. Restart with DSR_BOOTSTRAP_ADMIN_PASSWORD=<at least 12 characters> to create the user "admin", or run: DSR_NEW_USER_PASSWORD=<password> npm run cli -- create-user <username> <role,...>');
    return;
  }
  await createUser(system.db, { username: 'admin', password, roles: ['admin'] }, 'system', system.clock.now());
  log('Created the user "admin" with the role admin (from DSR_BOOTSTRAP_ADMIN_PASSWORD).');
}
