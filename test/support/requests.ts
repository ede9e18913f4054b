import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { expect } from 'chai';
import { buildApp } from '../../src/http/app.js';
import { TokenService } from '../../src/http/auth/tokens.js';
import { createUser } from '../../src/http/auth/users.js';
import { installRequests, type RequestOptions, type RequestService } from '../../src/requests/service.js';
import { HandlerRegistry } from '../../src/engine/handlers.js';
import type { System } from '../../src/system.js';
import type { Role } from '../../src/roles.js';
import { FakeClock } from '../../src/engine/clock.js';
import { freshSystem } from './system.js';
import { PROJECT_ROOT } from './serverProcess.js';

export interface Desk {
  app: Express;
  system: System;
  requests: RequestService;
  clerk: string;
  dpo: string;
  owner: string;
  auditor: string;
  admin: string;
  /** An authorised call: `call('post', '/api/v1/requests', body, token?)`. */
  call(method: 'get' | 'post' | 'put', url: string, body?: unknown, token?: string): request.Test;
  /** Set the fake clock (and run due jobs) through the API, as an integrator would. */
  clockTo(iso: string): Promise<void>;
  /** Complete the one open task with this key, expecting 200; returns the request view. */
  complete(requestId: string, key: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, any>>;
  close(): Promise<void>;
}

let n = 0;
const PASSWORD = 'correct horse battery staple';

/** A whole system with the real diagram, rules and letters, its API, and a signed-in user per role. */
export async function openDesk(now = '2026-03-02T12:00:00+01:00', options: Omit<RequestOptions, 'classification'> = {}): Promise<Desk> {
  let requests!: RequestService;
  const system = await freshSystem({
    fakeClock: new FakeClock(new Date(now)),
    handlers: new HandlerRegistry(),
    processesDir: path.join(PROJECT_ROOT, 'processes'),
    install: (sys) => {
      requests = installRequests(sys, { classification: '0072', ...options });
    },
  });
  const tokens = new TokenService('test-secret-that-is-long-enough-0123456789', 3600, system.db);
  const app = buildApp({ system, config: { fakeClock: true }, tokens, requests, log: (m) => console.error(m) });
  const token = async (...roles: Role[]) => {
    const username = `${roles.join('-')}-${++n}`;
    await createUser(system.db, { username, password: PASSWORD, roles }, 'test', new Date());
    return (await request(app).post('/api/v1/auth/token').send({ username, password: PASSWORD })).body.token as string;
  };
  const [clerk, dpo, owner, auditor, admin] = [await token('clerk'), await token('dpo'), await token('records_owner'), await token('auditor'), await token('admin')];
  const call = (method: 'get' | 'post' | 'put', url: string, body?: unknown, t = dpo) => {
    const r = request(app)[method](url).set('authorization', `Bearer ${t}`);
    return body === undefined ? r : r.send(body as object);
  };
  return {
    app, system, requests, clerk, dpo, owner, auditor, admin, call,
    async clockTo(iso) {
      const res = await call('put', '/api/v1/clock', { now: iso }, admin);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    },
    async complete(requestId, key, variables, t = dpo) {
      const tasks = await call('get', `/api/v1/tasks?requestId=${requestId}&key=${key}`, undefined, t);
      expect(tasks.body.items, `open task ${key}`).to.have.length(1);
      const res = await call('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, variables, t);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body;
    },
    close: () => system.close(),
  };
}

/** A valid request body; EMŠO and tax number pass their check digits. */
export function requestBody(over: Record<string, unknown> = {}) {
  return {
    channel: 'email',
    receivedAt: '2026-03-02T10:15:00+01:00',
    mailbox: 'dpo@zzzs.si',
    subject: { firstName: 'Ana', lastName: 'Novak', emso: '0101990505005', taxNumber: '50223054', address: 'Trubarjeva 1, 1000 Ljubljana', email: 'ana.novak@example.si' },
    rights: ['access'],
    acknowledgementRequested: true,
    identityEvidence: { qualifiedSignature: true, idDocumentSeen: false },
    ...over,
  };
}
