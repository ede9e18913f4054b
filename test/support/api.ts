import request from 'supertest';
import type { Express } from 'express';
import type { System } from '../../src/system.js';
import { buildApp } from '../../src/http/app.js';
import { TokenService } from '../../src/http/auth/tokens.js';
import { createUser } from '../../src/http/auth/users.js';
import type { Role } from '../../src/roles.js';
import { freshSystem } from './system.js';
import type { SystemOptions } from '../../src/system.js';

export interface TestApi {
  app: Express;
  system: System;
  /** A bearer token of a new user with these roles. */
  tokenFor(...roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';
let userCounter = 0;

export async function testApi(options: { fakeClock?: boolean } & Partial<SystemOptions> = {}): Promise<TestApi> {
  const { fakeClock = true, ...rest } = options;
  const system = await freshSystem(fakeClock ? rest : { ...rest, fakeClock: false });
  const tokens = new TokenService('test-secret-that-is-long-enough-0123456789', 3600, system.db);
  const app = buildApp({ system, config: { fakeClock }, tokens, log: () => undefined });
  return {
    app, system,
    async tokenFor(...roles: Role[]) {
      const username = `${roles.join('-')}-${++userCounter}`;
      await createUser(system.db, { username, password: PASSWORD, roles }, 'test', system.clock.now());
      const res = await request(app).post('/api/v1/auth/token').send({ username, password: PASSWORD });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    close: () => system.close(),
  };
}
