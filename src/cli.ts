// Admin commands: `npm run cli -- create-user <username> <role,role> ` (password from DSR_NEW_USER_PASSWORD).
import { loadConfig } from './config.js';
import { openSystem } from './system.js';
import { createUser, NewUserSchema } from './http/auth/users.js';
import { AppError } from './errors.js';

const [command, ...args] = process.argv.slice(2);
const usage = 'usage: npm run build && DSR_NEW_USER_PASSWORD=... npm run cli -- create-user <username> <role,role,...>';

async function main(): Promise<number> {
  if (command !== 'create-user' || args.length !== 2) {
    console.error(usage);
    return 2;
  }
  const parsed = NewUserSchema.safeParse({ username: args[0], password: process.env.DSR_NEW_USER_PASSWORD ?? '', roles: args[1]!.split(',') });
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`${i.path.join('.') || 'input'}: ${i.message}`);
    return 2;
  }
  const config = loadConfig();
  const system = await openSystem({ databaseUrl: config.databaseUrl, processesDir: null });
  try {
    const user = await createUser(system.db, parsed.data, 'cli', new Date());
    console.log(`created ${user.username} with roles ${user.roles.join(', ')}`);
    return 0;
  } catch (err) {
    console.error(err instanceof AppError ? err.message : String(err));
    return 1;
  } finally {
    await system.close();
  }
}

process.exitCode = await main();
