import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';

/** Every call of docs/api.md, as OpenAPI names it (path parameters as {id}). */
const CONTRACT: [string, string][] = [
  ['post', '/auth/token'], ['post', '/users'], ['post', '/requests'], ['get', '/requests'], ['get', '/requests/{id}'],
  ['get', '/tasks'], ['post', '/tasks/{id}/claim'], ['post', '/tasks/{id}/complete'],
  ['post', '/requests/{id}/remedy'], ['post', '/requests/{id}/extension'], ['post', '/requests/{id}/delivery'],
  ['post', '/requests/{id}/clarification'], ['post', '/requests/{id}/appeal'],
  ['get', '/requests/{id}/letters/{letterId}'], ['get', '/register'], ['get', '/requests/{id}/trace'], ['get', '/audit/verify'],
  ['post', '/rules/{name}/evaluate'], ['get', '/calendar/deadline'], ['put', '/clock'],
  ['get', '/definitions'], ['post', '/definitions'], ['get', '/rule-sets'], ['get', '/rule-sets/{name}'], ['post', '/rule-sets/{name}'],
  ['post', '/phone-inquiries'],
  ['get', '/incidents'], ['post', '/incidents/{id}/retry'],
];

describe('Feature: the OpenAPI document covers the whole contract of docs/api.md', () => {
  let desk: Desk;
  after(async () => desk.close());

  it('Scenario: every call of the contract is in /api/v1/openapi.json, with its error answers', async () => {
    desk = await openDesk();
    const res = await desk.call('get', '/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.match(/^3\.1/);
    const missing = CONTRACT.filter(([m, p]) => !res.body.paths?.[p]?.[m]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing, 'calls missing from the OpenAPI document').to.deep.equal([]);
    const create = res.body.paths['/requests'].post;
    expect(Object.keys(create.responses)).to.include.members(['201', '422']);
  });
});
