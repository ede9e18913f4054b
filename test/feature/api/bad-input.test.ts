import { expect } from 'chai';
import request from 'supertest';
import { openDesk, requestBody, type Desk } from '../../support/requests.js';
import { signedIn } from '../../support/web.js';
import { onMysql } from '../../support/system.js';
import { register, toDecide, getView } from '../requests/support.js';
import { IntakeDrafts } from '../../../src/intake/drafts.js';
import { MAX_JSON_DEPTH } from '../../../src/http/jsonDepth.js';
import { DsrRequestEntity } from '../../../src/persistence/entities/index.js';

type Res = request.Response;

/** Every 4xx of the API has the contract's shape: `{ error: { code, message, details: [{ path, message }] } }`. */
function expectErrorShape(res: Res, status: number, code?: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/json/);
  expect(res.body).to.have.all.keys('error');
  expect(res.body.error).to.have.all.keys('code', 'message', 'details');
  expect(res.body.error.code).to.be.a('string');
  expect(res.body.error.message).to.be.a('string').and.not.match(/SELECT|INSERT|UPDATE|sql|\n\s+at /i);
  expect(res.body.error.details).to.be.an('array');
  for (const d of res.body.error.details) expect(d).to.have.all.keys('path', 'message');
  if (code) expect(res.body.error.code).to.equal(code);
}

const paths = (res: Res): string[] => res.body.error.details.map((d: { path: string }) => d.path);
const messageAt = (res: Res, path: string): string => res.body.error.details.find((d: { path: string }) => d.path === path)?.message ?? '';

