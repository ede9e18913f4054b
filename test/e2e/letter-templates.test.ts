import { expect } from 'chai';
import { caseAtDecide, shot, signIn, startE2E, type E2E } from './support.js';

const OLD = 'Če ste zahtevali pojasnilo, začne rok za pritožbo teči, ko prejmete odgovor na zahtevo za pojasnilo oziroma ko se izteče rok zanj.';
const NEW = 'Pritožbo lahko vložite tudi po elektronski pošti na naslov gp.ip@ip-rs.si; rok zanjo teče od prejema tega odgovora.';

describe('E2E: the legal department edits a letter; new decisions use it, issued ones stay as they were (issue 7 item 4)', function () {
  this.timeout(180_000);
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => e2e?.close());

  /** Decide a case waiting at `decide` (granted) through the API; the decision letter's id, HTML and hash. */
  async function decide(id: string): Promise<{ letterId: string; html: string; sha256: string }> {
    const dpo = await e2e.user('dpo');
    const tasks = await e2e.api('GET', `/api/v1/tasks?requestId=${id}&key=decide`, undefined, dpo.token);
    expect(tasks.body.items, 'the decide task').to.have.length(1);
    const done = await e2e.api('POST', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, { outcome: 'granted', grounds: [], reasoning: 'Posredujemo vam izpis vaših podatkov iz zbirke obveznega zdravstvenega zavarovanja.' }, dpo.token);
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const letter = done.body.letters.find((l: { kind: string }) => l.kind === 'decision');
    return { letterId: letter.id, sha256: letter.sha256, html: await letterHtml(id, letter.id, dpo.token) };
  }

  async function letterHtml(requestId: string, letterId: string, token: string): Promise<string> {
    const res = await e2e.api('GET', `/api/v1/requests/${requestId}/letters/${letterId}`, undefined, token);
    expect(res.status).to.equal(200);
    return res.body as string;
  }

  it('Scenario: the legal instruction of the decision is edited with a live preview; a triple-stash is refused with its line; the saved version decides the next case', async () => {
    // A case decided before the change: its letter has the old legal instruction
    const earlier = await caseAtDecide(e2e);
    const old = await decide(earlier.id);
    expect(old.html).to.include(OLD).and.not.include(NEW);

    const legal = await e2e.user('legal');
    const { page, problems } = await e2e.page();
    await signIn(page, legal.username, undefined, '/templates');
    expect(new URL(page.url()).pathname).to.equal('/templates');
    expect(await page.locator('nav a[href="/templates"]').innerText()).to.equal('Dopisi');
    expect(await page.locator('#template-decision').innerText()).to.include('Odločitev o zahtevi').and.include('system');
    await shot(page, 'templates-01-list');

    await Promise.all([page.waitForURL('**/templates/decision'), page.getByRole('link', { name: 'Odločitev o zahtevi' }).click()]);
    const preview = page.frameLocator('#preview');
    await preview.getByText('Pravni pouk').waitFor();
    expect(await preview.locator('body').innerText()).to.include('Živa Čuček Šušteršič').and.include(OLD.slice(0, 40));
    await shot(page, 'templates-02-editor');

    // Edit the sentence of the legal instruction: the preview follows as one types
    const original = await page.inputValue('#source');
    const edited = original.replace(OLD, NEW);
    expect(edited).to.not.equal(original);
    await page.fill('#source', edited);
    await preview.getByText(NEW).waitFor({ timeout: 10_000 });
    await page.locator('#preview-state[data-state="ok"]').waitFor();
    expect(await preview.locator('body').innerText()).to.not.include(OLD.slice(0, 40));
    await shot(page, 'templates-03-live-preview');

    // A triple-stash: the policy says where, beside the editor, and the preview is not refreshed
    const stash = edited.replace('<p>{{reasoning}}</p>', '<p>{{{reasoning}}}</p>');
    const line = stash.split('\n').findIndex((l) => l.includes('{{{reasoning}}}')) + 1;
    await page.fill('#source', stash);
    await page.locator('#source-issues[data-state="issues"]').waitFor();
    const issue = await page.locator('#issue-list li').first().innerText();
    expect(issue).to.include(`vrstica ${line}, stolpec 4`).and.include('neubežan izpis');
    expect(await page.locator('#preview-state').getAttribute('data-state')).to.equal('issues');
    await page.locator('#issue-list a').first().click();
    expect(await page.locator('#caret').innerText()).to.equal(`Vrstica ${line}, stolpec 4`);
    await shot(page, 'templates-04-triple-stash-refused');

    // Saving it anyway is refused by the server, with the line
    await page.fill('#note', 'Pravni pouk: pritožba tudi po e-pošti');
    await Promise.all([page.waitForLoadState('load'), page.click('#save')]);
    await page.locator('#errors').waitFor();
    expect(await page.locator('#errors').innerText()).to.include('Predloga ni bila shranjena').and.include(`vrstica ${line}, stolpec 4`);
    expect(await page.inputValue('#source')).to.equal(stash);
    await shot(page, 'templates-05-save-refused');

    // Put it right and save with the note: a new version, in force at once
    await page.fill('#source', edited);
    await page.locator('#source-issues[data-state="ok"]').waitFor();
    expect(await page.inputValue('#note')).to.equal('Pravni pouk: pritožba tudi po e-pošti');
    await Promise.all([page.waitForURL(/notice=saved/), page.click('#save')]);
    expect(await page.locator('.flash').innerText()).to.include('Nova različica je shranjena').and.include('različica 2');
    const v2 = await page.locator('#version-2').innerText();
    expect(v2).to.include(legal.username).and.include('Pravni pouk: pritožba tudi po e-pošti').and.include('v veljavi');
    expect(await page.locator('#current-version').innerText()).to.include('Najnovejša različica: 2');
    await page.frameLocator('#preview').getByText(NEW).waitFor();
    await shot(page, 'templates-06-saved');

    // The old version can still be read
    await page.goto('/templates/decision/versions/1');
    expect(await page.locator('#source-lines').innerText()).to.include(OLD);
    await page.frameLocator('#preview').getByText('Pravni pouk').waitFor();
    await shot(page, 'templates-07-version-1');

    // A new case decided now gets the new sentence; the earlier letter is exactly as it was issued
    const later = await caseAtDecide(e2e);
    const fresh = await decide(later.id);
    expect(fresh.html).to.include(NEW).and.not.include(OLD);
    const dpo = await e2e.user('dpo');
    expect(await letterHtml(earlier.id, old.letterId, dpo.token)).to.equal(old.html);
    const again = await e2e.api('GET', `/api/v1/requests/${earlier.id}`, undefined, dpo.token);
    expect(again.body.letters.find((l: { id: string }) => l.id === old.letterId).sha256).to.equal(old.sha256);

    // The API names the version and counts its letters
    const detail = await e2e.api('GET', '/api/v1/letter-templates/decision', undefined, legal.token);
    expect(detail.body.versions.map((v: { version: number; letters: number }) => [v.version, v.letters])).to.deep.equal([[2, 1], [1, 1]]);
    await page.goto('/templates/decision');
    expect(await page.locator('#version-1 td').nth(4).innerText()).to.equal('1');
    await shot(page, 'templates-08-letters-per-version');
    expect(problems, 'no script errors and no CSP violations').to.deep.equal([]);
  });
});
