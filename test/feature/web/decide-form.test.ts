import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { getView, MINOR_BY_PARENT, register, toDecide } from '../requests/support.js';

const form = (csrf: string, fields: [string, string][]) => new URLSearchParams([['_csrf', csrf], ...fields]).toString();
const submit = (agent: request.Agent, taskId: string, csrf: string, fields: [string, string][]) => agent.post(`/tasks/${taskId}`).type('form').send(form(csrf, fields));

function errorOf(html: string, id: string): string {
  const m = new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(html);
  expect(m, `an error next to ${id}`).to.not.equal(null);
  return m![1]!;
}

describe('Feature: the decide form (issue 16)', function () {
  this.timeout(60_000);
  let desk: Desk;
  afterEach(async () => desk.close());

  it('N11.1 (issue 16 #2, #12) Scenario: a partial grant reasoned "x" without a ground is refused next to both fields in Slovenian; every ground shows its legal basis', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk, { rights: ['erasure'], measures: 'Izbrišite moje podatke.' });
    const id = (await desk.call('get', `/api/v1/tasks?requestId=${atDecide.id}&key=decide`)).body.items[0].id;
    const dpo = await signedIn(desk, 'dpo');
    const page = await dpo.agent.get(`/tasks/${id}`);
    expect(page.text).to.include('člen 17(3)(b) Splošne uredbe o varstvu podatkov (GDPR)').and.include('člen 21(1) Splošne uredbe o varstvu podatkov (GDPR)')
      .and.match(/id="grounds-gdpr17_3_b_legal_obligation"[\s\S]*?dejstva ga podpirajo/)
      .and.match(/id="grounds-gdpr21_1_compelling_grounds"[\s\S]*?dejstva ga ne podpirajo/);
    const res = await submit(dpo.agent, id, dpo.csrf, [['outcome', 'partially_granted'], ['reasoning', 'x']]);
    expect(res.status).to.equal(422);
    expect(errorOf(res.text, 'reasoning')).to.include('vsaj 30 znakov').and.include('različnih besed');
    expect(errorOf(res.text, 'grounds')).to.equal('Delna ugoditev mora za del, ki se zavrne, navesti vsaj en razlog.');
    expect((await getView(desk, atDecide.id))).to.not.have.property('decision');
  });

  it('N16.1 (issue 16 #3) Scenario: the form computes the fee from the tariff before the decision; a fee above it is refused next to the field', async () => {
    desk = await openDesk();
    const atDecide = await toDecide(desk);
    const id = (await desk.call('get', `/api/v1/tasks?requestId=${atDecide.id}&key=decide`)).body.items[0].id;
    const dpo = await signedIn(desk, 'dpo');
    const page = await dpo.agent.get(`/tasks/${id}`);
    expect(page.text).to.include('name="copyNumber"').and.include('name="pages[pageA4]"').and.include('name="media[cd]"').and.include('0,10 EUR');
    const fields: [string, string][] = [['outcome', 'granted'], ['reasoning', 'Posredujemo drugo kopijo podatkov.'], ['copyNumber', '2'], ['pages[pageA4]', '12'], ['media[cd]', '1']];
    const preview = await submit(dpo.agent, id, dpo.csrf, [...fields, ['_preview', '1']]);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.include('Po ceniku za vneseno: <strong>3,20 EUR</strong>').and.include('12 × stran A4, črno-belo po 0,10 EUR')
      .and.include('nadaljnja kopija');
    const tooMuch = await submit(dpo.agent, id, dpo.csrf, [...fields, ['fee', '49,99']]);
    expect(tooMuch.status).to.equal(422);
    expect(errorOf(tooMuch.text, 'fee')).to.include('največ 3,20 EUR');
    const ok = await submit(dpo.agent, id, dpo.csrf, [...fields, ['fee', '3,20']]);
    expect(ok.status, ok.text.slice(0, 1500)).to.equal(303);
    const view = await getView(desk, atDecide.id);
    expect(view.decision).to.deep.include({ fee: 3.2, feeOutstanding: 3.2 });
    // The case page shows the fee, its reference and what is paid
    const casePage = await dpo.agent.get(`/requests/${atDecide.id}`);
    expect(casePage.text).to.include('Plačilo pristojbine').and.include(view.decision.feeDetails.reference).and.include('neporavnano')
      .and.include('Prejeto plačilo pristojbine (16. člen)').and.include('value="3,20"');
    // The clerk records the payment on the case page: more than owed is refused next to the amount
    const clerk = await signedIn(desk, 'clerk');
    const over = await clerk.agent.post(`/requests/${atDecide.id}/fee-payment`).type('form').send(form(clerk.csrf, [['paidOn', '2026-03-02'], ['amount', '5,00']]));
    expect(over.status).to.equal(422);
    expect(over.text).to.match(/id="fee-payment-amount-error">Znesek presega neporavnani del pristojbine \(3,20 EUR\)\.</);
    const paid = await clerk.agent.post(`/requests/${atDecide.id}/fee-payment`).type('form').send(form(clerk.csrf, [['paidOn', '2026-03-02'], ['amount', '3,20']]));
    expect(paid.status, paid.text.slice(0, 1500)).to.equal(303);
    expect((await getView(desk, atDecide.id)).decision).to.deep.include({ feePaid: 3.2, feeOutstanding: 0 });
    const after = await dpo.agent.get(`/requests/${atDecide.id}`);
    expect(after.text).to.include('<span class="badge ok">plačano</span>').and.include('Plačilo pristojbine').and.not.include('Prejeto plačilo pristojbine (16. člen)');
  });

  it('N17.1 (issue 16 #5) Scenario: the register page and its CSV name who filed — the parent — with the child; a search finds the case by either name', async () => {
    desk = await openDesk();
    await register(desk, MINOR_BY_PARENT);
    const dpo = await signedIn(desk, 'dpo');
    const page = await dpo.agent.get('/register');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<td>Marko Novak<br><span class="hint">starš \(zakoniti zastopnik\), za posameznika Tina Novak<\/span><\/td>/);
    for (const q of ['Marko', 'Tina']) expect((await dpo.agent.get(`/register?q=${q}`)).text, q).to.include('Marko Novak');
    const csv = await dpo.agent.get('/register/export.csv').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect((csv.body as Buffer).toString('utf8')).to.include('"Marko Novak, zastopnik posameznika Tina Novak"');
  });
});
