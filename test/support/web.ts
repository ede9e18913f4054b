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

/** A browser-like agent (keeps cookies) signed in as a new user with these roles. */
export async function signedIn(desk: Desk, ...roles: string[]): Promise<{ agent: request.Agent; username: string; csrf: string }> {
  const username = `web-${roles.join('-')}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles }, desk.admin);
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const agent = request.agent(desk.app);
  const res = await agent.post('/login').type('form').send({ username, password: PASSWORD, next: '/' });
  expect(res.status, res.text.slice(0, 500)).to.equal(303);
  const page = await agent.get('/help');
  return { agent, username, csrf: csrfOf(page.text) };
}
