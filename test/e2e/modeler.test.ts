import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../support/serverProcess.js';
import { shot, signIn, startE2E, type E2E } from './support.js';

const RENAMED = 'Je zahteva popolna? (preverjeno še: žig, podpis, čas)';
const NOTE = 'Novo ime razcepa po spremembi navodila (čl. 6); preveri še žig in podpis';

describe('E2E: legal changes the process in the modeler and deploys it as version 2 (issue 7 items 1 and 5)', function () {
  this.timeout(180_000);
  let e2e: E2E;
  before(async () => {
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'static', 'modeler.js'))) {
      throw new Error('the modeler bundle is missing: run `node scripts/build-static.mjs` (npm run test:e2e does)');
    }
    e2e = await startE2E();
  });
  after(async () => e2e?.close());

  /** A request through the API, as the clerk registers it; returns its id and view. */
  async function newRequest(clerkToken: string, firstName: string, lastName: string) {
    const res = await e2e.api('POST', '/api/v1/requests', {
      channel: 'email', receivedAt: new Date(Date.now() - 3600_000).toISOString(), mailbox: 'dpo@zzzs.si',
      subject: { firstName, lastName, emso: '0101990505005', taxNumber: '50223054', address: 'Trubarjeva 1, 1000 Ljubljana', email: 'ana.novak@example.si' },
      rights: ['access'], acknowledgementRequested: true, identityEvidence: { qualifiedSignature: true, idDocumentSeen: false },
    }, clerkToken);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; caseNumber: string; process: { version: number } };
  }

  it('Scenario: rename the gateway "isComplete", see a check error on a task, deploy with a note; new requests start on version 2, an older one stays on 1', async () => {
    const clerk = await e2e.user('clerk');
    const dpo = await e2e.user('dpo');
    const legal = await e2e.user('legal');
    // Given a request that started on version 1
    const older = await newRequest(clerk.token, 'Ana', 'Novak');
    expect(older.process.version).to.equal(1);

    const { page, problems } = await e2e.page();
    await signIn(page, legal.username, undefined, '/modeler');
    expect(new URL(page.url()).pathname).to.equal('/modeler');
    await page.waitForSelector('#modeler-canvas[data-ready="true"]', { timeout: 30_000 });
    expect(await page.locator('nav a[href="/modeler"]').innerText()).to.equal('Postopek');
    const v1row = page.locator('.modeler-version-table[data-key="dsrRequest"] tr[data-version="1"]');
    expect(await v1row.locator('.modeler-running').innerText()).to.equal('1');
    // The palette and the lint button of bpmn-js-bpmnlint are there; the properties panel is beside the diagram
    expect(await page.locator('.djs-palette').count()).to.equal(1);
    expect(await page.locator('.bjsl-button').count(), 'bpmnlint in the editor').to.equal(1);
    expect(await page.locator('#modeler-properties .bio-properties-panel').count()).to.equal(1);
    await shot(page, 'modeler-01-opened');

    // bpmnlint runs in the editor with the server's rules: a gateway without a name is warned of at once
    const lintButton = page.locator('.bjsl-button');
    expect(await lintButton.innerText()).to.match(/No Issues/i);
    const gateway = page.locator('.djs-element.djs-shape[data-element-id="isComplete"]');
    await gateway.scrollIntoViewIfNeeded();
    await gateway.dblclick();
    const editing = page.locator('.djs-direct-editing-parent');
    await editing.waitFor({ state: 'visible' });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    await editing.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => /1 Warning/i.test(document.querySelector('.bjsl-button')?.textContent ?? ''), undefined, { timeout: 10_000 });
    await shot(page.locator('.modeler-layout'), 'modeler-01b-lint-warning');

    // When she names the gateway anew by double-clicking it and typing
    await gateway.dblclick();
    await editing.waitFor({ state: 'visible' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(RENAMED);
    await page.keyboard.press('Enter');
    await editing.waitFor({ state: 'hidden' });
    expect(await page.locator('.djs-element[data-element-id="isComplete_label"]').textContent()).to.include('žig, podpis');
    expect(await page.locator('#modeler-dirty').innerText()).to.include('Neobjavljene spremembe');
    await page.waitForFunction(() => /No Issues/i.test(document.querySelector('.bjsl-button')?.textContent ?? ''), undefined, { timeout: 10_000 });
    await page.getByRole('button', { name: 'Preveri' }).click();
    await page.locator('#modeler-status[data-kind="ok"]').waitFor();
    expect(await page.locator('#modeler-issues-summary').innerText()).to.include('diagram je v redu');
    await shot(page, 'modeler-02-renamed-checked');

    // A user task without a role is an error shown on the task and in the list; deploying is refused
    await page.locator('.djs-element.djs-shape[data-element-id="verifyIdentity"]').click();
    const panel = page.locator('#modeler-properties');
    await panel.locator('.bio-properties-panel-header-label').filter({ hasText: 'Ugotovi istovetnost' }).waitFor();
    const assignment = panel.locator('[data-group-id="group-CamundaPlatform__UserAssignment"]');
    if (!(await assignment.locator('.bio-properties-panel-group-entries.open').count())) await assignment.locator('.bio-properties-panel-group-header').click();
    const groups = assignment.locator('#bio-properties-panel-candidateGroups');
    expect(await groups.inputValue()).to.equal('dpo');
    await groups.fill('');
    await page.waitForTimeout(600); // the panel's input is debounced
    await page.getByRole('button', { name: 'Preveri' }).click();
    await page.locator('#modeler-status[data-kind="error"]').waitFor();
    expect(await page.locator('.djs-element.modeler-error[data-element-id="verifyIdentity"]').count(), 'the marker on the element').to.equal(1);
    expect(await page.locator('.djs-overlay .modeler-badge-error[data-element="verifyIdentity"]').count(), 'the badge on the element').to.equal(1);
    const issue = page.locator('#modeler-issue-list li[data-element="verifyIdentity"]');
    expect(await issue.innerText()).to.include('Ugotovi istovetnost (čl. 7)').and.include('nima vloge');
    await shot(page, 'modeler-03-check-error-on-element');
    await shot(page.locator('.modeler-layout'), 'modeler-03b-error-closeup');
    await page.fill('#deploy-note', 'poskus brez vloge');
    await page.getByRole('button', { name: 'Objavi' }).click();
    await page.locator('#modeler-status[data-kind="error"]').filter({ hasText: 'Objava zavrnjena' }).waitFor();
    expect(await page.locator('.modeler-version-table[data-key="dsrRequest"] tr[data-version="2"]').count(), 'no version 2 yet').to.equal(0);
    // Clicking the issue selects the element
    await issue.locator('a').click();
    await page.locator('.djs-element.selected[data-element-id="verifyIdentity"]').waitFor();
    await groups.fill('dpo');
    await page.waitForTimeout(600);

    // Then she deploys with a note
    await page.fill('#deploy-note', NOTE);
    await Promise.all([page.waitForURL(/deployed=2/), page.getByRole('button', { name: 'Objavi' }).click()]);
    await page.waitForSelector('#modeler-canvas[data-ready="true"]', { timeout: 30_000 });
    expect(await page.locator('.flash').innerText()).to.include('Objavljena je različica 2');
    const v2row = page.locator('.modeler-version-table[data-key="dsrRequest"] tr[data-version="2"]');
    expect(await v2row.locator('.modeler-note').innerText()).to.equal(NOTE);
    expect(await v2row.innerText()).to.include(legal.username).and.include('najnovejša').and.include('odprta');
    expect(await v2row.locator('.modeler-running').innerText()).to.equal('0');
    expect(await page.locator('.modeler-version-table[data-key="dsrRequest"] tr[data-version="1"] .modeler-running').innerText()).to.equal('1');
    // The editor now holds version 2, with the name as typed
    expect(await page.locator('.djs-element[data-element-id="isComplete_label"]').textContent()).to.include('žig, podpis');
    await shot(page, 'modeler-04-deployed-version-2');

    // A new request starts on version 2 while the older one stays on version 1
    const newer = await newRequest(clerk.token, 'Bor', 'Kranjc');
    expect(newer.process.version).to.equal(2);
    expect((await e2e.api('GET', `/api/v1/requests/${older.id}`, undefined, dpo.token)).body.process.version).to.equal(1);
    expect((await e2e.api('GET', `/api/v1/requests/${newer.id}`, undefined, dpo.token)).body.process.version).to.equal(2);
    await page.reload();
    await page.waitForSelector('#modeler-canvas[data-ready="true"]', { timeout: 30_000 });
    expect(await page.locator('.modeler-version-table[data-key="dsrRequest"] tr[data-version="2"] .modeler-running').innerText()).to.equal('1');
    expect(await page.locator('.modeler-version-table[data-key="dsrRequest"] tr[data-version="1"] .modeler-running').innerText()).to.equal('1');

    // The case pages say so too
    const dpoPage = await e2e.page();
    await signIn(dpoPage.page, dpo.username, undefined, `/requests/${older.id}`);
    expect(await dpoPage.page.locator('main').innerText()).to.include('različica 1');
    await dpoPage.page.goto(`/requests/${newer.id}`);
    expect(await dpoPage.page.locator('main').innerText()).to.include('različica 2');
    await shot(dpoPage.page, 'modeler-05-new-case-on-version-2');

    // The diff of version 1 → 2: the gateway marked on the newer diagram and listed with its old and new name
    await Promise.all([page.waitForURL(/\/modeler\/diff/), v2row.getByRole('link', { name: 'Primerjaj s prejšnjo' }).click()]);
    await page.waitForSelector('#diff-canvas[data-ready="true"]', { timeout: 30_000 });
    expect(await page.locator('.djs-element.modeler-diff-changed[data-element-id="isComplete"]').count()).to.equal(1);
    const changed = page.locator('[data-diff="changed"] li[data-element="isComplete"]');
    expect(await changed.innerText()).to.include(RENAMED).and.include('Zahteva popolna?');
    expect(await page.locator('h3', { hasText: 'Dodano (0)' }).count()).to.equal(1);
    await shot(page, 'modeler-06-diff');

    // The one refused deploy answered 422, as it should; nothing else failed
    const refusals = problems.filter((p) => /^422 fetch .*\/modeler\/deploy$/.test(p));
    expect(refusals).to.have.length(1);
    expect([...problems.filter((p) => !refusals.includes(p)), ...dpoPage.problems], 'no script errors and no CSP violations').to.deep.equal([]);
  });
});
