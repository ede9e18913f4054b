import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { register } from '../requests/support.js';
import { ROLES, type Role } from '../../../src/roles.js';
import { isAction, PERMISSIONS, rolesFor, type Action } from '../../../src/permissions.js';

/** One route of the app as Express holds it, with the action its role check names (if any). */
interface Route { method: string; path: string; permission: Action | null }

/** Every route of the app (API and pages), found by walking Express's own router stack. */
function routesOf(app: Express): Route[] {
  const out = new Map<string, Route>();
  const walk = (stack: unknown[], prefix: string) => {
    for (const layer of stack as { route?: { path: string; methods: Record<string, boolean>; stack: { handle: { permission?: string } }[] }; handle: { stack?: unknown[] }; rawPath?: string }[]) {
      if (layer.route) {
        const permission = layer.route.stack.map((l) => l.handle.permission).find((p): p is Action => typeof p === 'string' && isAction(p)) ?? null;
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (!on || method === '_all') continue;
          const key = `${method.toUpperCase()} ${prefix}${layer.route.path}`;
          const seen = out.get(key);
          if (!seen || (!seen.permission && permission)) out.set(key, { method: method.toUpperCase(), path: `${prefix}${layer.route.path}`, permission: seen?.permission ?? permission });
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: unknown[] } }).router.stack, '');
  return [...out.values()];
}

/** Routes that need no role (sign-in, public pages, every signed-in user) and the other helpers' admin-only ones. */
// Open to everyone, or to every signed-in user for their own account (their password, their token).
const OPEN = new Set([
  'GET /healthz', 'GET /api/v1/openapi.json', 'POST /api/v1/auth/token', 'GET /login', 'POST /login', 'POST /logout', 'GET /logout', 'GET /', 'GET /help', 'GET /contacts',
  'POST /api/v1/auth/password', 'POST /api/v1/auth/revoke', 'GET /account/password', 'POST /account/password',
]);
const expectedAction = (r: Route): Action | 'open' | null => {
  if (r.permission) return r.permission;
  if (OPEN.has(`${r.method} ${r.path}`)) return 'open';
  if (r.path.startsWith('/api/v1/users') || r.path.startsWith('/api/v1/tokens') || r.path.startsWith('/admin')) return 'users.manage';
  return null;
};

