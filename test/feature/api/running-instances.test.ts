import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { openDesk, type Desk } from '../../support/requests.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { register } from '../requests/support.js';
import { LetterEntity, ProcessInstanceEntity } from '../../../src/persistence/entities/index.js';

describe('Issue 10 #6: one running process instance per case (business key)', function () {
  // Many calls per test, and MariaDB on a shared machine: an allowance, not a timing.
  this.timeout(180_000);
  let desk: Desk;
  afterEach(async () => desk.close());

  const start = (token: string, body: unknown) => desk.call('post', '/api/v1/process-instances', body, token);

  it('Finding: a DPO or an admin cannot start a second request process on an existing case (409); no second letter is issued', async () => {
    desk = await openDesk();
    const reg = await register(desk);
    const letters = async () => desk.system.db.read((m) => m.getRepository(LetterEntity).countBy({ requestId: reg.id }));
    const before = await letters();
    for (const token of [desk.dpo, desk.admin]) {
      const res = await start(token, { key: 'dsrRequest', businessKey: reg.id, variables: { requestId: reg.id, channel: 'email', acknowledgementRequested: true } });
      expect(res.status, JSON.stringify(res.body)).to.equal(409);
      expect(res.body.error.code).to.equal('request_process');
    }
    // Not by another key for the same case either
    const running = await desk.system.db.read((m) => m.getRepository(ProcessInstanceEntity).countBy({ businessKey: reg.id, status: 'running' }));
    expect(running).to.equal(1);
    expect(await letters()).to.equal(before);
  });

  it('a generic process: a second running instance for the same business key is 409; after the first ends, a new one may start', async () => {
    desk = await openDesk();
    const legal = await legalToken(desk);
    desk.system.handlers.register('noop', async () => ({}));
    const xml = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'resources', 'two-steps.bpmn'), 'utf8');
    const deployed = await desk.call('post', '/api/v1/definitions', undefined, legal).set('content-type', 'application/xml').send(xml);
    expect(deployed.status, JSON.stringify(deployed.body)).to.be.oneOf([200, 201]);
    const first = await start(desk.dpo, { key: deployed.body.key, businessKey: 'k-1' });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const second = await start(desk.admin, { key: deployed.body.key, businessKey: 'k-1' });
    expect(second.status).to.equal(409);
    expect(second.body.error.code).to.equal('instance_running');
    // Another business key, or none, is fine
    expect((await start(desk.dpo, { key: deployed.body.key, businessKey: 'k-2' })).status).to.equal(201);
    expect((await start(desk.dpo, { key: deployed.body.key })).status).to.equal(201);
    // The database itself refuses a second running instance, whoever asks (two servers at the same moment)
    let refused: unknown = null;
    try {
      await desk.system.host.start(deployed.body.key, { actor: 'attacker', businessKey: 'k-1' });
    } catch (err) {
      refused = err;
    }
    expect(refused, 'the unique index on running business keys').to.not.equal(null);
    expect(String((refused as Error).message)).to.match(/running_key|UNIQUE|Duplicate/i);
    // Once the first has ended, the key is free again
    await desk.system.db.transaction((tx) => tx.getRepository(ProcessInstanceEntity).update({ id: first.body.id }, { status: 'completed', endedAt: new Date() }));
    expect((await start(desk.dpo, { key: deployed.body.key, businessKey: 'k-1' })).status).to.equal(201);
  });
});

let n = 0;
async function legalToken(desk: Desk): Promise<string> {
  const username = `legal-run-${++n}`;
  expect((await desk.call('post', '/api/v1/users', { username, password: 'correct horse battery staple', roles: ['legal'] }, desk.admin)).status).to.equal(201);
  return (await request(desk.app).post('/api/v1/auth/token').send({ username, password: 'correct horse battery staple' })).body.token as string;
}