/** A web form body as a browser sends it. */
const form = (fields: Record<string, string | string[] | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

/** The intake form as a clerk fills it for a paper request (the answer goes by post, to the address). */
const intakeForm = (csrf: string, over: Record<string, string | string[] | undefined> = {}) => form({
  _csrf: csrf, channel: 'post', receivedDate: '2026-03-02', receivedTime: '10:15',
  'subject[firstName]': 'Žiga', 'subject[lastName]': 'Čebašek', 'subject[emso]': '0101990505005',
  'subject[address]': 'Šmartinska cesta 1, 1000 Ljubljana', rights: ['access'], acknowledgementRequested: 'on', ...over,
});

/** The text next to a field of a rendered form. */
const fieldError = (html: string, id: string) => new RegExp(`id="${id}-error"[^>]*>([^<]*)<`).exec(html)?.[1] ?? null;

/** 100,000 nested arrays: valid JSON that JSON.parse reads, and every recursive walk after it overflows on. */
const DEEP = '['.repeat(100_000) + ']'.repeat(100_000);

describe('Issue 10 #9: bad input answers 4xx with the field, never a 500 (API and pages, SQLite and MariaDB)', function () {
  this.timeout(60_000);
  let desk: Desk;
  before(async () => {
    desk = await openDesk();
  });
  after(async () => desk.close());

  it('Issue 10 #9 a body that is not gzip though it says so is 400 on the API and on a page', async () => {
    const res = await desk.call('post', '/api/v1/requests').set('content-type', 'application/json').set('content-encoding', 'gzip').send(Buffer.from('{"channel":"post"} is not gzip'));
    expectErrorShape(res, 400, 'malformed_body');
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const page = await agent.post('/requests/new').set('content-type', 'application/x-www-form-urlencoded').set('content-encoding', 'gzip').send(Buffer.from(`_csrf=${csrf}&channel=post`));
    expect(page.status).to.equal(400);
    expect(page.text).to.include('Stisnjenega telesa zahteve ni mogoče razširiti.').and.not.include('incorrect header check');
  });

  it(`Issue 10 #9 JSON nested deeper than ${MAX_JSON_DEPTH} levels (100,000 arrays) is 400 wherever JSON is read, before any walk over it`, async () => {
    for (const [url, body] of [
      ['/api/v1/requests', DEEP],
      ['/api/v1/rules/identity-sufficiency/evaluate', `{"facts":{"channel":${DEEP}}}`],
      ['/api/v1/phone-inquiries', DEEP],
    ] as const) {
      const res = await desk.call('post', url).set('content-type', 'application/json').send(body);
      expectErrorShape(res, 400, 'malformed_json');
      expect(res.body.error.message, url).to.include(`${MAX_JSON_DEPTH} levels`);
    }
    // Brackets inside strings are text, not nesting; the depth limit leaves real bodies alone
    const inString = await desk.call('post', '/api/v1/rules/identity-sufficiency/evaluate', { facts: { channel: '['.repeat(1000) } });
    expectErrorShape(inString, 422);
    expect(paths(inString)).to.deep.equal(['facts.channel']);
  });

  it('Issue 10 #9 the rule-set pages refuse deeply nested JSON too: next to the JSON field (422), and as a body of their scripts\' calls (400)', async () => {
    const legal = await signedIn(desk, 'legal');
    const page = await legal.agent.post('/rules/fee').type('form').send({ _csrf: legal.csrf, action: 'deploy', json: DEEP, note: '' });
    expect(page.status).to.equal(422);
    expect(page.text).to.include(`Besedilo je gnezdeno globlje od ${MAX_JSON_DEPTH} ravni.`);
    const call = await legal.agent.post('/rules/fee/check').set('x-csrf-token', legal.csrf).set('content-type', 'application/json').send(`{"ruleSet":${DEEP}}`);
    expect(call.status).to.equal(400);
  });

  it('Issue 10 #9 /calendar/deadline outside the calendar (year 9999, year 1) is 422 naming start or amount', async () => {
    const y9999 = await desk.call('get', '/api/v1/calendar/deadline?start=9999-12-31&amount=5&unit=days');
    expectErrorShape(y9999, 422, 'validation_failed');
    expect(paths(y9999)).to.deep.equal(['query.start']);
    expect(messageAt(y9999, 'query.start')).to.include('2999-12-31');
    const y1 = await desk.call('get', '/api/v1/calendar/deadline?start=0001-01-01&amount=5&unit=days');
    expectErrorShape(y1, 422);
    expect(paths(y1)).to.deep.equal(['query.start']);
    // A start inside, a due date past the end: the amount is what is too large
    for (const unit of ['days', 'working_days', 'months']) {
      const past = await desk.call('get', `/api/v1/calendar/deadline?start=2999-12-20&amount=10000&unit=${unit}`);
      expectErrorShape(past, 422);
      expect(paths(past), unit).to.deep.equal(['query.amount']);
    }
    const inside = await desk.call('get', '/api/v1/calendar/deadline?start=2999-12-01&amount=5&unit=days');
    expect(inside.status).to.equal(200);
    expect(inside.body.due).to.match(/^2999-12-/);
  });

  it('Issue 10 #9 a malformed %-escape in the path is 400 on the API and on pages, signed in or not', async () => {
    for (const url of ['/api/v1/requests/%E0%A4%A', '/api/v1/tasks/%E0%A4%A/claim', '/api/v1/%E0%A4%A']) {
      const res = await desk.call(url.endsWith('claim') ? 'post' : 'get', url);
      expect(res.status, url).to.be.oneOf([400, 404]);
      expectErrorShape(res, res.status);
    }
    expectErrorShape(await desk.call('get', '/api/v1/requests/%E0%A4%A'), 400, 'malformed_path');
    expect(paths(await desk.call('get', '/api/v1/requests/%E0%A4%A'))).to.deep.equal(['path']);
    const { agent } = await signedIn(desk, 'dpo');
    for (const url of ['/requests/%E0%A4%A', '/intake/emails/%E0%A4%A']) {
      const page = await agent.get(url);
      expect(page.status, url).to.equal(400);
      expect(page.text).to.include('Naslov strani vsebuje neveljaven znak %.').and.not.include('URIError');
    }
    const signedOut = await request(desk.app).get('/requests/%E0%A4%A');
    expect(signedOut.status).to.be.oneOf([303, 400]);
  });

  it('Issue 10 #9 a CSRF token of the right length in characters but not in bytes (č, a Latin-1 header) is 403, not a 500', async () => {
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const inForm = await agent.post('/requests/new').type('form').send(intakeForm('č'.repeat(csrf.length)));
    expect(inForm.status).to.equal(403);
    expect(inForm.text).to.include('Obrazec je zastarel');
    // Header values reach Node as Latin-1: two bytes of UTF-8 'č' are two characters here, four bytes once encoded
    const inHeader = await agent.post('/intake/emails').set('x-csrf-token', '\u00c4\u008d'.repeat(csrf.length).slice(0, csrf.length)).set('content-type', 'message/rfc822').send('From: a@b.si\r\n\r\nx');
    expect(inHeader.status).to.equal(403);
    expect((await desk.call('get', '/api/v1/requests')).body.total).to.equal(0);
  });
});

describe('Issue 10 #9: lengths are the stored columns\' lengths, in code points, checked before the database (SQLite and MariaDB)', function () {
  this.timeout(60_000);
  let desk: Desk;
  beforeEach(async () => {
    desk = await openDesk();
  });
  afterEach(async () => desk.close());

  const paper = (subject: Record<string, unknown>) => requestBody({ channel: 'post', mailbox: undefined, acknowledgementRequested: true, subject: { firstName: 'Ana', lastName: 'Novak', emso: '0101990505005', ...subject } });

  it('Issue 10 #9 a valid long name with a long address is 422 naming subject.address (a paper letter is addressed "name, address", 300 characters); the longest that fits is registered and its letter issued', async () => {
    const first = 'A'.repeat(100), last = 'B'.repeat(100);
    const tooLong = await desk.call('post', '/api/v1/requests', paper({ firstName: first, lastName: last, address: 'C'.repeat(300) }), desk.clerk);
    expectErrorShape(tooLong, 422, 'validation_failed');
    expect(paths(tooLong)).to.deep.equal(['subject.address']);
    expect(messageAt(tooLong, 'subject.address')).to.include('300').and.include('97');
    // 100 + 1 + 100 + ", " + 97 = 300: fits the letter's recipient column exactly
    const fits = await desk.call('post', '/api/v1/requests', paper({ firstName: first, lastName: last, address: 'Č'.repeat(97) }), desk.clerk);
    expect(fits.status, JSON.stringify(fits.body)).to.equal(201);
    expect(fits.body.letters.map((l: { kind: string }) => l.kind)).to.include('acknowledgement');
    const one = await desk.call('post', '/api/v1/requests', paper({ firstName: first, lastName: last, address: 'Č'.repeat(98) }), desk.clerk);
    expectErrorShape(one, 422);
    expect(paths(one)).to.deep.equal(['subject.address']);
  });

  it('Issue 10 #9 limits count code points as MariaDB does: 100 emoji are a name of 100 characters (stored whole); 101 are 422', async () => {
    const ok = await desk.call('post', '/api/v1/requests', paper({ firstName: '😀'.repeat(100), lastName: 'Novak', address: 'Trubarjeva 1, 1000 Ljubljana' }), desk.clerk);
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    expect((await getView(desk, ok.body.id)).subject.firstName).to.equal('😀'.repeat(100));
    const over = await desk.call('post', '/api/v1/requests', paper({ firstName: '😀'.repeat(101), lastName: 'Novak', address: 'Trubarjeva 1' }), desk.clerk);
    expectErrorShape(over, 422);
    expect(paths(over)).to.deep.equal(['subject.firstName']);
    expect(messageAt(over, 'subject.firstName')).to.equal('največ 100 znakov');
  });

  it('Issue 10 #9 a remedy that changes the name or address is held to the same limit (422 on subject.address, the case unchanged)', async () => {
    const reg = await register(desk, paper({ firstName: 'A'.repeat(100), lastName: 'B'.repeat(100), address: 'Kratka 1' }));
    await desk.complete(reg.id, 'checkCompleteness', { complete: false, missing: ['Podpis'] });
    const res = await desk.call('post', `/api/v1/requests/${reg.id}/remedy`, { receivedAt: '2026-03-02T11:30:00+01:00', subject: { address: 'C'.repeat(120) } });
    expectErrorShape(res, 422);
    expect(paths(res)).to.deep.equal(['subject.address']);
    expect((await getView(desk, reg.id)).subject.address).to.equal('Kratka 1');
  });

  it('Issue 10 #9 the longest texts the schemas allow are stored whole: a reasoning of 20,000 emoji (80 KB of UTF-8, more than a MariaDB TEXT) and its audit event', async () => {
    const v = await toDecide(desk);
    const reasoning = '😀'.repeat(20_000);
    const over = await desk.call('post', `/api/v1/tasks/${v.openTasks[0].id}/complete`, { outcome: 'granted', grounds: [], reasoning: reasoning + '😀' });
    expectErrorShape(over, 422);
    expect(paths(over)).to.deep.equal(['reasoning']);
    const decided = await desk.complete(v.id, 'decide', { outcome: 'granted', grounds: [], reasoning });
    expect(decided.decision.outcome).to.equal('granted');
    const trace = await desk.call('get', `/api/v1/requests/${v.id}/trace`, undefined, desk.auditor);
    const completed = trace.body.events.find((e: { type: string; elementId?: string }) => e.type === 'task.completed' && e.elementId === 'decide');
    expect(completed.data.variables.reasoning).to.equal(reasoning);
    const row = await desk.system.db.read((m) => m.getRepository(DsrRequestEntity).findOneByOrFail({ id: v.id }));
    expect(JSON.parse(row.decision!).reasoning).to.equal(reasoning);
  });

  it('Issue 10 #9 the intake page says it next to the address field, in Slovenian, and keeps the values', async () => {
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await agent.post('/requests/new').type('form').send(intakeForm(csrf, { 'subject[firstName]': 'Ž'.repeat(100), 'subject[lastName]': 'Č'.repeat(100), 'subject[address]': 'Š'.repeat(150) }));
    expect(res.status).to.equal(422);
    expect(fieldError(res.text, 'subject-address')).to.match(/^Ime, priimek in naslov skupaj \(naslovnik pisma\) največ 300 znakov; naslov je lahko dolg največ 97 znakov\.?$/);
    expect(res.text).to.include(`value="${'Š'.repeat(150)}"`);
    expect((await desk.call('get', '/api/v1/requests')).body.total).to.equal(0);
  });
});

describe('Issue 10 #9: dates before the GDPR, or before what they answer, are refused with 422', function () {
  this.timeout(60_000);
  let desk: Desk;
  beforeEach(async () => {
    desk = await openDesk();
  });
  afterEach(async () => desk.close());

  it('Issue 10 #9 a request received on 0001-01-01 or on 24 May 2018 (Ljubljana) is 422 on receivedAt; 25 May 2018 is accepted', async () => {
    for (const receivedAt of ['0001-01-01T00:00:00Z', '2018-05-24T23:59:00+02:00', '1900-01-01T10:00:00+01:00']) {
      const res = await desk.call('post', '/api/v1/requests', requestBody({ receivedAt }), desk.clerk);
      expectErrorShape(res, 422);
      expect(paths(res), receivedAt).to.deep.equal(['receivedAt']);
      expect(messageAt(res, 'receivedAt')).to.include('25. 5. 2018');
    }
    // 24 May 22:30 UTC is already 25 May in Ljubljana
    const first = await desk.call('post', '/api/v1/requests', requestBody({ receivedAt: '2018-05-24T22:30:00Z' }), desk.clerk);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body.receivedOn).to.equal('2018-05-25');
  });

  it('Issue 10 #9 the intake page refuses a receipt before the GDPR next to its field', async () => {
    const { agent, csrf } = await signedIn(desk, 'clerk');
    const res = await agent.post('/requests/new').type('form').send(intakeForm(csrf, { receivedDate: '2017-12-31' }));
    expect(res.status).to.equal(422);
    expect(fieldError(res.text, 'receivedAt')).to.include('25. 5. 2018');
  });

  it('Issue 10 #9 a remedy "received" in 1900, before the request, or before the request for remedy was sent is 422; filedOn stays', async () => {
    await desk.clockTo('2026-03-06T09:00:00+01:00');
    const reg = await register(desk, { receivedAt: '2026-03-02T10:15:00+01:00' });
    await desk.complete(reg.id, 'checkCompleteness', { complete: false, missing: ['Lastnoročni podpis'] });
    for (const [receivedAt, says] of [
      ['1900-01-01T10:00:00+01:00', '25. 5. 2018'],
      ['2026-03-01T10:00:00+01:00', 'poziv k dopolnitvi je bil poslan 6. 3. 2026'],
      ['2026-03-04T10:00:00+01:00', 'poziv k dopolnitvi je bil poslan 6. 3. 2026'],
    ] as const) {
      const res = await desk.call('post', `/api/v1/requests/${reg.id}/remedy`, { receivedAt });
      expectErrorShape(res, 422);
      expect(paths(res), receivedAt).to.deep.equal(['receivedAt']);
      expect(messageAt(res, 'receivedAt'), receivedAt).to.include(says);
    }
    const view = await getView(desk, reg.id);
    expect(view.status).to.equal('awaiting_remedy');
    expect(view.filedOn).to.equal('2026-03-02');
    const ok = await desk.call('post', `/api/v1/requests/${reg.id}/remedy`, { receivedAt: '2026-03-06T08:30:00+01:00' });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.filedOn).to.equal('2026-03-06');
  });

  it('Issue 10 #9 delivery before the decision, a clarification before the delivery, an appeal before the decision are 422 naming the field', async () => {
    const v = await toDecide(desk);
    await desk.complete(v.id, 'decide', { outcome: 'granted', grounds: [], reasoning: 'Zahtevi se ugodi.' });
    for (const [event, body, field] of [
      ['delivery', { deliveredOn: '2026-03-01' }, 'deliveredOn'],
      ['delivery', { deliveredOn: '2017-01-01' }, 'deliveredOn'],
      ['appeal', { receivedOn: '2026-03-01' }, 'receivedOn'],
      ['appeal', { receivedOn: '1900-01-01' }, 'receivedOn'],
    ] as const) {
      const res = await desk.call('post', `/api/v1/requests/${v.id}/${event}`, body);
      expectErrorShape(res, 422);
      expect(paths(res), JSON.stringify(body)).to.deep.equal([field]);
    }
    expect((await desk.call('post', `/api/v1/requests/${v.id}/delivery`, { deliveredOn: '2026-03-02' })).status).to.equal(200);
    const early = await desk.call('post', `/api/v1/requests/${v.id}/clarification`, { receivedAt: '2026-03-01T12:00:00+01:00' });
    expectErrorShape(early, 422);
    expect(paths(early)).to.deep.equal(['receivedAt']);
    expect(messageAt(early, 'receivedAt')).to.include('vročena 2. 3. 2026');
    const view = await getView(desk, v.id);
    expect(view.status).to.equal('decided');
    expect(view.flags).to.not.have.property('appealFiledOn');
  });
});