const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe('Issue 10 #6: one permission table for the API and the pages, checked before anything is read', function () {
  // Many calls per test, and MariaDB on a shared machine: an allowance, not a timing.
  this.timeout(180_000);
  let desk: Desk;
  let caseId: string;
  let letterId: string;
  let routes: Route[];
  const tokens = {} as Record<Role, string>;

  before(async () => {
    desk = await openDesk();
    // A case at "check the records": a records owner has a task on it, so may read it.
    const reg = await register(desk);
    await desk.complete(reg.id, 'checkCompleteness', { complete: true });
    await desk.complete(reg.id, 'verifyIdentity', { method: 'qualified_signature', verified: true });
    caseId = reg.id;
    letterId = reg.letters[0].id;
    tokens.clerk = desk.clerk; tokens.dpo = desk.dpo; tokens.records_owner = desk.owner; tokens.auditor = desk.auditor; tokens.admin = desk.admin;
    tokens.legal = (await request(desk.app).post('/api/v1/auth/token').send({ username: await legalUser(desk), password: 'correct horse battery staple' })).body.token;
    routes = routesOf(desk.app);
  });
  after(async () => desk.close());

  const urlOf = (path: string) => path
    .replace(/\/(api\/v1\/)?requests\/:id/, (m) => m.replace(':id', caseId))
    .replace(':letterId', letterId)
    .replace(':name', 'no-such-name').replace(':key', 'no-such-key').replace(':version', '1').replace(':username', 'nobody')
    .replace(/:[A-Za-z]+/g, NOWHERE);

  it('every route names its action in the table (or is open to every signed-in user, or is the admin\'s user management)', () => {
    const api = routes.filter((r) => r.path.startsWith('/api/v1'));
    const pages = routes.filter((r) => !r.path.startsWith('/api/v1'));
    expect(api.length, 'API routes found').to.be.greaterThan(40);
    expect(pages.length, 'page routes found').to.be.greaterThan(30);
    const orphans = routes.filter((r) => expectedAction(r) === null).map((r) => `${r.method} ${r.path}`);
    expect(orphans, 'routes without an action in the permission table').to.deep.equal([]);
    // Every action of the table is used by some route (no dead rows).
    const used = new Set(routes.map((r) => r.permission).filter(Boolean));
    const unused = (Object.keys(PERMISSIONS) as Action[]).filter((a) => !used.has(a) && !['requests.accessLog', 'users.manage'].includes(a));
    expect(unused, 'actions no route checks').to.deep.equal([]);
  });

  it('walks every API route with every role: 403 exactly for the roles the table leaves out, before the body is read (403 beats 422 and 400)', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.path.startsWith('/api/v1'))) {
      const action = expectedAction(r);
      if (action === 'open') continue;
      for (const role of ROLES) {
        const allowed = rolesFor(action!).includes(role);
        const call = request(desk.app)[r.method.toLowerCase() as 'get' | 'post' | 'put'](urlOf(r.path)).set('authorization', `Bearer ${tokens[role]}`);
        // Valid JSON, invalid content: a role that may not gets 403 for it, not 422.
        const res = r.method === 'GET' ? await call : await call.send({ '': [], invalid: { deeply: true } });
        const got = res.status;
        if (allowed ? got === 403 || got >= 500 : got !== 403) problems.push(`${r.method} ${r.path} as ${role}: ${got} (${allowed ? 'allowed' : 'not allowed'}) ${JSON.stringify(res.body).slice(0, 160)}`);
        if (!allowed && r.method !== 'GET' && r.permission) {
          // A malformed body too: the role is checked before the body is parsed.
          const bad = await request(desk.app)[r.method.toLowerCase() as 'post' | 'put'](urlOf(r.path)).set('authorization', `Bearer ${tokens[role]}`).set('content-type', 'application/json').send('{"not json');
          if (bad.status !== 403) problems.push(`${r.method} ${r.path} as ${role} with a malformed body: ${bad.status}`);
        }
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('walks every page with every role: 403 exactly for the roles the table leaves out (a form with errors too)', async () => {
    const agents = {} as Record<Role, { agent: request.Agent; csrf: string }>;
    for (const role of ROLES) agents[role] = await signedIn(desk, role);
    const problems: string[] = [];
    for (const r of routes.filter((x) => !x.path.startsWith('/api/v1') && !x.path.startsWith('/static'))) {
      const action = expectedAction(r);
      if (action === 'open') continue;
      for (const role of ROLES) {
        const allowed = rolesFor(action!).includes(role);
        const { agent, csrf } = agents[role];
        const res = r.method === 'GET'
          ? await agent.get(urlOf(r.path))
          : await agent[r.method.toLowerCase() as 'post' | 'put'](urlOf(r.path)).type('form').send(new URLSearchParams({ _csrf: csrf, receivedDate: 'x', months: '7', outcome: 'nonsense' }).toString());
        const got = res.status;
        if (allowed ? got === 403 || got >= 500 : got !== 403) problems.push(`${r.method} ${r.path} as ${role}: ${got} (${allowed ? 'allowed' : 'not allowed'})`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('Finding: a clerk cannot extend the decision deadline through the API (the page refuses it too); the DPO can', async () => {
    const c = await register(desk);
    const asClerk = await desk.call('post', `/api/v1/requests/${c.id}/extension`, { months: 1, reasons: 'Zahteva obsega veliko zbirk.' }, desk.clerk);
    expect(asClerk.status).to.equal(403);
    expect(asClerk.body.error.code).to.equal('forbidden');
    // 403 even for a body that is wrong: who may comes before what was sent
    expect((await desk.call('post', `/api/v1/requests/${c.id}/extension`, { months: 7 }, desk.clerk)).status).to.equal(403);
    const clerkPage = await signedIn(desk, 'clerk');
    const refused = await clerkPage.agent.post(`/requests/${c.id}/extension`).type('form').send(new URLSearchParams({ _csrf: clerkPage.csrf, months: '1', reasons: 'Veliko zbirk.' }).toString());
    expect(refused.status).to.equal(403);
    const asDpo = await desk.call('post', `/api/v1/requests/${c.id}/extension`, { months: 1, reasons: 'Zahteva obsega veliko zbirk.' }, desk.dpo);
    expect(asDpo.status, JSON.stringify(asDpo.body)).to.equal(200);
    expect(asDpo.body.extension.months).to.equal(1);
    // Closing an appeal is the DPO's as well
    expect((await desk.call('post', `/api/v1/requests/${c.id}/appeal-closed`, { closedOn: 'x' }, desk.clerk)).status).to.equal(403);
  });

  it('Finding: a records owner lists no cases and reads only the cases of its own tasks; the admin reads no case at all', async () => {
    expect((await desk.call('get', '/api/v1/requests', undefined, desk.owner)).status).to.equal(403);
    expect((await desk.call('get', '/api/v1/requests?limit=500', undefined, desk.admin)).status).to.equal(403);
    // The case at checkRecords: its task is the records owner's
    const mine = await desk.call('get', `/api/v1/requests/${caseId}`, undefined, desk.owner);
    expect(mine.status).to.equal(200);
    expect(mine.body.subject.emso).to.equal('0101990505005');
    // A case still with the DPO: not the records owner's
    const other = await register(desk);
    const denied = await desk.call('get', `/api/v1/requests/${other.id}`, undefined, desk.owner);
    expect(denied.status).to.equal(403);
    expect((await desk.call('get', `/api/v1/requests/${other.id}/letters/${other.letters[0].id}`, undefined, desk.owner)).status).to.equal(403);
    const ownerPage = await signedIn(desk, 'records_owner');
    expect((await ownerPage.agent.get(`/requests/${other.id}`)).status).to.equal(403);
    expect((await ownerPage.agent.get(`/requests/${caseId}`)).status).to.equal(200);
    expect((await ownerPage.agent.get('/requests')).status).to.equal(403);
    for (const url of [`/api/v1/requests/${other.id}`, `/api/v1/requests/${other.id}/trace`, '/api/v1/register', `/api/v1/requests/${other.id}/letters/${other.letters[0].id}`]) {
      expect((await desk.call('get', url, undefined, desk.admin)).status, url).to.equal(403);
    }
    const adminPage = await signedIn(desk, 'admin');
    for (const url of ['/requests', `/requests/${other.id}`, '/register', `/requests/${other.id}/trace`]) expect((await adminPage.agent.get(url)).status, url).to.equal(403);
    // The admin's dashboard lists no cases (they name persons)
    expect((await adminPage.agent.get('/')).text).to.not.include(other.caseNumber);
  });
});

let legalCounter = 0;
async function legalUser(desk: Desk): Promise<string> {
  const username = `legal-perm-${++legalCounter}`;
  const res = await desk.call('post', '/api/v1/users', { username, password: 'correct horse battery staple', roles: ['legal'] }, desk.admin);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return username;
}
