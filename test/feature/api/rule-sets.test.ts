import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { AuditEventEntity, RuleSetVersionEntity } from '../../../src/persistence/entities/index.js';
import { RuleService } from '../../../src/rules/service.js';
import { loadRuleSets } from '../../../src/rules/load.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import path from 'node:path';

const PASSWORD = 'correct horse battery staple';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** refusal-grounds with every "reasoningLength ≥ 100" raised to `to`. */
function withThreshold(rs: any, to: number) {
  const out = clone(rs);
  for (const rule of out.rules) for (const c of rule.conditions.all ?? []) if (c.fact === 'reasoningLength') c.value = to;
  return out;
}

describe('Feature: legal staff deploy and roll back rule sets through the API (issue 7 item 3; docs/api.md "Deployments")', function () {
  this.timeout(60_000);
  let desk: Desk;
  let legal: string;
  let legalName: string;
  before(async () => {
    desk = await openDesk();
    legalName = `legal-${Math.random().toString(36).slice(2, 8)}`;
    const created = await desk.call('post', '/api/v1/users', { username: legalName, password: PASSWORD, roles: ['legal'] }, desk.admin);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    legal = (await desk.call('post', '/api/v1/auth/token', { username: legalName, password: PASSWORD })).body.token;
  });
  after(async () => desk?.close());

  const get = (url: string, token = legal) => desk.call('get', url, undefined, token);
  const post = (url: string, body: unknown, token = legal) => desk.call('post', url, body, token);
  const current = async (name: string) => {
    const res = await get(`/api/v1/rule-sets/${name}`);
    expect(res.status).to.equal(200);
    const { version, seq, author, deployedAt, note, ...ruleSet } = res.body;
    return { version, seq, author, deployedAt, note, ruleSet };
  };
  const versionsOf = async (name: string) => (await get(`/api/v1/rule-sets/${name}/versions`)).body.items as any[];

  it('Scenario: at start the files of rules/ are stored as the first versions, by "system"', async () => {
    const list = await get('/api/v1/rule-sets', desk.clerk);
    expect(list.status).to.equal(200);
    const byName = Object.fromEntries(list.body.items.map((i: any) => [i.name, i]));
    expect(byName).to.include.keys('identity-sufficiency', 'completeness', 'refusal-grounds', 'fee');
    expect(byName['refusal-grounds']).to.include({ seq: 1, author: 'system', note: 'rules/refusal-grounds.json' });
    expect(byName['refusal-grounds'].version).to.match(/^[0-9a-f]{16}$/);
    const versions = await versionsOf('fee');
    expect(versions).to.have.length(1);
    expect(versions[0]).to.include({ seq: 1, author: 'system', current: true, rollbackOf: null });
  });

  it('Scenario: only legal staff deploy (403), only existing rule sets (404), and an unchanged rule set is no new version (200)', async () => {
    const { ruleSet, version } = await current('fee');
    expect((await post('/api/v1/rule-sets/fee', ruleSet, desk.dpo)).status).to.equal(403);
    expect((await post('/api/v1/rule-sets/fee', ruleSet, desk.admin)).status).to.equal(403);
    expect((await post('/api/v1/rule-sets/fee/rollback', { version }, desk.clerk)).status).to.equal(403);
    const unknown = await post('/api/v1/rule-sets/brand-new', { ...ruleSet, name: 'brand-new' });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.code).to.equal('not_found');
    const same = await post('/api/v1/rule-sets/fee', ruleSet);
    expect(same.status, JSON.stringify(same.body)).to.equal(200);
    expect(same.body).to.deep.equal({ name: 'fee', version, seq: 1 });
    // A GET answer posted back as it is (with version, seq, author…) is the same content
    const roundTrip = await post('/api/v1/rule-sets/fee', (await get('/api/v1/rule-sets/fee')).body);
    expect(roundTrip.status).to.equal(200);
    expect(await versionsOf('fee')).to.have.length(1);
  });

  it('Scenario: 422 with details for a schema error, an unknown fact, an unknown operator, a failing saved test, a wrong name; nothing is stored', async () => {
    const { ruleSet } = await current('refusal-grounds');
    const expect422 = async (body: unknown, path: RegExp, message: RegExp) => {
      const res = await post('/api/v1/rule-sets/refusal-grounds', body);
      expect(res.status, JSON.stringify(res.body)).to.equal(422);
      expect(res.body.error.code).to.equal('rule_set_invalid');
      const hit = res.body.error.details.find((d: any) => path.test(d.path));
      expect(hit, JSON.stringify(res.body.error.details)).to.not.equal(undefined);
      expect(hit.message).to.match(message);
      return res.body.error;
    };
    // schema: a rule without an event, a description that is not a string
    const noEvent = clone(ruleSet);
    delete noEvent.rules[1].event;
    await expect422(noEvent, /^rules\[1\]$/, /event/);
    await expect422({ ...clone(ruleSet), description: 5 }, /^description$/, /string/);
    await expect422('not a rule set', /\(rule set\)/, /object/);
    // unknown fact
    const fact = clone(ruleSet);
    fact.rules[2].conditions.all[1].fact = 'reasoningWords';
    await expect422(fact, /^rules\[2\]\.conditions\.all\[1\]\.fact$/, /unknown fact "reasoningWords"/);
    // unknown operator
    const op = clone(ruleSet);
    op.rules[2].conditions.all[1].operator = 'atLeast';
    await expect422(op, /^rules\[2\]\.conditions\.all\[1\]\.operator$/, /unknown operator "atLeast"/);
    // a saved test case that the change breaks
    const failing = clone(ruleSet);
    failing.tests.push({ name: 'obrazložitev 120 znakov zadošča', facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: 120 }, expectEvents: ['ground-supported'] });
    const raised = withThreshold(failing, 150);
    const err = await expect422(raised, new RegExp(`^tests\\[${failing.tests.length - 1}\\]$`), /saved test case "obrazložitev 120 znakov zadošča" now fails/);
    expect(err.details).to.have.length(1);
    // the name in the body must be the name of the URL
    await expect422({ ...clone(ruleSet), name: 'fee' }, /^name$/, /refusal-grounds/);
    expect(await versionsOf('refusal-grounds'), 'nothing stored').to.have.length(1);
  });

  it('Scenario: a valid change is the newest version (201), with author and note; audited as rules.deployed', async () => {
    const before = await current('refusal-grounds');
    const changed = withThreshold(before.ruleSet, 150);
    changed.tests.push({ name: 'obrazložitev 120 znakov ne zadošča več', facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: 120 }, expectEvents: [] });
    const res = await post('/api/v1/rule-sets/refusal-grounds?note=' + encodeURIComponent('Prag obrazložitve 150 znakov'), changed);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.have.keys('name', 'version', 'seq');
    expect(res.body).to.include({ name: 'refusal-grounds', seq: 2 });
    expect(res.body.version).to.match(/^[0-9a-f]{16}$/).and.not.equal(before.version);

    const now = await current('refusal-grounds');
    expect(now).to.include({ version: res.body.version, seq: 2, author: legalName, note: 'Prag obrazložitve 150 znakov' });
    expect(now.ruleSet.rules[2].conditions.all[1].value).to.equal(150);
    const versions = await versionsOf('refusal-grounds');
    expect(versions.map((v) => [v.seq, v.author, v.current])).to.deep.equal([[2, legalName, true], [1, 'system', false]]);
    expect(Date.parse(versions[0].deployedAt)).to.be.a('number').and.not.NaN;

    // the same content again: 200, same version
    const again = await post('/api/v1/rule-sets/refusal-grounds', changed);
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal({ name: 'refusal-grounds', version: res.body.version, seq: 2 });

    const events = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type: 'rules.deployed', actor: legalName } }));
    expect(events).to.have.length(1);
    expect(JSON.parse(events[0]!.data)).to.include({ ruleSet: 'refusal-grounds', version: res.body.version, seq: 2, note: 'Prag obrazložitve 150 znakov' });
    expect((await get('/api/v1/audit/verify', desk.auditor)).body.ok).to.equal(true);

    // evaluation follows at once
    const ev = await post('/api/v1/rules/refusal-grounds/evaluate', { facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: 120 } }, desk.dpo);
    expect(ev.body.version).to.equal(res.body.version);
    expect(ev.body.events).to.deep.equal([]);
  });

  it('Scenario: the change note may come in the header x-change-note (UTF-8, percent-encoded)', async () => {
    const { ruleSet } = await current('fee');
    const changed = clone(ruleSet);
    changed.description += ' (dopolnjeno)';
    const res = await desk.call('post', '/api/v1/rule-sets/fee', undefined, legal).set('x-change-note', encodeURIComponent('Opis dopolnjen — čšž')).send(changed);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect((await versionsOf('fee'))[0]).to.include({ note: 'Opis dopolnjen — čšž', seq: 2 });
  });

  it('Scenario: a rollback makes a copy of the old version the newest, audited; rolling back to what is in force changes nothing', async () => {
    const [v2, v1] = await versionsOf('refusal-grounds');
    const res = await post('/api/v1/rule-sets/refusal-grounds/rollback', { version: v1.version });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.deep.equal({ name: 'refusal-grounds', version: v1.version, seq: 3, rollbackOf: 1 });
    const versions = await versionsOf('refusal-grounds');
    expect(versions.map((v) => [v.seq, v.version, v.rollbackOf, v.current])).to.deep.equal([[3, v1.version, 1, true], [2, v2.version, null, false], [1, v1.version, null, false]]);
    expect(versions[0].note).to.include('vrnitev na različico 1');
    const now = await current('refusal-grounds');
    expect(now).to.include({ version: v1.version, seq: 3, author: legalName });
    expect(now.ruleSet.rules[2].conditions.all[1].value).to.equal(100);
    // one version by id or seq
    const old = await get(`/api/v1/rule-sets/refusal-grounds/versions/2`);
    expect(old.status).to.equal(200);
    expect(old.body).to.include({ version: v2.version, seq: 2 });
    expect(old.body.rules[2].conditions.all[1].value).to.equal(150);
    expect((await get(`/api/v1/rule-sets/refusal-grounds/versions/${v2.version}`)).body.seq).to.equal(2);
    expect((await get('/api/v1/rule-sets/refusal-grounds/versions/99')).status).to.equal(404);

    const same = await post('/api/v1/rule-sets/refusal-grounds/rollback', { version: 3 });
    expect(same.status).to.equal(200);
    expect(same.body).to.deep.equal({ name: 'refusal-grounds', version: v1.version, seq: 3 });
    expect((await post('/api/v1/rule-sets/refusal-grounds/rollback', { version: 'ffffffffffffffff' })).status).to.equal(404);
    expect((await post('/api/v1/rule-sets/nope/rollback', { version: 1 })).status).to.equal(404);
    const bad = await post('/api/v1/rule-sets/refusal-grounds/rollback', {});
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0].path).to.equal('version');

    const events = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type: 'rules.deployed', actor: legalName }, order: { seq: 'ASC' } }));
    expect(JSON.parse(events.at(-1)!.data)).to.include({ ruleSet: 'refusal-grounds', seq: 3, rollbackOf: 1 });
  });

  it('Scenario: new evaluations use the newest version; the trace of an older request keeps the version it used', async () => {
    const versionsIn = async (id: string, ruleSet: string) => {
      const trace = await get(`/api/v1/requests/${id}/trace`, desk.auditor);
      expect(trace.status).to.equal(200);
      return trace.body.events.filter((e: any) => e.type === 'rule.evaluated' && e.data.ruleSet === ruleSet).map((e: any) => e.data.version);
    };
    // Completeness is evaluated when the DPO completes checkCompleteness
    const first = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    await desk.complete(first.body.id, 'checkCompleteness', { complete: true });
    const old = await current('completeness');
    expect(await versionsIn(first.body.id, 'completeness')).to.deep.equal([old.version]);

    const changed = clone(old.ruleSet);
    changed.description += ' Dopolnjeno ob spremembi Navodila.';
    const deployed = await post('/api/v1/rule-sets/completeness?note=nova', changed);
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);

    const second = await desk.call('post', '/api/v1/requests', requestBody(), desk.clerk);
    expect(second.status).to.equal(201);
    await desk.complete(second.body.id, 'checkCompleteness', { complete: true });
    expect(await versionsIn(second.body.id, 'completeness')).to.deep.equal([deployed.body.version]);
    expect(await versionsIn(first.body.id, 'completeness'), 'the older request keeps its version').to.deep.equal([old.version]);
  });

  it('Scenario: another server process on the same database takes a deploy into use within its check interval', async () => {
    const other = new RuleService(await loadRuleSets(path.join(PROJECT_ROOT, 'rules')), { checkIntervalMs: 0, log: () => undefined });
    await other.connect(desk.system.db);
    const before = other.get('fee')!.version;
    expect(before).to.equal((await current('fee')).version);
    const { ruleSet } = await current('fee');
    const changed = clone(ruleSet);
    changed.description += ' Še ena sprememba.';
    const res = await post('/api/v1/rule-sets/fee', changed);
    expect(res.status).to.equal(201);
    // The first evaluation after the deploy may still use the cache; it starts the comparison in the background.
    await other.evaluate('fee', { copyNumber: 1 });
    await other.settled();
    const after = await other.evaluate('fee', { copyNumber: 1 });
    expect(after.version).to.equal(res.body.version);
    // Starting again with the same files stores nothing new: the database keeps the deployed versions.
    const rows = await desk.system.db.read((m) => m.getRepository(RuleSetVersionEntity).count());
    const third = new RuleService(await loadRuleSets(path.join(PROJECT_ROOT, 'rules')), { log: () => undefined });
    await third.connect(desk.system.db);
    expect(await desk.system.db.read((m) => m.getRepository(RuleSetVersionEntity).count())).to.equal(rows);
    expect(third.get('fee')!.version).to.equal(res.body.version);
  });

  it('Scenario: the OpenAPI document has the deploy, the versions and the rollback', async () => {
    const doc = (await get('/api/v1/openapi.json')).body;
    expect(doc.paths['/rule-sets/{name}'].post.responses).to.include.keys('201', '200', '403', '404', '422');
    expect(doc.paths['/rule-sets/{name}'].post.summary).to.include('not created through this API').and.include('x-change-note');
    expect(doc.paths['/rule-sets/{name}/versions'].get).to.be.an('object');
    expect(doc.paths['/rule-sets/{name}/rollback'].post.responses).to.include.keys('201', '403', '404', '422');
  });
});
