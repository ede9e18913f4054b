import { expect } from 'chai';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { getView, letterText, LONG_REASONING, MINOR_BY_PARENT, register, toDecide, type View } from './support.js';

/** The open decide task of a case. */
async function decideTask(desk: Desk, requestId: string): Promise<string> {
  const res = await desk.call('get', `/api/v1/tasks?requestId=${requestId}&key=decide`);
  expect(res.body.items).to.have.length(1);
  return res.body.items[0].id;
}

const complete = (desk: Desk, taskId: string, body: Record<string, unknown>) => desk.call('post', `/api/v1/tasks/${taskId}/complete`, body);
const paths = (res: { body: { error?: { details?: { path: string }[] } } }) => (res.body.error?.details ?? []).map((d) => d.path);

const REASONS = 'Podatki o plačanih prispevkih so v evidenci Zavoda zapisani pravilno, kot izhaja iz obračunov delodajalca.';

describe('Feature: what a decision says and who it is for (issue 16)', function () {
  // Several cases each walked to the decision: slow on a busy MariaDB.
  this.timeout(90_000);
  let desk: Desk;
  afterEach(async () => desk.close());

  describe('N11.1 (issue 16 #2): refusals and partial grants state their reasons', () => {
    it('N11.1 Scenario: a refusal reasoned "-" and a partial grant reasoned "x" without a ground are refused with the fields; nothing is decided', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk, {}, { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] });
      const id = await decideTask(desk, atDecide.id);
      const dash = await complete(desk, id, { outcome: 'refused', grounds: ['art23_restriction'], reasoning: '-' });
      expect(dash.status).to.equal(422);
      expect(paths(dash)).to.deep.equal(['reasoning']);
      expect(dash.body.error.details[0].message).to.include('vsaj 30 znakov').and.include('5 različnih besed');
      const x = await complete(desk, id, { outcome: 'partially_granted', grounds: [], reasoning: 'x' });
      expect(x.status).to.equal(422);
      expect(paths(x)).to.include.members(['grounds', 'reasoning']);
      expect(x.body.error.details.find((d: { path: string }) => d.path === 'grounds').message).to.include('delna ugoditev');
      // Repeats and punctuation are no reasons either
      for (const reasoning of ['asdf asdf asdf asdf asdf asdf asdf asdf', 'aaaa bbbb cccc dddd eeee ffff gggg hhhh', '.............................................', 'ab cd ef gh ij 1234567890123456789012345678']) {
        const res = await complete(desk, id, { outcome: 'refused', grounds: ['art23_restriction'], reasoning });
        expect(res.status, reasoning).to.equal(422);
        expect(paths(res), reasoning).to.deep.equal(['reasoning']);
      }
      expect((await getView(desk, atDecide.id))).to.not.have.property('decision');
      const ok = await complete(desk, id, { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.' });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    });

    it('N11.1 Scenario: a partial grant names its ground like a refusal, and the letter gives it with its legal basis', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk, { rights: ['access', 'rectification'], measures: 'Popravite znesek prispevkov za leto 2025.' });
      const id = await decideTask(desk, atDecide.id);
      const ok = await complete(desk, id, { outcome: 'partially_granted', grounds: ['gdpr16_data_accurate'], reasoning: REASONS });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.decision).to.deep.include({ outcome: 'partially_granted', grounds: ['gdpr16_data_accurate'] });
      const html = await letterText(desk, ok.body, 'decision');
      expect(html).to.include('Zahtevi se delno ugodi.').and.include(REASONS).and.include('člen 16 Splošne uredbe o varstvu podatkov (GDPR)');
    });
  });

  describe('N11.1 (issue 16 #12): the GDPR\'s own exceptions, each for its right, each citing its law', () => {
    it('N11.1 Scenario: an erasure is refused because the law requires the data to be kept: 17(3)(b) is cited; the same ground on an access request is refused', async () => {
      desk = await openDesk();
      const access = await toDecide(desk);
      const wrong = await complete(desk, await decideTask(desk, access.id), { outcome: 'refused', grounds: ['gdpr17_3_b_legal_obligation'], reasoning: REASONS });
      expect(wrong.status).to.equal(422);
      expect(paths(wrong)).to.deep.equal(['grounds']);
      expect(wrong.body.error.details[0].message).to.include('izbris').and.include('člen 17(3)(b)');
      const erasure = await toDecide(desk, { rights: ['erasure'], measures: 'Izbrišite vse moje podatke.' });
      const reasoning = 'Podatke o zavarovanju mora Zavod po zakonu hraniti trajno, zato jih ne sme izbrisati pred potekom roka hrambe.';
      const ok = await complete(desk, await decideTask(desk, erasure.id), { outcome: 'refused', grounds: ['gdpr17_3_b_legal_obligation'], reasoning });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      const html = await letterText(desk, ok.body, 'decision');
      expect(html).to.include('Razlogi za zavrnitev in njihova pravna podlaga').and.include('pravna podlaga: člen 17(3)(b) Splošne uredbe o varstvu podatkov (GDPR)')
        .and.include('izpolnjevanje pravne obveznosti');
    });

    it('N11.1 Scenario: an objection is refused on compelling legitimate grounds (21(1)); a restriction partly granted under 18(2)', async () => {
      desk = await openDesk();
      const objection = await toDecide(desk, { rights: ['objection'], measures: 'Ugovarjam obdelavi mojih podatkov.' });
      const a = await complete(desk, await decideTask(desk, objection.id), { outcome: 'refused', grounds: ['gdpr21_1_compelling_grounds'], reasoning: 'Obdelava je potrebna za izvajanje obveznega zdravstvenega zavarovanja, ki ga določa zakon, in ti razlogi prevladajo.' });
      expect(a.status, JSON.stringify(a.body)).to.equal(200);
      expect(await letterText(desk, a.body, 'decision')).to.include('člen 21(1) Splošne uredbe o varstvu podatkov (GDPR)');
      const restriction = await toDecide(desk, { rights: ['restriction'], measures: 'Omejite obdelavo.' });
      const b = await complete(desk, await decideTask(desk, restriction.id), { outcome: 'partially_granted', grounds: ['gdpr18_2_permitted_processing'], reasoning: 'Obdelavo omejimo, podatke pa še naprej uporabljamo v sodnem postopku, ki ga vodimo zoper vas.' });
      expect(b.status, JSON.stringify(b.body)).to.equal(200);
      expect(await letterText(desk, b.body, 'decision')).to.include('člen 18(2) Splošne uredbe o varstvu podatkov (GDPR)');
    });
  });

  describe('N16.1 (issue 16 #3): a fee only on a grant, by the tariff, announced, and its payment tracked', () => {
    it('N16.1 Scenario: a refusal with a 50 € fee and a second copy for 4,999 € are refused on the fee; unknown tariff items on their path', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk, {}, { art23Restriction: true, collections: ['Zbirka podatkov o zdravljenju v tujini'] });
      const id = await decideTask(desk, atDecide.id);
      const refused = await complete(desk, id, { outcome: 'refused', grounds: ['art23_restriction'], reasoning: 'Velja omejitev po 23. členu Splošne uredbe.', fee: 50 });
      expect(refused.status).to.equal(422);
      expect(paths(refused)).to.deep.equal(['fee']);
      const grant = await toDecide(desk);
      const gid = await decideTask(desk, grant.id);
      const huge = await complete(desk, gid, { outcome: 'granted', reasoning: 'Posredujemo drugo kopijo podatkov.', fee: 4999, copyNumber: 2, pages: 12 });
      expect(huge.status).to.equal(422);
      expect(paths(huge)).to.deep.equal(['fee']);
      expect(huge.body.error.details[0].message).to.include('največ 1,20 EUR').and.include('12 × stran A4');
      const nothing = await complete(desk, gid, { outcome: 'granted', reasoning: 'Posredujemo drugo kopijo podatkov.', fee: 3, copyNumber: 2 });
      expect(nothing.status).to.equal(422);
      expect(nothing.body.error.details[0].message).to.include('koliko strani');
      const gold = await complete(desk, gid, { outcome: 'granted', reasoning: 'Posredujemo drugo kopijo podatkov.', fee: 3, copyNumber: 2, pages: { pageA4: 5, goldLeaf: 1 } });
      expect(gold.status).to.equal(422);
      expect(paths(gold)).to.deep.equal(['pages.goldLeaf']);
      const first = await complete(desk, gid, { outcome: 'granted', reasoning: 'Posredujemo kopijo podatkov.', fee: 1, pages: 12 });
      expect(first.status).to.equal(422);
      expect(first.body.error.details[0].message).to.include('Prva kopija je brezplačna');
      expect((await getView(desk, grant.id))).to.not.have.property('decision');
    });

    it('N16.1 Scenario: a second copy of 12 pages and a CD costs at most 3,20 €; the letter announces amount, UPN reference and how to pay; payments are recorded and audited', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk);
      const ok = await complete(desk, await decideTask(desk, atDecide.id), { outcome: 'granted', reasoning: 'Posredujemo drugo kopijo podatkov.', fee: 3.2, copyNumber: 2, pages: 12, media: 1 });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      const v: View = ok.body;
      expect(v.decision).to.deep.include({ outcome: 'granted', fee: 3.2, feePaid: 0, feeOutstanding: 3.2, feePayments: [] });
      expect(v.decision.feeDetails).to.deep.include({ basis: 'art15_3_further_copy', copyNumber: 2, computed: 3.2 });
      expect(v.decision.feeDetails.reference).to.match(/^SI12 \d+$/);
      const html = await letterText(desk, v, 'decision');
      expect(html).to.include('3,20 EUR').and.include('12 × stran A4, črno-belo po 0,10 EUR').and.include('1 × zgoščenka')
        .and.include('univerzalnim plačilnim nalogom (UPN)').and.include(v.decision.feeDetails.reference).and.include(`Pristojbina, zadeva ${v.caseNumber}`)
        .and.include('člen 15(3)').and.include('Kopijo vam pošljemo, ko prejmemo plačilo');
      // Payments: not in the future, not before the decision, not more than owed
      const pay = (body: unknown, token = desk.clerk) => desk.call('post', `/api/v1/requests/${v.id}/fee-payment`, body, token);
      expect((await pay({ paidOn: '2026-03-09', amount: 3.2 })).status).to.equal(422);
      expect(paths(await pay({ paidOn: '2026-03-01', amount: 3.2 }))).to.deep.equal(['paidOn']);
      expect(paths(await pay({ paidOn: '2026-03-02', amount: 5 }))).to.deep.equal(['amount']);
      expect((await pay({ paidOn: '2026-03-02', amount: -1 })).status).to.equal(422);
      expect((await pay({ paidOn: '2026-03-02', amount: 3.2 }, desk.auditor)).status).to.equal(403);
      const part = await pay({ paidOn: '2026-03-02', amount: 2 });
      expect(part.status, JSON.stringify(part.body)).to.equal(200);
      expect(part.body.decision).to.deep.include({ feePaid: 2, feeOutstanding: 1.2 });
      const rest = await pay({ paidOn: '2026-03-02', amount: 1.2 });
      expect(rest.body.decision).to.deep.include({ feePaid: 3.2, feeOutstanding: 0 });
      expect(rest.body.decision.feePayments).to.deep.equal([{ paidOn: '2026-03-02', amount: 2 }, { paidOn: '2026-03-02', amount: 1.2 }]);
      const again = await pay({ paidOn: '2026-03-02', amount: 1 });
      expect(again.status).to.equal(409);
      const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
      const paid = trace.body.events.filter((e: { type: string }) => e.type === 'fee.paid');
      expect(paid.map((e: { data: { amount: number; outstanding: number } }) => [e.data.amount, e.data.outstanding])).to.deep.equal([[2, 1.2], [1.2, 0]]);
    });

    it('N16.1 Scenario: a case without a fee takes no payment (409)', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk);
      const v = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', reasoning: 'Posredujemo kopijo podatkov.' });
      const res = await desk.call('post', `/api/v1/requests/${v.id}/fee-payment`, { paidOn: '2026-03-02', amount: 1 }, desk.clerk);
      expect(res.status).to.equal(409);
      const undecided = await register(desk);
      expect((await desk.call('post', `/api/v1/requests/${undecided.id}/fee-payment`, { paidOn: '2026-03-02', amount: 1 }, desk.clerk)).status).to.equal(409);
    });
  });

  describe('N11.1 N12.1 (issue 16 #13, #18): letters state the appeal period they refer to', () => {
    it('N11.1 N12.1 Scenario: a granted decision and the answer to a clarification each state the 15 days and from when they run; dates read "Dne …"', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk);
      const v = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', reasoning: 'Posredujemo izpis podatkov.' });
      const granted = await letterText(desk, v, 'decision');
      expect(granted).to.include('lahko v 15 dneh od prejema vložite pritožbo').and.include('Zakona o varstvu osebnih podatkov (ZVOP-2)')
        .and.include('člena 12 in členov 15 do 18 ter 21 Splošne uredbe');
      await desk.clockTo('2026-03-05T10:00:00+01:00');
      expect((await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-04' })).status).to.equal(200);
      expect((await desk.call('post', `/api/v1/requests/${v.id}/clarification`, { receivedAt: '2026-03-05T09:00:00+01:00' }, desk.clerk)).status).to.equal(200);
      const answered = await desk.complete(v.id, 'answerClarification', { answer: 'Izpis zajema vse podatke, ki jih o vas vodi Zavod.' });
      const answer = await letterText(desk, answered, 'clarification_answer');
      expect(answer).to.include('Dne 5. 3. 2026 smo prejeli').and.include('v 15 dneh od prejema tega pojasnila vložite pritožbo');
    });
  });

  describe('N4.1 N15.1 N17.1 (issue 16 #5): representatives are parties; letters go to the one who filed', () => {
    it('N4.1 Scenario: a representative without the contact the answer needs is refused; a parent of an adult too', async () => {
      desk = await openDesk();
      const noEmail = await desk.call('post', '/api/v1/requests', requestBody({ representative: { name: 'Marko Novak', kind: 'attorney', authorisationAttached: true } }), desk.clerk);
      expect(noEmail.status).to.equal(422);
      expect(paths(noEmail)).to.deep.equal(['representative.email']);
      const noAddress = await desk.call('post', '/api/v1/requests', requestBody({ channel: 'post', mailbox: undefined, representative: { name: 'Marko Novak', kind: 'attorney', authorisationAttached: true, email: 'marko@example.si' } }), desk.clerk);
      expect(paths(noAddress)).to.deep.equal(['representative.address']);
      const badEmail = await desk.call('post', '/api/v1/requests', requestBody({ representative: { name: 'Marko Novak', kind: 'attorney', authorisationAttached: true, email: 'ni-naslov' } }), desk.clerk);
      expect(paths(badEmail)).to.include('representative.email');
      // Ana Novak (EMŠO 0101990505005) is an adult: a parent is not her legal representative
      const parentOfAdult = await desk.call('post', '/api/v1/requests', requestBody({ representative: { name: 'Marko Novak', kind: 'parent', authorisationAttached: true, email: 'marko@example.si' } }), desk.clerk);
      expect(paths(parentOfAdult)).to.deep.equal(['representative.kind']);
    });

    it('N11.1 N17.1 Scenario: a parent files by e-mail for a minor: every letter goes to the parent\'s e-mail, names the child; the register names the parent with the child', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk, MINOR_BY_PARENT);
      expect(atDecide.representative).to.deep.include({ name: 'Marko Novak', email: 'marko.novak@example.si' });
      const ack = await letterText(desk, atDecide, 'acknowledgement');
      expect(ack).to.include('Marko Novak').and.include('marko.novak@example.si').and.include('zastopnik posameznika: Tina Novak');
      const v = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', reasoning: 'Posredujemo izpis podatkov vašega otroka.' });
      const html = await letterText(desk, v, 'decision');
      expect(html).to.include('Marko Novak').and.include('marko.novak@example.si').and.include('kot starš (zakoniti zastopnik)')
        .and.not.include('Trubarjeva 1');
      expect(v.letters.map((l: { channel: string }) => l.channel)).to.deep.equal(['email', 'email']);
      const reg = await desk.call('get', '/api/v1/register?from=2026-03-01&to=2026-03-31');
      expect(reg.body.items[0]).to.deep.include({ person: 'Marko Novak', dataSubject: 'Tina Novak', representativeKind: 'parent' });
      const csv = await desk.call('get', '/api/v1/register?format=csv');
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).to.equal('seq,caseNumber,receivedOn,person,types,outcome,decidedOn,dataSubject,missedDeadlines');
      expect(lines[1]).to.include('"Marko Novak"').and.include('"Tina Novak"');
    });

    it('N11.1 Scenario: a representative filing on paper is answered at the representative\'s address, not the child\'s', async () => {
      desk = await openDesk();
      const atDecide = await toDecide(desk, { ...MINOR_BY_PARENT, channel: 'post', mailbox: undefined, receivedAt: '2026-03-02T09:15:00+01:00' });
      const v = await desk.complete(atDecide.id, 'decide', { outcome: 'granted', reasoning: 'Posredujemo izpis podatkov vašega otroka.' });
      const html = await letterText(desk, v, 'decision');
      expect(html).to.include('Celovška cesta 5, 1000 Ljubljana').and.not.include('Trubarjeva 1');
    });

    it('N15.1 Scenario: the art. 15 ground is refused for an adult asking about his own data, and accepted for a parent of a minor', async () => {
      desk = await openDesk();
      const adult = await toDecide(desk);
      const res = await complete(desk, await decideTask(desk, adult.id), { outcome: 'refused', grounds: ['art15_protected_persons'], reasoning: LONG_REASONING, protectedPersonsAffected: true });
      expect(res.status).to.equal(422);
      expect(paths(res)).to.deep.equal(['grounds']);
      expect(res.body.error.details[0].message).to.include('zakoniti zastopnik');
      const guardianOfAdult = await toDecide(desk, { representative: { name: 'Center za socialno delo Ljubljana', kind: 'attorney', authorisationAttached: true, email: 'csd@example.si' } });
      const byAttorney = await complete(desk, await decideTask(desk, guardianOfAdult.id), { outcome: 'refused', grounds: ['art15_protected_persons'], reasoning: LONG_REASONING, protectedPersonsAffected: true });
      expect(byAttorney.status, 'an attorney is no legal representative').to.equal(422);
      const minor = await toDecide(desk, MINOR_BY_PARENT);
      const ok = await complete(desk, await decideTask(desk, minor.id), { outcome: 'refused', grounds: ['art15_protected_persons'], reasoning: LONG_REASONING, protectedPersonsAffected: true });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(await letterText(desk, ok.body, 'decision')).to.include('člen 15(4) Splošne uredbe o varstvu podatkov (GDPR)');
    });
  });
});
