import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { DRAFT_LIST_COLUMNS, IntakeDrafts } from '../../../src/intake/drafts.js';
import { IntakeDraftEntity } from '../../../src/persistence/entities/index.js';
import { openDesk, type Desk } from '../../support/requests.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

const fixture = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'eml', name));

describe('Issue 10 #8 Feature: listing e-mail drafts reads no message bodies or raw bytes', function () {
  this.timeout(60_000);
  let desk: Desk;
  beforeEach(async () => (desk = await openDesk()));
  afterEach(async () => desk.close());

  it('Scenario: a draft whose raw message is 5 MB: the list query selects neither raw nor text; the list has the summary, the draft itself its text and proposal', async () => {
    const drafts = new IntakeDrafts(desk.system.db, desk.system.clock);
    const { draft } = await drafts.receive(fixture('zahteva-seznanitev.eml'), 'eml', 'test');
    // As if the message had carried large attachments (the list must not care).
    await desk.system.db.transaction((tx) => tx.getRepository(IntakeDraftEntity).update({ id: draft.id }, { raw: 'x'.repeat(5_000_000), text: 'y'.repeat(100_000) }));

    const logger = desk.system.db.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    const queries: string[] = [];
    logger.logQuery = (query, parameters, runner) => {
      queries.push(query);
      return original(query, parameters, runner);
    };
    let items: Record<string, unknown>[];
    try {
      items = await drafts.list('draft') as unknown as Record<string, unknown>[];
    } finally {
      logger.logQuery = original;
    }
    const selects = queries.filter((q) => /intake_draft/i.test(q) && /^\s*SELECT/i.test(q));
    expect(selects, queries.join('\n')).to.have.length(1);
    expect(selects[0]).to.not.match(/IntakeDraft_raw|IntakeDraft_text/);
    expect(selects[0]).to.match(/IntakeDraft_subject/);
    expect(Object.keys(DRAFT_LIST_COLUMNS)).to.not.include('raw').and.not.include('text');

    expect(items).to.have.length(1);
    expect(items[0]).to.not.have.any.keys('raw', 'text', 'proposal');
    expect(items[0]).to.deep.include({ id: draft.id, subject: 'Zahteva za seznanitev z osebnimi podatki', status: 'draft', mailbox: 'dpo@zzzs.si' });
    expect(JSON.stringify(items).length, 'the list is small').to.be.lessThan(2_000);

    const api = await desk.call('get', '/api/v1/intake/drafts', undefined, desk.clerk);
    expect(api.status).to.equal(200);
    expect(api.body.items[0]).to.not.have.any.keys('raw', 'text', 'proposal');
    const one = await desk.call('get', `/api/v1/intake/drafts/${draft.id}`, undefined, desk.clerk);
    expect(one.body.text).to.have.length(100_000);
    expect(one.body.proposal).to.deep.include({ channel: 'email' });
  });
});
