import request from 'supertest';
import { expect } from 'chai';
import type { Desk } from './requests.js';

export const PASSWORD = 'correct horse battery staple';

/** The CSRF token of a rendered page (every form carries it). */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** The sign-in form's own token (a pre-session CSRF token, bound to the dsr_login cookie the agent now holds). */
export async function loginFormToken(agent: request.Agent): Promise<string> {
  const form = await agent.get('/login');
  const m = /name="_csrf" value="([^"]+)"/.exec(form.text);
  if (m) return m[1]!;
  // Signed in already, /login redirects: the form's token is still the cookie this browser holds.
  const jar = (agent as unknown as { jar: { getCookie(name: string, o: object): { value: string } | undefined } }).jar;
  const held = jar.getCookie('dsr_login', { domain: '127.0.0.1', path: '/login', secure: false, script: false });
  if (!held) throw new Error(`no sign-in token on /login (status ${form.status})`);
  return held.value;
}

/** Sign in through the form as a browser does: open /login, then post it with its token. */
export async function postLogin(agent: request.Agent, fields: Record<string, string>): Promise<request.Response> {
  const _csrf = await loginFormToken(agent);
  return agent.post('/login').type('form').send({ _csrf, ...fields });
}

/** A browser-like agent (keeps cookies) signed in as a new user with these roles. */
export async function signedIn(desk: Desk, ...roles: string[]): Promise<{ agent: request.Agent; username: string; csrf: string }> {
  const username = `web-${roles.join('-')}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles }, desk.admin);
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const agent = request.agent(desk.app);
  const res = await postLogin(agent, { username, password: PASSWORD, next: '/' });
  expect(res.status, res.text.slice(0, 500)).to.equal(303);
  const page = await agent.get('/help');
  return { agent, username, csrf: csrfOf(page.text) };
}
