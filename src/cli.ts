// Admin commands (after `npm run build`):
//   npm run cli -- create-user <username> <role,role>   (password from DSR_NEW_USER_PASSWORD)
//   npm run cli -- check                                 (consistency of every case; exit 1 if anything disagrees)
import path from 'node:path';
import { loadConfig } from './config.js';
import { openSystem } from './system.js';
import { registerHandlers } from './handlers.js';
import { installRequests } from './requests/service.js';
import { createUser, NewUserSchema } from './http/auth/users.js';
import { checkConsistency, formatReport } from './check/consistency.js';
import { AppError } from './errors.js';

const [command, ...args] = process.argv.slice(2);
const usage = [
  'usage: npm run build && DSR_NEW_USER_PASSWORD=... npm run cli -- create-user <username> <role,role,...>',
  '       npm run build && npm run cli -- check',
].join('\n');

async function createUserCommand(): Promise<number> {
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

/** Exit 0 when everything agrees, 1 when something does (each line says what), 2 when it cannot run. */
export async function checkCommand(databaseUrl: string, print: (line: string) => void = console.log): Promise<number> {
  // The handlers are registered (never run) so that every deployed definition loads as on a server.
  const system = await openSystem({ databaseUrl, processesDir: null, handlers: registerHandlers(), install: (sys) => void installRequests(sys, { classification: '-' }) });
  try {
    const report = await checkConsistency(system);
    for (const line of formatReport(report)) print(line);
    return report.discrepancies.length === 0 ? 0 : 1;
  } finally {
    await system.close();
  }
}

async function main(): Promise<number> {
  if (command === 'create-user' && args.length === 2) return createUserCommand();
  if (command === 'check' && args.length === 0) return checkCommand(loadConfig().databaseUrl);
  console.error(usage);
  return 2;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) process.exitCode = await main().catch((err: unknown) => {
  console.error(`check failed: ${(err as Error).message}`);
  return 2;
});
