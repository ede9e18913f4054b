import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { DIRECTORY } from '../../../src/domain/directory.js';

const nowBlock = (html: string) => /<section aria-labelledby="now-heading"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

describe('Feature: units, mailboxes, the contact centre and office hours on one page (issue 6 item 1; S1.1, S1.2)', () => {
  let desk: Desk;
  afterEach(async () => desk.close());

  it('S1.2 Scenario: signed out, anyone sees the directory: Direkcija, the ten območne enote, Informacijski center, their mailboxes, the contact centre, gp@zzzs.si', async () => {
    desk = await openDesk();
    const page = await request(desk.app).get('/contacts');
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html; charset=utf-8/);
    const html = page.text;
    expect(html).to.include('<html lang="sl">').and.include('Kontakti in uradne ure');
    expect(DIRECTORY.units).to.have.length(12);
    for (const u of DIRECTORY.units) expect(html).to.include(`<td>${u.name}</td>`).and.include(`href="mailto:${u.email}"`);
    expect(html).to.include('Območna enota Murska Sobota').and.include('Območna enota Ravne na Koroškem').and.include('Področna enota Informacijski center')
      .and.include('območna enota</td>').and.include('Kontaktni center ZZZS').and.include('01 30 77 300').and.include('href="tel:+38613077300"')
      .and.include('gp@zzzs.si').and.include('dpo@zzzs.si').and.include('Miklošičeva cesta 24');
  });

  it('S1.1 Scenario: both schedules as data; "now" follows the system clock (Monday noon: break in office hours, within business hours; Wednesday 16.00; Thursday)', async () => {
    // Monday 2 March 2026, 12.00: uradne ure 8–12 and 13–15, poslovni čas 8–15
    desk = await openDesk('2026-03-02T12:00:00+01:00');
    const monday = (await request(desk.app).get('/contacts')).text;
    expect(monday).to.match(/<th scope="row">ponedeljek<\/th><td>8\.00–12\.00 in 13\.00–15\.00<\/td><td>8\.00–15\.00<\/td>/)
      .and.match(/<th scope="row">četrtek<\/th><td class="soon">ni uradnih ur<\/td><td>8\.00–15\.00<\/td>/)
      .and.match(/<th scope="row">sreda<\/th><td>8\.00–12\.00 in 13\.00–17\.00<\/td><td>8\.00–17\.00<\/td>/);
    expect(nowBlock(monday)).to.include('2. 3. 2026, 12:00').and.include('Zdaj ni uradnih ur').and.include('Zdaj je poslovni čas');

    // Wednesday 4 March, 16.00: office hours run to 17.00
    await desk.clockTo('2026-03-04T16:00:00+01:00');
    const { agent } = await signedIn(desk, 'clerk');
    const wednesday = await agent.get('/contacts');
    expect(wednesday.status).to.equal(200);
    expect(nowBlock(wednesday.text)).to.include('Zdaj so uradne ure').and.include('Zdaj je poslovni čas');
    // signed in, the menu is there
    expect(wednesday.text).to.include('aria-label="Glavni meni"');

    // Thursday 5 March, 10.00: no office hours on Thursdays, but business hours
    await desk.clockTo('2026-03-05T10:00:00+01:00');
    const thursday = nowBlock((await request(desk.app).get('/contacts')).text);
    expect(thursday).to.include('Zdaj ni uradnih ur').and.include('Zdaj je poslovni čas');

    // Saturday: neither
    await desk.clockTo('2026-03-07T10:00:00+01:00');
    const saturday = nowBlock((await request(desk.app).get('/contacts')).text);
    expect(saturday).to.include('Zdaj ni uradnih ur').and.include('Zdaj ni poslovnega časa');
  });

  it('S1.1 Scenario: a public holiday is not office hours, and the page says which day it is', async () => {
    // Easter Monday 2026 is 6 April
    desk = await openDesk('2026-04-06T10:00:00+02:00');
    const html = nowBlock((await request(desk.app).get('/contacts')).text);
    expect(html).to.include('Danes je dela prost dan').and.include('Zdaj ni uradnih ur').and.include('Zdaj ni poslovnega časa');
  });
});
