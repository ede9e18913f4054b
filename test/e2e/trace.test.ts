import { expect } from 'chai';
import { caseAtDecide, shot, signIn, startE2E, type E2E } from './support.js';

describe('E2E: the auditor traces a case in the browser (issue 5 items 8 and 10)', function () {
  this.timeout(120_000);
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => e2e?.close());

  it('Scenario: the diagram shows the path taken and where the case waits; clicking an element lists its events', async () => {
    const kase = await caseAtDecide(e2e);
    const auditor = await e2e.user('auditor');
    const { page, problems } = await e2e.page();

    await page.goto('/login');
    await shot(page, 'trace-01-login');
    await signIn(page, auditor.username, undefined, `/requests/${kase.id}/trace`);
    expect(new URL(page.url()).pathname).to.equal(`/requests/${kase.id}/trace`);
    await page.waitForSelector('#trace-canvas[data-ready="true"]', { timeout: 20_000 });

    const visited = await page.locator('.djs-element.trace-visited').count();
    expect(visited, 'elements marked as visited').to.be.greaterThan(3);
    const waiting = await page.locator('.djs-element.trace-waiting').evaluateAll((els) => els.map((el) => el.getAttribute('data-element-id')));
    expect(waiting, 'the waiting marker').to.deep.equal(['decide']);
    expect(await page.locator('.djs-element.trace-visited[data-element-id="checkRecords"]').count()).to.equal(1);
    expect(await page.locator('.djs-element.trace-visited[data-element-id="decide"]').count(), 'waiting, not merely visited').to.equal(0);
    expect(await page.locator('.djs-connection.trace-flow').count(), 'flows between visited elements').to.be.greaterThan(0);
    // The page opens on the element where the case waits
    await page.locator('#trace-panel[data-element="decide"]').waitFor();
    await shot(page, 'trace-02-diagram');

    // Click a task the case went through: its events, who and what, appear beside the diagram
    await page.locator('.djs-element[data-element-id="checkRecords"]').click();
    const panel = page.locator('#trace-panel[data-element="checkRecords"]');
    await panel.waitFor();
    const text = await panel.innerText();
    expect(text).to.include('Naloga opravljena').and.include(kase.owner).and.include('collections').and.include('Obvezno zdravstveno zavarovanje');
    expect(await page.locator('.djs-element.trace-selected[data-element-id="checkRecords"]').count()).to.equal(1);
    await shot(page, 'trace-03-element-clicked');
    await shot(page.locator('.trace-diagram'), 'trace-03b-diagram-closeup');

    // A rule task: the rule set, the facts and the explanation
    await page.locator('.djs-element[data-element-id="applyIdentity"]').click();
    const rules = page.locator('#trace-panel[data-element="applyIdentity"]');
    await rules.waitFor();
    await rules.locator('details summary').first().click();
    const ruleText = await rules.innerText();
    expect(ruleText).to.include('Pravila ovrednotena').and.include('Nabor pravil').and.include('Pravilo »');
    await shot(page, 'trace-04-rule-explanation');

    // The event list and the audit chain, rendered on the server
    expect(await page.locator('table.trace-events tbody tr').count()).to.be.greaterThan(5);
    expect(await page.locator('[data-audit="ok"]').innerText()).to.include('Dogodki te zadeve so nespremenjeni');
    // The whole chain, on request
    await Promise.all([page.waitForURL(/chain=all/), page.getByRole('button', { name: 'Preveri celotno verigo' }).click()]);
    expect(await page.locator('[data-chain="ok"]').innerText()).to.include('Celotna veriga je nepretrgana');
    await page.waitForSelector('#trace-canvas[data-ready="true"]');
    await shot(page, 'trace-06-full-chain-verified');
    expect(problems, 'no script errors and no CSP violations').to.deep.equal([]);
  });

  it('Scenario: without JavaScript the trace still lists the path, the events and the verification', async () => {
    const kase = await caseAtDecide(e2e);
    const auditor = await e2e.user('auditor');
    const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await signIn(page, auditor.username, undefined, `/requests/${kase.id}/trace`);
      expect(await page.locator('.trace-path li').count()).to.be.greaterThan(3);
      expect(await page.locator('.trace-path-waiting').innerText()).to.include('čaka tukaj');
      expect(await page.locator('[data-audit="ok"]').count()).to.equal(1);
      await shot(page, 'trace-05-no-javascript');
    } finally {
      await context.close();
    }
  });

  it('Scenario: a clerk cannot open the user administration (403 page)', async () => {
    const clerk = await e2e.user('clerk');
    const { page, problems } = await e2e.page();
    await signIn(page, clerk.username);
    await shot(page, 'admin-01-clerk-home');
    const res = await page.goto('/admin/users');
    expect(res?.status()).to.equal(403);
    expect(await page.locator('h1').innerText()).to.include('Dostop zavrnjen');
    expect(await page.locator('main').innerText()).to.include('skrbnik sistema');
    expect(await page.locator('nav a[href="/admin/users"]').count(), 'no menu item for it').to.equal(0);
    await shot(page, 'admin-02-clerk-denied');
    // Nor the trace of a case
    const trace = await page.goto('/requests/00000000-0000-4000-8000-000000000000/trace');
    expect(trace?.status()).to.equal(403);
    expect(problems).to.deep.equal([]);
  });
});
