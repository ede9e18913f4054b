import { expect } from 'chai';
import { shot, signIn, startE2E, type E2E } from './support.js';

/** Issue 5 item 10: a clerk registers in the form; a DPO takes the case to a decision through the forms. */
describe('E2E: a request from the intake form to the decision, in the browser (issue 5)', function () {
  this.timeout(600_000);
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => e2e?.close());

  it('N3.1 N9.1 Scenario: the clerk registers an e-mail request; the DPO and the records owner complete every task; a validation error is shown and corrected', async () => {
    const clerk = await e2e.user('clerk');
    const dpo = await e2e.user('dpo');
    const owner = await e2e.user('records_owner');

    // The clerk: the intake form
    const c = await e2e.page();
    // This machine may be busy (CI runs everything on two cores): generous waits, the assertions stay strict.
    c.page.setDefaultTimeout(90_000);
    await signIn(c.page, clerk.username, undefined, '/requests/new');
    await c.page.check('input[name="channel"][value="email"]');
    await c.page.selectOption('select[name="mailbox"]', 'dpo@zzzs.si');
    await c.page.fill('input[name="subject[firstName]"]', 'Živa');
    await c.page.fill('input[name="subject[lastName]"]', 'Čuček Šušteršič');
    await c.page.fill('input[name="subject[emso]"]', '0101990505006');
    await c.page.fill('input[name="subject[email]"]', 'ziva.cucek@example.si');
    await c.page.fill('input[name="subject[address]"]', 'Ščitarjevo 3, 1000 Ljubljana');
    await c.page.check('input[name="rights"][value="access"]');
    await c.page.check('input[name="identityEvidence[qualifiedSignature]"]');
    await c.page.click('button[type="submit"]:has-text("Evidentiraj zahtevo")');
    // A wrong check digit: the message next to the field, everything typed kept
    expect(await c.page.locator('#subject-emso-error').innerText()).to.include('Kontrolna številka EMŠO ni pravilna');
    expect(await c.page.inputValue('input[name="subject[lastName]"]')).to.equal('Čuček Šušteršič');
    await shot(c.page, 'lifecycle-01-intake-error');
    await c.page.fill('input[name="subject[emso]"]', '0101990505005');
    await Promise.all([c.page.waitForURL(/\/requests\/[0-9a-f-]{36}/), c.page.click('button[type="submit"]:has-text("Evidentiraj zahtevo")')]);
    const id = /\/requests\/([0-9a-f-]{36})/.exec(c.page.url())![1]!;
    expect(await c.page.locator('main').innerText()).to.include('Živa').and.include('Čuček Šušteršič');
    await shot(c.page, 'lifecycle-02-registered');

    const taskOf = async (key: string, token: string) => {
      const tasks = await e2e.api('GET', `/api/v1/tasks?requestId=${id}&key=${key}`, undefined, token);
      expect(tasks.body.items, key).to.have.length(1);
      return tasks.body.items[0].id as string;
    };

    // The DPO: the task list, then the forms
    const d = await e2e.page();
    d.page.setDefaultTimeout(90_000);
    await signIn(d.page, dpo.username, undefined, '/tasks');
    expect(await d.page.locator('main').innerText()).to.include('Čuček Šušteršič');
    await shot(d.page, 'lifecycle-03-tasks');
    await d.page.goto(`/tasks/${await taskOf('checkCompleteness', dpo.token)}`);
    await d.page.check('input[name="complete"][value="true"]');
    await Promise.all([d.page.waitForURL(new RegExp(`/requests/${id}`)), d.page.click('main button[type="submit"]:has-text("Oddaj")')]);
    await d.page.goto(`/tasks/${await taskOf('verifyIdentity', dpo.token)}`);
    await d.page.check('input[name="method"][value="qualified_signature"]');
    await d.page.check('input[name="verified"][value="true"]');
    await shot(d.page, 'lifecycle-04-identity-form');
    await Promise.all([d.page.waitForURL(new RegExp(`/requests/${id}`)), d.page.click('main button[type="submit"]:has-text("Oddaj")')]);

    // The records owner
    const o = await e2e.page();
    o.page.setDefaultTimeout(90_000);
    await signIn(o.page, owner.username, undefined, `/tasks/${await taskOf('checkRecords', owner.token)}`);
    await o.page.check('input[name="art23Restriction"][value="false"]');
    await o.page.fill('textarea[name="collections"]', 'Obvezno zdravstveno zavarovanje');
    // Issue 10 #6: the records owner reads the case only while its task is open: back to its task list
    await Promise.all([o.page.waitForURL(/\/tasks\?notice=completed/), o.page.click('main button[type="submit"]:has-text("Oddaj")')]);

    // The DPO decides: a refusal without a ground is refused next to the field, the reasoning kept
    await d.page.goto(`/tasks/${await taskOf('decide', dpo.token)}`);
    await d.page.check('input[name="outcome"][value="refused"]');
    const reasoning = 'Posredujemo vam izpis vseh vaših osebnih podatkov iz zbirke obveznega zdravstvenega zavarovanja.';
    await d.page.fill('textarea[name="reasoning"]', reasoning);
    await d.page.click('button[type="submit"]:has-text("Oddaj odločitev")');
    expect(await d.page.locator('#grounds-error').innerText()).to.include('vsaj en razlog');
    expect(await d.page.inputValue('textarea[name="reasoning"]')).to.equal(reasoning);
    await shot(d.page, 'lifecycle-05-decide-error');
    await d.page.check('input[name="outcome"][value="granted"]');
    await Promise.all([d.page.waitForURL(new RegExp(`/requests/${id}`)), d.page.click('button[type="submit"]:has-text("Oddaj odločitev")')]);
    await shot(d.page, 'lifecycle-06-decided');

    const view = await e2e.api('GET', `/api/v1/requests/${id}`, undefined, dpo.token);
    expect(view.body.status).to.equal('decided');
    expect(view.body.decision.outcome).to.equal('granted');
    expect(view.body.letters.map((l: { kind: string }) => l.kind)).to.deep.equal(['decision']);
    const trace = await e2e.api('GET', `/api/v1/requests/${id}/trace`, undefined, dpo.token);
    const done = trace.body.events.filter((e: { type: string }) => e.type === 'task.completed').map((e: { elementId: string; actor: string }) => [e.elementId, e.actor]);
    expect(done).to.deep.equal([['checkCompleteness', dpo.username], ['verifyIdentity', dpo.username], ['checkRecords', owner.username], ['decide', dpo.username]]);
    expect([...c.problems, ...d.problems, ...o.problems]).to.deep.equal([]);
  });
});
