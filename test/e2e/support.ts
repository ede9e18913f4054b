import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { killHard, PROJECT_ROOT, startServerChild, type ServerChild } from '../support/serverProcess.js';

/**
 * The browser tests' harness (issue 5 item 10): a real server process (src/server.ts through tsx) on a
 * free port with its own temporary SQLite database and the fake clock, and Debian's Chromium driven
 * headless by playwright-core. Playwright never downloads a browser here: `/usr/bin/chromium` comes from
 * `apt-get install chromium` (.ci/run does it). Screenshots of the pages go to test/e2e/screenshots
 * (not committed), to be looked at.
 */

export const CHROMIUM = process.env.DSR_E2E_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');
export const ADMIN_PASSWORD = 'e2e-admin-password-long-enough';
export const PASSWORD = 'correct horse battery staple';

/** Without the background-networking flags Chromium keeps calling Google's hosts, which this machine refuses. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage',
];

export interface E2E {
  baseUrl: string;
  server: ServerChild;
  browser: Browser;
  adminToken: string;
  /** A JSON API call (/api/v1…) with a bearer token; resolves to status and parsed body. */
  api(method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  /** A new user with these roles (through the API as admin); returns the username and an API token. */
  user(...roles: string[]): Promise<{ username: string; token: string }>;
  /** A fresh browser context (own cookies) with one page; console errors and page errors are collected. */
  page(): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); playwright must not download a browser`);
  }
  if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'static', 'trace.js'))) {
    throw new Error('the browser bundle is missing: run `node scripts/build-static.mjs` (npm run test:e2e does)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsr-e2e-'));
  const server = await startServerChild({
    DATABASE_URL: `sqlite:${path.join(dir, 'e2e.sqlite')}`,
    DSR_FAKE_CLOCK: '1',
    DSR_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DSR_TOKEN_SECRET: 'e2e-token-secret-that-is-long-enough-0123456789',
    NODE_ENV: 'test',
    DSR_DEMO: '',
  });
  const baseUrl = server.baseUrl.replace('localhost', '127.0.0.1');
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  } catch (err) {
    await killHard(server.child);
    throw err;
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  const api: E2E['api'] = async (method, url, body, token) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch { /* not JSON */ }
    return { status: res.status, body: parsed };
  };
  const tokenOf = async (username: string, password: string) => {
    const res = await api('POST', '/api/v1/auth/token', { username, password });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.token as string;
  };
  const adminToken = await tokenOf('admin', ADMIN_PASSWORD);
  let n = 0;
  const contexts: BrowserContext[] = [];

  return {
    baseUrl, server, browser, adminToken, api,
    async user(...roles) {
      const username = `e2e.${roles.join('.')}.${++n}`.replace(/_/g, '-');
      const created = await api('POST', '/api/v1/users', { username, password: PASSWORD, roles }, adminToken);
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      return { username, token: await tokenOf(username, PASSWORD) };
    },
    async page() {
      const context = await browser!.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 }, locale: 'sl-SI', timezoneId: 'Europe/Ljubljana' });
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        // Failed loads are reported below with their address; a page's own 403/404 is what some tests expect.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
      });
      page.on('response', (r) => {
        const type = r.request().resourceType();
        // The browser asks for /favicon.ico on its own; the layout names none.
        if (r.status() >= 400 && type !== 'document' && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${r.status()} ${type} ${r.url()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      return { context, page, problems };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser!.close().catch(() => undefined);
      server.child.kill('SIGTERM');
      const stopped = await Promise.race([
        new Promise<boolean>((resolve) => server.child.once('exit', () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
      ]);
      if (!stopped) await killHard(server.child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sign in through the /login form as a person would; lands on `next` (or the dashboard). */
export async function signIn(page: Page, username: string, password = PASSWORD, next?: string): Promise<void> {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type="submit"]')]);
}

/** A full-page screenshot (or of one part of the page) under test/e2e/screenshots/<name>.png. */
export async function shot(page: Page | Locator, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if ('goto' in page) await page.screenshot({ path: file, fullPage: true });
  else await page.screenshot({ path: file });
  return file;
}

/** A registered request taken through completeness, identity and records: it waits at `decide`. */
export async function caseAtDecide(e2e: E2E): Promise<{ id: string; caseNumber: string; dpo: string; owner: string }> {
  const clerk = await e2e.user('clerk');
  const dpo = await e2e.user('dpo');
  const owner = await e2e.user('records_owner');
  // The fake clock stands at the server's start; the request arrived an hour before.
  const receivedAt = new Date(Date.now() - 3600_000).toISOString();
  const created = await e2e.api('POST', '/api/v1/requests', {
    channel: 'email', receivedAt, mailbox: 'dpo@zzzs.si',
    subject: { firstName: 'Ana', lastName: 'Novak', emso: '0101990505005', taxNumber: '50223054', address: 'Trubarjeva 1, 1000 Ljubljana', email: 'ana.novak@example.si' },
    rights: ['access'], acknowledgementRequested: true,
    identityEvidence: { qualifiedSignature: true, idDocumentSeen: false },
  }, clerk.token);
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const id = created.body.id as string;
  const complete = async (key: string, variables: Record<string, unknown>, token: string) => {
    const tasks = await e2e.api('GET', `/api/v1/tasks?requestId=${id}&key=${key}`, undefined, token);
    expect(tasks.body.items, `open task ${key}`).to.have.length(1);
    const done = await e2e.api('POST', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, variables, token);
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    return done.body;
  };
  await complete('checkCompleteness', { complete: true }, dpo.token);
  await complete('verifyIdentity', { method: 'qualified_signature', verified: true }, dpo.token);
  const view = await complete('checkRecords', { art23Restriction: false, collections: ['Obvezno zdravstveno zavarovanje'] }, owner.token);
  expect(view.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['decide']);
  return { id, caseNumber: created.body.caseNumber, dpo: dpo.username, owner: owner.username };
}
