import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { ARTICLES } from '../../../src/web/help/articles.js';
import { BUSINESS_HOURS, OFFICE_HOURS } from '../../../src/domain/officeHours.js';

const FOOTER_LINK = /<footer class="bottom"><a href="\/help">/;
const section = (html: string, n: number) => {
  const start = html.indexOf(`<section class="article" id="clen-${n}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
};
const plain = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe('Feature: help explains the instruction article by article, linked from every page (N19.1, S1.1)', () => {
  let desk: Desk;
  before(async () => {
    desk = await openDesk();
  });
  after(async () => desk.close());

  it('N19.1 Scenario: signed out, /help has all 20 articles, each with what it requires and where the system does it', async () => {
    const res = await request(desk.app).get('/help');
    expect(res.status).to.equal(200);
    expect(ARTICLES.map((a) => a.number)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    for (let n = 1; n <= 20; n++) {
      const s = section(res.text, n);
      expect(s, `article ${n}`).to.include(`${n}. člen:`).and.include('Kaj zahteva').and.include('Kje v sistemu');
      expect(res.text).to.include(`href="#clen-${n}"`);
    }
    expect(res.text).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('N19.1 Scenario: the articles name the pages, tasks and letters where the system does it', async () => {
    const html = plain((await request(desk.app).get('/help')).text);
    expect(section(html, 2)).to.include('DI@zzzs.si').and.include('dpo@zzzs.si').and.include('Miklošičeva cesta 24');
    expect(section(html, 3)).to.include('href="/requests/new"').and.include('Potrdilo o prejemu');
    expect(section(html, 5)).to.include('23. členu');
    expect(section(html, 6)).to.include('Poziv k dopolnitvi zahteve').and.include('Sklep o zavrženju').and.include('Čaka na dopolnitev');
    expect(section(html, 8)).to.include('Obvestilo o podaljšanju roka').and.include('Tveganje molka');
    expect(section(html, 12)).to.include('Odgovor na zahtevo za pojasnilo');
    expect(section(html, 14)).to.include('zadržanje');
    expect(section(html, 16)).to.include('prva kopija je vedno brezplačna');
    expect(section(html, 17)).to.include('href="/register"').and.include('izvoz CSV');
    expect(section(html, 19)).to.include('href="/help"');
  });

  it('N19.1 Scenario: the deadlines that apply are on the articles and on one table', async () => {
    const html = (await request(desk.app).get('/help')).text;
    expect(section(html, 6)).to.include('najpozneje 5 delovnih dni od prejema zahteve').and.include('najmanj 5 delovnih dni od dneva, ko posameznik prejme poziv');
    expect(section(html, 8)).to.include('1 mesec od prejema').and.include('za največ 2 meseca').and.include('obvestilo o podaljšanju v prvem mesecu');
    expect(section(html, 12)).to.include('8 dni od prejema odločitve').and.include('5 delovnih dni od njenega prejema');
    expect(section(html, 13)).to.include('15 dni od prejema');
    expect(section(html, 14)).to.include('do pravnomočnega konca postopka');
    const table = html.slice(html.indexOf('<section id="roki"'));
    for (const t of ['5 delovnih dni', 'najmanj 5 delovnih dni', '1 mesec', 'največ 2 dodatna meseca; obvestilo v prvem mesecu', '8 dni', '15 dni', 'do ugoditve ali do pravnomočnega konca postopka']) {
      expect(table).to.include(`<td>${t}</td>`);
    }
    // A worked example from today's date (2. 3. 2026) by the legal calendar: 5 working days → 9. 3.; one month → 2. 4.; extended by 2 → 2. 6.
    expect(table).to.include('zahtevo, prejeto danes (2. 3. 2026)').and.include('najpozneje 9. 3. 2026').and.include('odločitev najpozneje 2. 4. 2026').and.include('2 meseca najpozneje 2. 6. 2026');
  });

  it('S1.1 Scenario: office hours (uradne ure) and business hours (poslovni čas) are shown from the same data the intake uses', async () => {
    const html = (await request(desk.app).get('/help')).text;
    const hours = html.slice(html.indexOf('<section id="ure"'));
    const office = hours.slice(hours.indexOf('<caption>Uradne ure</caption>'), hours.indexOf('<caption>Poslovni čas</caption>'));
    const business = hours.slice(hours.indexOf('<caption>Poslovni čas</caption>'));
    expect(office).to.include('<td>ponedeljek</td><td>8.00–12.00 in 13.00–15.00</td>');
    expect(office).to.include('<td>torek</td><td>8.00–12.00 in 13.00–15.00</td>');
    expect(office).to.include('<td>sreda</td><td>8.00–12.00 in 13.00–17.00</td>');
    expect(office).to.include('<td>četrtek</td><td class="hint">ni uradnih ur</td>');
    expect(office).to.include('<td>petek</td><td>8.00–13.00</td>');
    expect(business).to.include('<td>ponedeljek</td><td>8.00–15.00</td>').and.include('<td>sreda</td><td>8.00–17.00</td>').and.include('<td>četrtek</td><td>8.00–15.00</td>').and.include('<td>petek</td><td>8.00–13.00</td>');
    expect(hours).to.include('01 30 77 300').and.include('Območna enota Maribor: OEMB@zzzs.si').and.include('dpo@zzzs.si');
    // the table follows the data: Thursday has business hours but no office hours
    expect(OFFICE_HOURS[4]).to.equal(undefined);
    expect(BUSINESS_HOURS[4]).to.deep.equal([[480, 900]]);
  });

  it('N19.1 Scenario: every page links to the help: /login, /help, / and a denied page', async () => {
    expect((await request(desk.app).get('/login')).text).to.match(FOOTER_LINK);
    expect((await request(desk.app).get('/help')).text).to.match(FOOTER_LINK);
    const dpo = await signedIn(desk, 'dpo');
    for (const path of ['/', '/help', '/register']) {
      const res = await dpo.agent.get(path);
      expect(res.status, path).to.equal(200);
      expect(res.text, path).to.match(FOOTER_LINK);
      expect(res.text, path).to.include('<a href="/help"');
    }
    // /tasks belongs to the task list; whatever it answers, the layout carries the link
    expect((await dpo.agent.get('/tasks')).text).to.match(FOOTER_LINK);
    const denied = await dpo.agent.get('/admin/users');
    expect(denied.status).to.equal(403);
    expect(denied.text).to.match(FOOTER_LINK);
    const missing = await dpo.agent.get('/no-such-page');
    expect(missing.status).to.equal(404);
    expect(missing.text).to.match(FOOTER_LINK);
  });
});