describe('Issue 10 #9: an e-mail is received when our server got it; its Date: is what the sender claims', function () {
  this.timeout(60_000);
  let desk: Desk;
  beforeEach(async () => {
    desk = await openDesk();
  });
  afterEach(async () => desk.close());

  const eml = (date: string, id: string) => Buffer.from([
    'From: Ana Novak <ana.novak@example.si>', 'To: dpo@zzzs.si', 'Subject: Zahteva', `Date: ${date}`, `Message-ID: <${id}@example.si>`,
    'Content-Type: text/plain; charset=utf-8', '', 'Zahtevam seznanitev s svojimi podatki.', '',
  ].join('\r\n'));
  const drop = (raw: Buffer) => desk.call('post', '/api/v1/intake/emails', undefined, desk.clerk).set('content-type', 'message/rfc822').send(raw);

  it('Issue 10 #9 an uploaded e-mail dated 2019, 2099 or year 12000 is received at the upload; the claimed date is kept beside it', async () => {
    const now = desk.system.clock.now().toISOString();
    const old = await drop(eml('Tue, 01 Jan 2019 10:00:00 +0100', 'old'));
    expect(old.status, JSON.stringify(old.body)).to.equal(201);
    expect(old.body).to.deep.include({ receivedAt: now, claimedAt: '2019-01-01T09:00:00.000Z' });
    expect(old.body.proposal.receivedAt).to.equal(now);
    const future = await drop(eml('Thu, 01 Jan 2099 10:00:00 +0100', 'future'));
    expect(future.body).to.deep.include({ receivedAt: now, claimedAt: '2099-01-01T09:00:00.000Z' });
    // A year the database cannot hold is no date at all (no 500 on MariaDB)
    const ancient = await drop(eml('Sat, 01 Jan 12000 10:00:00 +0100', 'ancient'));
    expect(ancient.status, JSON.stringify(ancient.body)).to.equal(201);
    expect(ancient.body).to.deep.include({ receivedAt: now, claimedAt: null });
    // Registered from the proposal: the receipt is the upload
    const input = { ...old.body.proposal, rights: ['access'], subject: { ...old.body.proposal.subject, address: 'Trubarjeva 1, 1000 Ljubljana' } };
    const reg = await desk.call('post', `/api/v1/intake/drafts/${old.body.id}/register`, input, desk.clerk);
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    expect(reg.body.receivedAt).to.equal(now);
  });

  it('Issue 10 #9 a message fetched by IMAP is received at the mailbox\'s INTERNALDATE (never in the future), not at its Date:', async () => {
    const drafts = new IntakeDrafts(desk.system.db, desk.system.clock);
    const arrived = new Date('2026-03-02T07:30:00Z');
    const { draft } = await drafts.receive(eml('Tue, 01 Jan 2019 10:00:00 +0100', 'imap1'), 'imap', 'system', arrived);
    expect(draft).to.deep.include({ receivedAt: arrived.toISOString(), claimedAt: '2019-01-01T09:00:00.000Z' });
    const { draft: later } = await drafts.receive(eml('Tue, 01 Jan 2019 10:00:00 +0100', 'imap2'), 'imap', 'system', new Date('2027-01-01T00:00:00Z'));
    expect(later.receivedAt).to.equal(desk.system.clock.now().toISOString());
  });

  it('Issue 10 #9 the draft page shows both: received (by our server) and the date the sender claims', async () => {
    const old = await drop(eml('Tue, 01 Jan 2019 10:00:00 +0100', 'page'));
    const { agent } = await signedIn(desk, 'clerk');
    const page = await agent.get(`/intake/emails/${old.body.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/id="received-at">2\. 3\. 2026, 12:00/).and.match(/id="claimed-at">1\. 1\. 2019, 10:00/);
  });
});

describe('Issue 10 #10: Cache-Control: no-store on every answer with personal data', function () {
  this.timeout(60_000);
  let desk: Desk;
  before(async () => {
    desk = await openDesk();
  });
  after(async () => desk.close());

  it('Issue 10 #10 every /api/v1 answer, errors included, is no-store; openapi.json and healthz may be cached', async () => {
    const reg = await register(desk);
    const answers = [
      await desk.call('get', '/api/v1/requests'),
      await desk.call('get', `/api/v1/requests/${reg.id}`),
      await desk.call('get', `/api/v1/requests/${reg.id}/letters/${reg.letters[0].id}`).set('accept', 'text/html'),
      await desk.call('get', '/api/v1/requests/nope'),
      await request(desk.app).get('/api/v1/requests'),
      await desk.call('post', '/api/v1/requests').set('content-type', 'application/json').send('{'),
      await request(desk.app).post('/api/v1/auth/token').send({ username: 'x', password: 'y' }),
      await desk.call('get', '/api/v1/nothing-here'),
    ];
    answers.forEach((res, i) => expect(res.headers['cache-control'], `answer ${i} (${res.status})`).to.equal('no-store'));
    expect((await request(desk.app).get('/api/v1/openapi.json')).headers['cache-control'] ?? '').to.not.include('no-store');
    expect((await request(desk.app).get('/healthz')).headers['cache-control'] ?? '').to.not.include('no-store');
  });

  it('Issue 10 #10 every signed-in page is no-store (and the sign-in page, which carries a token)', async () => {
    const reg = await register(desk);
    const { agent } = await signedIn(desk, 'dpo');
    for (const url of ['/', `/requests/${reg.id}`, '/requests', '/tasks', '/help', '/nope']) {
      const res = await agent.get(url);
      expect(res.headers['cache-control'], url).to.equal('no-store');
    }
    expect((await request(desk.app).get('/login')).headers['cache-control']).to.equal('no-store');
  });
});

describe('Issue 15: an extension after the first month is 409, as the contract says, whatever its body', function () {
  this.timeout(60_000);
  let desk: Desk;
  afterEach(async () => desk.close());

  it('Issue 15 POST /requests/:id/extension after the first month answers 409 first_month_passed, also with a body that would be 422', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    const early = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, { months: 1 });
    expectErrorShape(early, 422);
    await desk.clockTo('2026-04-03T09:00:00+02:00');
    for (const body of [{ months: 1 }, { months: 3, reasons: 'x' }, {}, { months: 1, reasons: 'Zahteva zajema več zbirk.' }]) {
      const res = await desk.call('post', `/api/v1/requests/${reg.id}/extension`, body);
      expectErrorShape(res, 409, 'first_month_passed');
    }
    const { agent, csrf } = await signedIn(desk, 'dpo');
    const page = await agent.post(`/requests/${reg.id}/extension`).type('form').send(form({ _csrf: csrf, months: '', reasons: '' }));
    expect(page.status).to.equal(409);
    expect(page.text).to.include('Prvi mesec je že potekel');
  });
});

describe('Issue 10 #9: a value the database refuses is 422 without SQL (MariaDB)', function () {
  this.timeout(60_000);

  it('Issue 10 #9 Data too long from MariaDB itself reaches the caller as 422 validation_failed, the SQL only in the log', async function () {
    if (!onMysql()) this.skip();
    const desk = await openDesk();
    try {
      const express = (await import('express')).default;
      const { errorHandler } = await import('../../../src/http/errors.js');
      const logged: string[] = [];
      const app = express();
      app.post('/x', async (_req, _res, next) => {
        // case_counter.classification is VARCHAR(20): MariaDB (strict mode) refuses 30 characters
        await desk.system.db.transaction((tx) => tx.query('INSERT INTO case_counter (classification, year, last) VALUES (?, 2026, 1)', ['x'.repeat(30)])).catch(next);
      });
      app.use(errorHandler((m) => logged.push(m)));
      const res = await request(app).post('/x');
      expectErrorShape(res, 422, 'validation_failed');
      expect(JSON.stringify(res.body)).to.not.include('case_counter').and.not.include('INSERT');
      expect(logged.join('\n')).to.include('classification');
    } finally {
      await desk.close();
    }
  });
});
