import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { shot, signIn, startE2E, type E2E } from './support.js';
import { PROJECT_ROOT } from '../support/serverProcess.js';

const RULE = 'očitno neutemeljena (16. člen)';
const TEST = 'obrazložitev 120 znakov zadošča';
const FIXED = 'obrazložitev 120 znakov ne zadošča več';

describe('E2E: a legal user changes a rule threshold in the rules editor (issue 7 items 3 and 5)', function () {
  this.timeout(180_000);
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => e2e?.close());

  it('Scenario: raise refusal-grounds reasoningLength 100 → 150; a failing saved test case blocks the deploy; fixed, it deploys and the versions list shows it', async () => {
    const legal = await e2e.user('legal');
    const dpo = await e2e.user('dpo');
    const { page, problems } = await e2e.page();
    await signIn(page, legal.username, undefined, '/rules');
    expect(new URL(page.url()).pathname).to.equal('/rules');
    expect(await page.locator('nav a[href="/rules"]').innerText()).to.equal('Pravila');
    expect(await page.locator('tr[data-rule-set="refusal-grounds"]').innerText()).to.include('system');
    await shot(page, 'rules-01-list');

    await Promise.all([page.waitForURL(/\/rules\/refusal-grounds$/), page.click('a[href="/rules/refusal-grounds"]')]);
    await page.waitForSelector('#structured-editor[data-ready="true"]');
    await page.waitForSelector('#tests-summary[data-failing="0"] .ok');
    const rule = page.locator(`fieldset.rule-editor[data-rule-name="${RULE}"]`);
    const threshold = rule.locator('.cond-row[data-fact="reasoningLength"]');
    expect(await threshold.locator('select.cond-operator').inputValue()).to.equal('greaterThanInclusive');
    expect(await threshold.locator('.cond-value').inputValue()).to.equal('100');
    await shot(page, 'rules-02-editor');

    // The test bench on the rule set as it is: 120 characters support the ground
    await page.check('input[name="facts[grounds][]"][value="art16_manifestly_unfounded"]');
    await page.fill('#fact-reasoningLength', '120');
    await page.click('#bench-evaluate');
    await page.waitForSelector('#bench-result [data-bench="done"]');
    expect(await page.locator('#bench-result [data-event="ground-supported"]').count()).to.equal(1);
    const held = page.locator('#bench-result .rule-result', { hasText: RULE }).locator('tr[data-fact="reasoningLength"]');
    expect(await held.innerText()).to.include('120').and.include('izpolnjen');
    await shot(page.locator('#bench'), 'rules-03-bench');

    // …kept as a saved test case, and deployed as version 2
    await page.fill('#test-name', TEST);
    expect(await page.isChecked('#expect-choices input[value="ground-supported"]'), 'the events just produced are offered').to.equal(true);
    await page.click('#add-test');
    const testRow = page.locator(`.test-row[data-test="${TEST}"]`);
    await testRow.waitFor();
    await page.waitForSelector(`.test-row[data-test="${TEST}"] .test-status .ok`);
    await page.fill('#note', 'Testni primer za prag obrazložitve');
    await Promise.all([page.waitForURL(/deployed=2/), page.click('#deploy-button')]);
    expect(await page.locator('p.flash').innerText()).to.include('Uvedena je različica 2');
    await page.waitForSelector('#structured-editor[data-ready="true"]');

    // Raise the threshold in the structured editor, in the three rules that require a written reasoning
    const values = page.locator('fieldset.rule-editor .cond-row[data-fact="reasoningLength"] .cond-value');
    expect(await values.count()).to.equal(3);
    for (let i = 0; i < 3; i++) await values.nth(i).fill('150');
    expect(await page.inputValue('#rule-json')).to.include('"value": 150');
    // The saved test case fails on the edited rule set as soon as it is checked
    await page.waitForSelector('#tests-summary[data-failing="1"]');
    await page.waitForSelector(`.test-row.test-failed[data-test="${TEST}"]`);
    expect(await page.locator(`.test-row[data-test="${TEST}"] .test-status`).innerText()).to.include('ne uspe');
    await shot(page, 'rules-04-test-fails-live');

    // Deploying anyway is refused, with the failing test case named; the edit is kept
    await page.fill('#note', 'Prag obrazložitve 150 znakov');
    await Promise.all([page.waitForEvent('load'), page.click('#deploy-button')]);
    const refused = page.locator('#deploy-refused');
    expect(await refused.innerText()).to.include('Uvedba zavrnjena').and.include(TEST).and.include('Nič ni bilo shranjeno');
    await page.waitForSelector('#structured-editor[data-ready="true"]');
    expect(await page.locator(`fieldset.rule-editor[data-rule-name="${RULE}"] .cond-row[data-fact="reasoningLength"] .cond-value`).inputValue()).to.equal('150');
    expect(await page.inputValue('#note')).to.equal('Prag obrazložitve 150 znakov');
    expect(await page.locator('tr[data-version-seq]').count(), 'nothing stored').to.equal(2);
    await shot(page, 'rules-05-deploy-refused');

    // Fix the test case: with 150 characters required, 120 support no ground (and say so in its name)
    await page.locator(`.test-row[data-test="${TEST}"] input[data-test-expect="ground-supported"]`).uncheck();
    await page.waitForSelector('#tests-summary[data-failing="0"] .ok');
    await page.locator(`.test-row[data-test="${TEST}"] .test-name`).fill(FIXED);
    await page.waitForSelector(`.test-row[data-test="${FIXED}"] .test-status .ok`);
    // …and the description of the rule set, which names the threshold
    await page.fill('#structured-editor textarea.description', (await page.inputValue('#structured-editor textarea.description')).replace('vsaj 100 znakov', 'vsaj 150 znakov'));
    await shot(page.locator('.tests-section'), 'rules-06-test-fixed');
    await Promise.all([page.waitForURL(/deployed=3/), page.click('#deploy-button')]);

    // The versions list shows the new version with its author, time and note
    const newest = page.locator('tr[data-version-seq="3"]');
    const row = await newest.innerText();
    expect(row).to.include(legal.username).and.include('Prag obrazložitve 150 znakov').and.include('velja');
    expect(await page.locator('tr[data-version-seq]').count()).to.equal(3);
    expect(await page.locator('tr[data-version-seq="2"]').innerText()).to.include('Testni primer za prag obrazložitve');
    await page.waitForSelector('#structured-editor[data-ready="true"]');
    await page.locator('#versions').scrollIntoViewIfNeeded();
    await shot(page, 'rules-07-deployed-versions');

    // New evaluations use version 3
    const current = await e2e.api('GET', '/api/v1/rule-sets/refusal-grounds', undefined, dpo.token);
    expect(current.body).to.include({ seq: 3, author: legal.username, note: 'Prag obrazložitve 150 znakov' });
    expect(current.body.description).to.include('vsaj 150 znakov');
    expect(current.body.tests.at(-1)).to.deep.equal({ name: FIXED, facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: 120 }, expectEvents: [] });
    const evaluated = await e2e.api('POST', '/api/v1/rules/refusal-grounds/evaluate', { facts: { grounds: ['art16_manifestly_unfounded'], reasoningLength: 120 } }, dpo.token);
    expect(evaluated.body.version).to.equal(current.body.version);
    expect(evaluated.body.events).to.deep.equal([]);
    expect(problems, 'no script errors and no CSP violations').to.deep.equal([]);
  });

  it('Scenario: without JavaScript the rule set is shown as rows and the raw JSON deploys', async () => {
    const legal = await e2e.user('legal');
    const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await signIn(page, legal.username, undefined, '/rules/fee');
      expect(await page.locator('#structured-view').isVisible()).to.equal(true);
      expect(await page.locator('#structured-view tr[data-fact="copyNumber"]').first().innerText()).to.include('je enako');
      expect(await page.locator('#tests-view tr.test-passed').count()).to.equal(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'rules/fee.json'), 'utf8')).tests.length);
      await page.click('#raw-json summary');
      const json = JSON.parse(await page.inputValue('#rule-json'));
      json.description += ' Dopolnjeno brez JavaScripta.';
      await page.fill('#rule-json', JSON.stringify(json, null, 2));
      await page.fill('#note', 'Opis dopolnjen');
      await Promise.all([page.waitForURL(/deployed=2/), page.click('#deploy-button')]);
      expect(await page.locator('tr[data-version-seq="2"]').innerText()).to.include(legal.username).and.include('Opis dopolnjen');
      await shot(page, 'rules-08-no-javascript');
    } finally {
      await context.close();
    }
  });
});
