import { expect } from 'chai';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { AuditEventEntity } from '../../../src/persistence/entities/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

type Agent = Awaited<ReturnType<typeof signedIn>>;

/** How many saved test cases rules/refusal-grounds.json seeds (version 1). */
const SEEDED_TESTS = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'rules', 'refusal-grounds.json'), 'utf8')) as { tests: unknown[] }).tests.length;

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The edited rule set in the page's raw-JSON field. */
const jsonOf = (html: string) => JSON.parse(decode(/<textarea id="rule-json"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!));
const baseSeqOf = (html: string) => /name="baseSeq" value="(\d*)"/.exec(html)![1]!;
const versionRows = (html: string) => [...html.matchAll(/<tr data-version-seq="(\d+)"/g)].map((m) => Number(m[1]));

/** refusal-grounds with "reasoningLength ≥ 100" raised to `to` in rule 3 (očitno neutemeljena). */
const raised = (rs: any, to: number) => {
  const out = JSON.parse(JSON.stringify(rs));
  out.rules[2].conditions.all[1].value = to;
  return out;
};

describe('Feature: the rules editor at /rules (issue 7 item 3)', function () {
  this.timeout(60_000);
  let desk: Desk;
  let legal: Agent;
  before(async () => {
    desk = await openDesk();
    legal = await signedIn(desk, 'legal');
  });
  after(async () => desk?.close());

  const page = (url: string) => legal.agent.get(url);
  const submit = (fields: Record<string, unknown>, url = '/rules/refusal-grounds') => legal.agent.post(url).type('form').send({ _csrf: legal.csrf, ...fields });

  it('Scenario: only legal staff open the editor; the menu shows it to them', async () => {
    const dpo = await signedIn(desk, 'dpo');
    expect((await dpo.agent.get('/rules')).status).to.equal(403);
    expect((await dpo.agent.get('/rules/fee')).status).to.equal(403);
    expect((await dpo.agent.post('/rules/fee').type('form').send({ _csrf: dpo.csrf, action: 'deploy', json: '{}' })).status).to.equal(403);
    const menuOf = (html: string) => /<nav aria-label="Glavni meni">[\s\S]*?<\/nav>/.exec(html)![0];
    expect(menuOf((await dpo.agent.get('/help')).text)).to.not.include('href="/rules"');
    expect(menuOf((await page('/help')).text)).to.include('<a href="/rules">Pravila</a>');
    expect(menuOf((await page('/rules/fee')).text)).to.include('<a href="/rules" aria-current="page">Pravila</a>');
  });

  it('Scenario: the list shows every rule set with its version and who deployed it', async () => {
    const res = await page('/rules');
    expect(res.status).to.equal(200);
    for (const name of ['completeness', 'fee', 'identity-sufficiency', 'refusal-grounds']) expect(res.text).to.include(`data-rule-set="${name}"`);
    const row = /<tr data-rule-set="refusal-grounds">[\s\S]*?<\/tr>/.exec(res.text)![0];
    expect(row).to.include('<strong>1</strong>').and.include('system').and.include('rules/refusal-grounds.json').and.match(/<code>[0-9a-f]{16}<\/code>/);
    expect((await page('/rules/nope')).status).to.equal(404);
  });

  it('Scenario: a rule set shows its conditions as rows "fact — operator — value", its saved tests passing, the bench and the versions (without JavaScript)', async () => {
    const res = await page('/rules/refusal-grounds');
    expect(res.status).to.equal(200);
    expect(res.text).to.include('<script src="/static/rules-editor.js" defer></script>');
    const rule = /<section class="rule-card" data-rule-view="3">[\s\S]*?<\/section>/.exec(res.text)![0];
    expect(rule).to.include('očitno neutemeljena (16. člen)').and.include('vsi pogoji (IN)');
    expect(rule).to.match(/data-fact="reasoningLength"><td><code>reasoningLength<\/code><\/td><td>je vsaj<\/td><td><strong>100<\/strong>/);
    expect(rule).to.include('<code>ground-supported</code>');
    expect(res.text).to.include(`Vsi testni primeri uspejo (${SEEDED_TESTS})`);
    // the bench is generated from the facts schema: a checklist for grounds, a number for reasoningLength, da/ne for booleans
    expect(res.text).to.include('name="facts[grounds][]" value="art16_manifestly_unfounded"');
    expect(res.text).to.match(/<input type="number" id="fact-reasoningLength" name="facts\[reasoningLength\]"/);
    expect(res.text).to.match(/<select id="fact-art23Restriction" name="facts\[art23Restriction\]"/);
    expect(versionRows(res.text)).to.deep.equal([1]);
    expect(jsonOf(res.text).name).to.equal('refusal-grounds');
    expect(baseSeqOf(res.text)).to.equal('1');
  });

  it('Scenario: the bench evaluates the EDITED rule set and explains each condition with the fact value', async () => {
    const current = jsonOf((await page('/rules/refusal-grounds')).text);
    const res = await submit({ action: 'evaluate', json: JSON.stringify(raised(current, 150)), facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: '120' } });
    expect(res.status).to.equal(200);
    const result = /<div class="bench-result"[\s\S]*?<\/div>\s*<\/div>\s*$/m.exec(res.text)?.[0] ?? res.text;
    expect(result).to.include('Dogodki urejenega nabora:</strong>\n    <span data-event="">noben</span>');
    const rule = /<div class="rule-result rule-failed">\s*<h4>očitno neutemeljena \(16\. člen\)[\s\S]*?<\/table>/.exec(res.text)![0];
    expect(rule).to.match(/<tr class="cond-held" data-fact="grounds">[\s\S]*?vsebuje <strong>art16_manifestly_unfounded<\/strong><\/td><td>art16_manifestly_unfounded<\/td><td><span class="badge cond-badge">izpolnjen/);
    expect(rule).to.match(/<tr class="cond-failed" data-fact="reasoningLength">[\s\S]*?je vsaj <strong>150<\/strong><\/td><td>120<\/td><td><span class="badge cond-badge">ni izpolnjen/);
    // what was typed stays, and the edit is kept (nothing deployed)
    expect(res.text).to.match(/id="fact-reasoningLength" name="facts\[reasoningLength\]" value="120"/);
    expect(jsonOf(res.text).rules[2].conditions.all[1].value).to.equal(150);
    expect(versionRows(res.text)).to.deep.equal([1]);
    // on the rule set in force the same facts support the ground
    const inForce = await submit({ action: 'evaluate', json: JSON.stringify(current), facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: '120' } });
    expect(inForce.text).to.include('data-event="ground-supported"');
    expect(inForce.text).to.match(/name="expect" value="ground-supported" data-expect="ground-supported" checked/);
    // a saved test case is put on the bench (without JavaScript too)
    const loaded = await submit({ action: 'loadTest', json: JSON.stringify(current) }, '/rules/refusal-grounds?test=1');
    expect(loaded.text).to.match(/id="fact-reasoningLength" name="facts\[reasoningLength\]" value="400"/);
    expect(loaded.text).to.match(/name="facts\[grounds\]\[\]" value="art16_excessive" data-fact="grounds" checked/);
    expect(loaded.text).to.match(/name="expect" value="excessive-candidate" data-expect="excessive-candidate" checked/);
    // facts that do not fit the schema are named
    const bad = await submit({ action: 'evaluate', json: JSON.stringify(current), facts: { reasoningLength: 'dolga' } });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('Dejstvo reasoningLength</strong>: Vpišite celo število.');
  });

  it('Scenario: a failing saved test case blocks the deploy and is shown; fixed, the deploy is a new version with author and note', async () => {
    const current = jsonOf((await page('/rules/refusal-grounds')).text);
    // a test case from the bench: 120 characters support the ground (added to the edit, not stored)
    const added = await submit({ action: 'addTest', json: JSON.stringify(current), facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: '120' }, testName: 'obrazložitev 120 znakov zadošča', expect: 'ground-supported' });
    expect(added.status).to.equal(200);
    expect(added.text).to.include('Testni primer »obrazložitev 120 znakov zadošča« je dodan urejeni različici');
    const withTest = jsonOf(added.text);
    expect(withTest.tests.at(-1)).to.deep.equal({ name: 'obrazložitev 120 znakov zadošča', facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: 120 }, expectEvents: ['ground-supported'] });
    const first = await submit({ action: 'deploy', json: JSON.stringify(withTest), note: 'testni primer za prag', baseSeq: '1' });
    expect(first.status).to.equal(303);
    expect(first.headers.location).to.equal('/rules/refusal-grounds?deployed=2');

    // raise the threshold: the saved test case now fails, the deploy is refused, nothing stored
    const shown = await page(first.headers.location!);
    expect(shown.text).to.include('Uvedena je različica 2.');
    const refused = await submit({ action: 'deploy', json: JSON.stringify(raised(jsonOf(shown.text), 150)), note: 'prag 150 znakov', baseSeq: baseSeqOf(shown.text) });
    expect(refused.status).to.equal(422);
    const box = /<div class="errors-summary" role="alert" id="deploy-refused">[\s\S]*?<\/div>/.exec(refused.text)![0];
    expect(box).to.include('Uvedba zavrnjena').and.include('data-failing-test="obrazložitev 120 znakov zadošča"').and.include('pričakovani dogodki [ground-supported], dobljeni [nobenega]').and.include('Nič ni bilo shranjeno');
    expect(refused.text).to.include('class="test-failed" data-test="obrazložitev 120 znakov zadošča"');
    expect(refused.text).to.include('value="prag 150 znakov"');
    expect(jsonOf(refused.text).rules[2].conditions.all[1].value, 'the edit is kept').to.equal(150);
    expect(versionRows(refused.text)).to.deep.equal([2, 1]);

    // fix the test case: with 150 required, 120 characters support nothing
    const fixed = jsonOf(refused.text);
    fixed.tests.at(-1).expectEvents = [];
    const ok = await submit({ action: 'deploy', json: JSON.stringify(fixed), note: 'prag 150 znakov', baseSeq: baseSeqOf(refused.text) });
    expect(ok.status, ok.text.slice(0, 3000)).to.equal(303);
    expect(ok.headers.location).to.equal('/rules/refusal-grounds?deployed=3');
    const after = await page(ok.headers.location!);
    expect(versionRows(after.text)).to.deep.equal([3, 2, 1]);
    const row = /<tr data-version-seq="3" class="current-row">[\s\S]*?<\/tr>/.exec(after.text)![0];
    expect(row).to.include(legal.username).and.include('prag 150 znakov').and.include('velja');
    const audit = await desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type: 'rules.deployed', actor: legal.username }, order: { seq: 'ASC' } }));
    expect(audit.map((e) => JSON.parse(e.data).seq)).to.deep.equal([2, 3]);
    // the API and evaluations follow
    const ev = await desk.call('post', '/api/v1/rules/refusal-grounds/evaluate', { facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: 120 } });
    expect(ev.body.events).to.deep.equal([]);
    // the same content again is no new version
    const same = await submit({ action: 'deploy', json: JSON.stringify(fixed), baseSeq: '3' });
    expect(same.headers.location).to.equal('/rules/refusal-grounds?notice=unchanged');
  });

  it('Scenario: a deploy over a version someone else deployed meanwhile is stopped once (409), the edit kept', async () => {
    const shown = await page('/rules/refusal-grounds');
    const edit = jsonOf(shown.text);
    edit.description += ' Moja sprememba.';
    const stale = await submit({ action: 'deploy', json: JSON.stringify(edit), baseSeq: '1' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.include('data-conflict="true"').and.include('Medtem je');
    expect(jsonOf(stale.text).description).to.include('Moja sprememba.');
    expect(baseSeqOf(stale.text)).to.equal('3');
  });

  it('Scenario: invalid JSON or an unknown fact is explained in Slovenian and nothing is stored', async () => {
    const broken = await submit({ action: 'deploy', json: '{ "name": "refusal-grounds", ', baseSeq: '3' });
    expect(broken.status).to.equal(422);
    expect(broken.text).to.include('Besedilo ni veljaven JSON');
    expect(broken.text).to.match(/<details id="raw-json" class="raw-json" open>/);
    const rs = jsonOf((await page('/rules/refusal-grounds')).text);
    rs.rules[0].conditions.all[1].fact = 'art23';
    rs.rules[0].conditions.all[0].operator = 'has';
    const res = await submit({ action: 'check', json: JSON.stringify(rs) });
    expect(res.status).to.equal(200);
    expect(res.text).to.include('Pravilo 1 »omejitev po 23. členu GDPR«, pogoj 2 (dejstvo)</strong>: Neznano dejstvo »art23«: ni v shemi dejstev.');
    expect(res.text).to.include('Pravilo 1 »omejitev po 23. členu GDPR«, pogoj 1 (operator)</strong>: Neznan operator »has«.');
    const deploy = await submit({ action: 'deploy', json: JSON.stringify(rs), baseSeq: '3' });
    expect(deploy.status).to.equal(422);
    expect(versionRows(deploy.text)).to.deep.equal([3, 2, 1]);
  });

  it('Scenario: the editor script checks and evaluates the edited rule set through JSON endpoints (session and x-csrf-token)', async () => {
    const rs = jsonOf((await page('/rules/refusal-grounds')).text);
    const check = await legal.agent.post('/rules/refusal-grounds/check').set('x-csrf-token', legal.csrf).send({ ruleSet: raised(rs, 90) });
    expect(check.status).to.equal(200);
    expect(check.body).to.include({ ok: false, failing: 1, changed: true });
    const failing = check.body.tests.find((t: any) => !t.passed);
    expect(failing).to.include({ name: 'obrazložitev 120 znakov zadošča', passed: false });
    expect(failing.got).to.deep.equal(['ground-supported']);
    const same = await legal.agent.post('/rules/refusal-grounds/check').set('x-csrf-token', legal.csrf).send({ ruleSet: rs });
    expect(same.body).to.include({ ok: true, failing: 0, changed: false });
    const bench = await legal.agent.post('/rules/refusal-grounds/bench').set('x-csrf-token', legal.csrf).send({ ruleSet: raised(rs, 90), bench: { grounds: ['art16_manifestly_unfounded'], reasoningLength: '95' } });
    expect(bench.body).to.include({ ok: true });
    expect(bench.body.events).to.deep.equal(['ground-supported']);
    expect(bench.body.facts).to.deep.equal({ grounds: ['art16_manifestly_unfounded'], reasoningLength: 95 });
    expect(bench.body.html).to.include('data-event="ground-supported"').and.include('je vsaj <strong>90</strong>');
    const noToken = await legal.agent.post('/rules/refusal-grounds/check').send({ ruleSet: rs });
    expect(noToken.status).to.equal(403);
  });

  it('Scenario: a rollback from the versions list makes a copy of the old version the one in force', async () => {
    const before = await page('/rules/refusal-grounds');
    expect(before.text).to.include('data-rollback="1"');
    expect(before.text, 'no rollback to the version in force').to.not.include('data-rollback="3"');
    // an older version opens in the editor
    const opened = await page('/rules/refusal-grounds?version=1');
    expect(opened.text).to.include('Odprta je starejša različica 1');
    expect(jsonOf(opened.text).tests).to.have.length(SEEDED_TESTS);
    const res = await legal.agent.post('/rules/refusal-grounds/rollback').type('form').send({ _csrf: legal.csrf, version: '1' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/rules/refusal-grounds?rolledBack=4');
    const after = await page(res.headers.location!);
    expect(after.text).to.include('Vrnjeno: različica 4');
    expect(versionRows(after.text)).to.deep.equal([4, 3, 2, 1]);
    expect(/<tr data-version-seq="4" class="current-row">[\s\S]*?<\/tr>/.exec(after.text)![0]).to.include('kopija različice 1').and.include('vrnitev na različico 1');
    expect(jsonOf(after.text).rules[2].conditions.all[1].value).to.equal(100);
  });
});
