import type { System } from './system.js';
import { countUsers, createUser } from './http/auth/users.js';
import { passwordProblem } from './http/auth/passwordPolicy.js';
import { ConfigError } from './config.js';

/**
 * The first user. With DSR_BOOTSTRAP_ADMIN_PASSWORD and no users, `admin` is created with the role
 * admin; without it the server says how to create one and still starts (docs/api.md, "Running").
 * The password passes the policy of every password (issue 10 #10): in production a weak one stops
 * the start (loadConfig refuses it already); elsewhere it is used, with a warning, so that a
 * developer's quick start keeps working.
 */
export async function bootstrapAdmin(system: System, password: string | undefined, log: (m: string) => void, production = false): Promise<void> {
  if ((await countUsers(system.db)) > 0) return;
  if (!password) {
    log('No users exist yet. Restart with DSR_BOOTSTRAP_ADMIN_PASSWORD=<at least 12 characters> to create the user "admin", or run: DSR_NEW_USER_PASSWORD=<password> npm run cli -- create-user <username> <role,...>');
    return;
  }
  const weak = passwordProblem(password, 'admin');
  if (weak && production) throw new ConfigError(`DSR_BOOTSTRAP_ADMIN_PASSWORD is refused: ${weak.message}`);
  if (weak) log(`Warning: DSR_BOOTSTRAP_ADMIN_PASSWORD would be refused in production (${weak.message}); change it after signing in.`);
  await createUser(system.db, { username: 'admin', password, roles: ['admin'] }, 'system', system.clock.now());
  log('Created the user "admin" with the role admin (from DSR_BOOTSTRAP_ADMIN_PASSWORD).');
}
