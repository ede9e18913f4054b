import { randomBytes } from 'node:crypto';
import { toLocalDate } from '../domain/localDate.js';
import { createUser, setUserDisabled } from '../http/auth/users.js';
import { DsrRequestEntity, UserEntity } from '../persistence/entities/index.js';
import type { RequestService } from '../requests/service.js';
import { RequestInputSchema } from '../requests/schemas.js';
import type { Role } from '../roles.js';
import type { System } from '../system.js';
import { demoCases, type DemoCase } from './cases.js';

/** The user every demo action is attributed to (trace and audit say `demo`). It cannot sign in. */
export const DEMO_ACTOR = 'demo';
const DEMO_ACTOR_ROLES: Role[] = ['clerk', 'dpo', 'records_owner'];
/** Users to sign in with, one per role, username = role; created only on a database without other users. */
export const DEMO_LOGINS: Role[] = ['clerk', 'dpo', 'records_owner', 'auditor', 'legal'];
export const DEFAULT_DEMO_PASSWORD = 'demo-geslo-2026';

export interface SeedResult {
  seeded: boolean;
  /** Request id, case number and status of each seeded case. */
  cases: { id: string; caseNumber: string; status: string; label: string }[];
  usersCreated: string[];
}

/**
 * DSR_DEMO=1: with no requests at all, register a handful of cases and take each through the real
 * service layer (registration, task completion, events) as the user `demo`, so that each has its own
 * trace, letters and audit events. With any request present it does nothing and says so.
 */
export async function seedDemo(system: System, requests: RequestService, o: { password?: string; log?: (m: string) => void } = {}): Promise<SeedResult> {
  const log = o.log ?? (() => undefined);
  const result: SeedResult = { seeded: false, cases: [], usersCreated: [] };
  const existing = await system.db.read((m) => m.getRepository(DsrRequestEntity).count());
  if (existing > 0) {
    log(`DSR_DEMO=1: the database already holds ${existing} request(s); no demo data seeded.`);
    return result;
  }
  const users = await system.db.read((m) => m.getRepository(UserEntity).find({ select: { username: true } }));
  const others = users.map((u) => u.username).filter((n) => n !== 'admin' && n !== DEMO_ACTOR);

  if (!users.some((u) => u.username === DEMO_ACTOR)) {
    // A password nobody knows, and disabled at once: `demo` only signs what the seeding did.
    await createUser(system.db, { username: DEMO_ACTOR, password: randomBytes(24).toString('hex'), roles: DEMO_ACTOR_ROLES, displayName: 'Vzorčni podatki (DSR_DEMO)' }, 'system', system.clock.now());
    await setUserDisabled(system.db, DEMO_ACTOR, true, 'system', system.clock.now());
  }
  if (others.length === 0) {
    const password = o.password ?? DEFAULT_DEMO_PASSWORD;
    for (const role of DEMO_LOGINS) {
      await createUser(system.db, { username: role, password, roles: [role], displayName: `Demo: ${role}` }, DEMO_ACTOR, system.clock.now());
      result.usersCreated.push(role);
    }
    log(`DSR_DEMO=1: created the users ${DEMO_LOGINS.join(', ')} (each with the role of its name) with the password from DSR_DEMO_PASSWORD (default "${DEFAULT_DEMO_PASSWORD}").`);
  } else {
    log(`DSR_DEMO=1: users other than admin exist (${others.join(', ')}); no demo users created.`);
  }

  const today = toLocalDate(system.clock.now());
  // Registered in the order they arrived, so that case numbers follow the dates of receipt.
  const cases = demoCases(today).sort((a, b) => Date.parse(String(a.body.receivedAt)) - Date.parse(String(b.body.receivedAt)));
  for (const c of cases) {
    const view = await runCase(requests, c);
    result.cases.push({ id: view.id, caseNumber: view.caseNumber, status: view.status, label: c.label });
  }
  result.seeded = true;
  log(`DSR_DEMO=1: seeded ${result.cases.length} demo requests as the user "${DEMO_ACTOR}": ${result.cases.map((c) => `${c.caseNumber} ${c.status}`).join(', ')}.`);
  return result;
}

async function runCase(requests: RequestService, c: DemoCase) {
  const input = RequestInputSchema.parse(c.body);
  let view = await requests.register(input, DEMO_ACTOR);
  for (const step of c.steps) {
    if ('task' in step) {
      const task = view.openTasks.find((t) => t.key === step.task);
      if (!task) throw new Error(`demo case "${c.label}": no open task ${step.task} (open: ${view.openTasks.map((t) => t.key).join(', ') || 'none'})`);
      view = await requests.completeTask(task.id, step.variables, DEMO_ACTOR, DEMO_ACTOR_ROLES);
    } else if (step.event === 'extension') {
      await requests.events.extend(view.id, step.body, DEMO_ACTOR, DEMO_ACTOR_ROLES);
      view = await requests.view(view.id);
    } else {
      await requests.events.delivery(view.id, { deliveredOn: toLocalDate(requests.deps.clock.now()) }, DEMO_ACTOR);
      view = await requests.view(view.id);
    }
  }
  if (view.status !== c.status) throw new Error(`demo case "${c.label}" ended in ${view.status}, expected ${c.status}`);
  return view;
}
