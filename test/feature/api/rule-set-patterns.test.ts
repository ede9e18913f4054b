import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';

const PASSWORD = 'correct horse battery staple';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('Issue 10 #8 Feature: a rule set whose facts schema has a pattern that backtracks catastrophically is refused at deploy', function () {
  this.timeout(60_000);
  let desk: Desk;
  let legal: string;
  before(async () => {
    desk = await openDesk();
    const username = `legal-${Math.random().toString(36).slice(2, 8)}`;
    expect((await desk.call('post', '/api/v1/users', { username, password: PASSWORD, roles: ['legal'] }, desk.admin)).status).to.equal(201);
    legal = (await desk.call('post', '/api/v1/auth/token', { username, password: PASSWORD })).body.token as string;
  });
  after(async () => desk?.close());

  const current = async () => {
    const { version: _v, seq: _s, author: _a, deployedAt: _d, note: _n, ...ruleSet } = (await desk.call('get', '/api/v1/rule-sets/refusal-grounds', undefined, legal)).body;
    return ruleSet;
  };

  for (const pattern of ['(a+)+$', '(a|a)*', '(a|aa)+', '(.*a){20}']) {
    it(`Scenario: POST /api/v1/rule-sets/refusal-grounds with a fact "note" of pattern ${pattern}: 422 naming factsSchema.properties.note.pattern; nothing stored`, async () => {
      const rs = clone(await current());
      rs.factsSchema.properties.note = { type: 'string', pattern };
      const res = await desk.call('post', '/api/v1/rule-sets/refusal-grounds', rs, legal);
      expect(res.status, JSON.stringify(res.body)).to.equal(422);
      expect(res.body.error.code).to.equal('rule_set_invalid');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['factsSchema.properties.note.pattern']);
      expect(res.body.error.details[0].message).to.include(JSON.stringify(pattern)).and.match(/exponentially|cube/);
      expect((await desk.call('get', '/api/v1/rule-sets/refusal-grounds/versions', undefined, legal)).body.items).to.have.length(1);
    });
  }

  it('Scenario: a pattern in patternProperties is refused too; a linear pattern is deployed (201)', async () => {
    const rs = clone(await current());
    rs.factsSchema.patternProperties = { '^(x|xx)+$': { type: 'string' } };
    const refused = await desk.call('post', '/api/v1/rule-sets/refusal-grounds', rs, legal);
    expect(refused.status).to.equal(422);
    expect(refused.body.error.details[0].path).to.equal('factsSchema.patternProperties["^(x|xx)+$"]');

    const fine = clone(await current());
    fine.factsSchema.properties.note = { type: 'string', pattern: '^[a-z]+(-[a-z]+)*$' };
    const res = await desk.call('post', '/api/v1/rule-sets/refusal-grounds', fine, legal);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  });
});
