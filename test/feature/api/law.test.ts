import { expect } from 'chai';
import request from 'supertest';
import { testApi, type TestApi } from '../../support/api.js';

describe('Feature: the legal calendar and the rule sets through the API', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await testApi();
    token = await api.tokenFor('clerk');
  });
  after(async () => api.close());
  const get = (url: string) => request(api.app).get(url).set('authorization', `Bearer ${token}`);

  it('N8.1 GET /calendar/deadline answers the due date with its explanation', async () => {
    const res = await get('/api/v1/calendar/deadline?start=2026-01-31&amount=1&unit=months');
    expect(res.status).to.equal(200);
    expect(res.body.due).to.equal('2026-03-02');
    expect(res.body.explanation).to.include('sobota');
    const wd = await get('/api/v1/calendar/deadline?start=2026-04-30&amount=5&unit=working_days');
    expect(wd.body.due).to.equal('2026-05-08');
  });

  it('422 naming the query field for a bad date, amount or unit', async () => {
    const res = await get('/api/v1/calendar/deadline?start=2026-02-30&amount=x&unit=weeks');
    expect(res.status).to.equal(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.have.members(['query.start', 'query.amount', 'query.unit']);
  });

  it('lists the rule sets and shows one; 404 for an unknown one', async () => {
    const list = await get('/api/v1/rule-sets');
    expect(list.body.items.map((i: { name: string }) => i.name)).to.include.members(['identity-sufficiency', 'completeness', 'refusal-grounds', 'fee']);
    const one = await get('/api/v1/rule-sets/fee');
    expect(one.body.rules.length).to.be.greaterThan(0);
    expect(one.body.factsSchema.properties).to.have.property('copyNumber');
    expect((await get('/api/v1/rule-sets/nope')).status).to.equal(404);
  });

  it('S2.1 POST /rules/:name/evaluate gives events and the per-condition explanation', async () => {
    const res = await request(api.app).post('/api/v1/rules/identity-sufficiency/evaluate').set('authorization', `Bearer ${token}`)
      .send({ facts: { channel: 'phone', uniqueIdentifiersMatched: 1, secretIdentifiersMatched: 1 } });
    expect(res.status).to.equal(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).to.deep.equal(['identity-sufficient']);
    const rule = res.body.explanation.find((x: { result: boolean }) => x.result);
    expect(rule.conditions.find((c: { fact: string }) => c.fact === 'uniqueIdentifiersMatched')).to.include({ factValue: 1, result: true });
  });

  it('404 for an unknown rule set, 422 naming the fact that fails the schema', async () => {
    const unknown = await request(api.app).post('/api/v1/rules/nope/evaluate').set('authorization', `Bearer ${token}`).send({ facts: {} });
    expect(unknown.status).to.equal(404);
    const bad = await request(api.app).post('/api/v1/rules/identity-sufficiency/evaluate').set('authorization', `Bearer ${token}`).send({ facts: { channel: 'pigeon' } });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0].path).to.equal('facts.channel');
  });
});
