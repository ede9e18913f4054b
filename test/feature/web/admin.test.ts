import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { PASSWORD, postLogin, signedIn } from '../../support/web.js';
import { AuditEventEntity, UserEntity } from '../../../src/persistence/entities/index.js';

const NEW_PASSWORD = 'dolgo geslo za Ano 2026';

describe('Feature: the admin manages users and roles at /admin/users (issue 5 item 9, X6)', () => {
  let desk: Desk;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  before(async () => {
    desk = await openDesk();
    admin = await signedIn(desk, 'admin');
  });
  after(async () => desk.close());

  const events = (type: string) => desk.system.db.read((m) => m.getRepository(AuditEventEntity).find({ where: { type }, order: { seq: 'ASC' } }));

  it('X6 Scenario: the admin sees every user with roles in Slovenian and whether they are disabled', async () => {
    const res = await admin.agent.get('/admin/users');
    expect(res.status).to.equal(200);
    const users = await desk.system.db.read((m) => m.getRepository(UserEntity).find());
    for (const u of users) expect(res.text).to.include(`id="user-${u.username}"`);
    const clerkRow = /<tr id="user-clerk-\d+">[\s\S]*?<\/tr>/.exec(res.text)![0];
    expect(clerkRow).to.include('referent').and.include('aktiven').and.include('Onemogoči');
    const mine = new RegExp(`<tr id="user-${admin.username}">[\\s\\S]*?</tr>`).exec(res.text)![0];
    expect(mine).to.include('skrbnik sistema').and.include('to ste vi').and.not.include('<form');
    expect((await admin.agent.get('/admin')).headers.location).to.equal('/admin/users');
  });

  it('X6 Scenario: a form with mistakes shows each error next to its field in Slovenian; what was typed stays, the password does not', async () => {
    const res = await admin.agent.post('/admin/users').type('form').send({ _csrf: admin.csrf, username: 'Ana Novak', displayName: 'Ana Novak', password: 'kratko' });
    expect(res.status).to.equal(422);
    expect(res.text).to.include('id="username-error"').and.include('Uporabniško ime sme vsebovati le male črke');
    expect(res.text).to.include('id="password-error"').and.include('Geslo mora imeti vsaj 12 znakov.');
    expect(res.text).to.include('id="roles-error"').and.include('Izberite vsaj eno vlogo.');
    expect(res.text).to.include('value="Ana Novak"').and.not.include('kratko');
    const kept = await admin.agent.post('/admin/users').type('form').send({ _csrf: admin.csrf, username: 'a', password: NEW_PASSWORD, roles: ['dpo', 'auditor'] });
    expect(kept.text).to.include('Uporabniško ime mora imeti vsaj 2 znaka.');
    expect(kept.text).to.match(/value="dpo" checked/).and.match(/value="auditor" checked/).and.not.match(/value="clerk" checked/);
  });

  it('X6 Scenario: the admin creates a user with roles; the change is audited under the admin\'s name; the user can sign in', async () => {
    const res = await admin.agent.post('/admin/users').type('form').send({ _csrf: admin.csrf, username: 'ana.novak', displayName: 'Ana Novak', password: NEW_PASSWORD, roles: ['dpo', 'auditor'] });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/admin/users?done=created&user=ana.novak');
    const list = await admin.agent.get(res.headers.location!);
    expect(list.text).to.include('Uporabnik ana.novak je ustvarjen.');
    const row = /<tr id="user-ana.novak">[\s\S]*?<\/tr>/.exec(list.text)![0];
    expect(row).to.include('Ana Novak').and.include('pooblaščena oseba, revizor');
    const created = (await events('user.created')).at(-1)!;
    expect(created.actor).to.equal(admin.username);
    expect(JSON.parse(created.data)).to.deep.equal({ username: 'ana.novak', roles: ['dpo', 'auditor'] });
    const signIn = await postLogin(request.agent(desk.app), { username: 'ana.novak', password: NEW_PASSWORD });
    expect(signIn.status).to.equal(303);
    const again = await admin.agent.post('/admin/users').type('form').send({ _csrf: admin.csrf, username: 'ana.novak', password: NEW_PASSWORD, roles: 'clerk' });
    expect(again.status).to.equal(422);
    expect(again.text).to.include('Uporabnik s tem uporabniškim imenom že obstaja.');
  });

  it('X6 Scenario: a disabled user is signed out at once and cannot sign in; enabled again, can; both audited; the admin cannot disable themself', async () => {
    const victim = await signedIn(desk, 'dpo');
    expect((await victim.agent.get('/')).status).to.equal(200);
    const off = await admin.agent.post(`/admin/users/${victim.username}/disabled`).type('form').send({ _csrf: admin.csrf, disabled: 'true' });
    expect(off.status).to.equal(303);
    const list = await admin.agent.get(off.headers.location!);
    expect(list.text).to.include(`Uporabnik ${victim.username} je onemogočen`);
    expect(new RegExp(`<tr id="user-${victim.username}">[\\s\\S]*?</tr>`).exec(list.text)![0]).to.include('onemogočen').and.include('Omogoči');
    expect((await victim.agent.get('/')).status).to.equal(303);
    expect((await postLogin(request.agent(desk.app), { username: victim.username, password: PASSWORD })).status).to.equal(401);
    const on = await admin.agent.post(`/admin/users/${victim.username}/disabled`).type('form').send({ _csrf: admin.csrf, disabled: 'false' });
    expect(on.status).to.equal(303);
    expect((await postLogin(request.agent(desk.app), { username: victim.username, password: PASSWORD })).status).to.equal(303);
    expect((await events('user.disabled')).at(-1)).to.deep.include({ actor: admin.username });
    expect((await events('user.enabled')).at(-1)).to.deep.include({ actor: admin.username });
    const self = await admin.agent.post(`/admin/users/${admin.username}/disabled`).type('form').send({ _csrf: admin.csrf, disabled: 'true' });
    expect(self.status).to.equal(409);
    expect(self.text).to.include('Samega sebe ne morete onemogočiti');
    const nobody = await admin.agent.post('/admin/users/nikogar/disabled').type('form').send({ _csrf: admin.csrf, disabled: 'true' });
    expect(nobody.status).to.equal(404);
  });

  it('X6 Scenario: every form needs its CSRF token', async () => {
    const res = await admin.agent.post('/admin/users').type('form').send({ username: 'brez.zetona', password: NEW_PASSWORD, roles: 'clerk' });
    expect(res.status).to.equal(403);
    expect(await desk.system.db.read((m) => m.getRepository(UserEntity).findOneBy({ username: 'brez.zetona' }))).to.equal(null);
    const page = await admin.agent.get('/admin/users');
    expect((page.text.match(/<form method="post"/g) ?? []).length).to.equal((page.text.match(/name="_csrf" value="[^"]+"/g) ?? []).length);
  });

  it('X6 Scenario: a clerk opening /admin/users gets 403, and the denial is audited as security.denied', async () => {
    const clerk = await signedIn(desk, 'clerk');
    const res = await clerk.agent.get('/admin/users');
    expect(res.status).to.equal(403);
    expect(res.text).to.include('Dostop zavrnjen').and.include('skrbnik sistema');
    const post = await clerk.agent.post('/admin/users').type('form').send({ _csrf: clerk.csrf, username: 'vsiljivec', password: NEW_PASSWORD, roles: 'admin' });
    expect(post.status).to.equal(403);
    expect(await desk.system.db.read((m) => m.getRepository(UserEntity).findOneBy({ username: 'vsiljivec' }))).to.equal(null);
    const denied = (await events('security.denied')).filter((e) => e.actor === clerk.username);
    expect(denied.map((e) => JSON.parse(e.data).path)).to.deep.equal(['/admin/users', '/admin/users']);
    expect(JSON.parse(denied[0]!.data).needs).to.deep.equal(['admin']);
    for (const role of ['dpo', 'auditor', 'records_owner', 'legal']) expect((await (await signedIn(desk, role)).agent.get('/admin/users')).status, role).to.equal(403);
    const anon = await request(desk.app).get('/admin/users');
    expect(anon.status).to.equal(303);
    expect(anon.headers.location).to.equal('/login?next=%2Fadmin%2Fusers');
  });
});
