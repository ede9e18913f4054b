import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ImapFlow } from 'imapflow';
import { openDesk, type Desk } from '../../support/requests.js';
import { startDovecot, type TestImap } from '../../support/dovecot.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { fetchImap, parseImapUrl, REFUSED_KEYWORD } from '../../../src/intake/imap.js';
import { IntakeDrafts } from '../../../src/intake/drafts.js';

const fixture = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'eml', name));

describe('Feature: e-mails are fetched from the intake mailbox over IMAP (issue 6)', () => {
  let desk: Desk;
  let imap: TestImap;
  afterEach(async () => {
    await desk?.close();
    imap?.close();
  });

  it('N2.1 Scenario: unread messages become drafts once and are marked seen; a malformed one stays in the mailbox, marked, with the reason in the audit log', async () => {
    imap = await startDovecot();
    desk = await openDesk();
    imap.deliver(fixture('zahteva-seznanitev.eml'), 'a');
    imap.deliver(fixture('podpisana-smime.eml'), 'b');
    imap.deliver(fixture('brez-posiljatelja.eml'), 'c');
    const drafts = new IntakeDrafts(desk.system.db, desk.system.clock);
    const first = await fetchImap(imap.url, drafts, desk.system.db, desk.system.clock);
    expect(first).to.deep.equal({ drafts: 2, duplicates: 0, refused: 1 });
    const list = await desk.call('get', '/api/v1/intake/drafts', undefined, desk.clerk);
    expect(list.body.items.map((d: { source: string; mailbox: string }) => [d.source, d.mailbox])).to.have.deep.members([['imap', 'dpo@zzzs.si'], ['imap', 'OEMB@zzzs.si']]);
    // A second poll finds nothing new
    expect(await fetchImap(imap.url, drafts, desk.system.db, desk.system.clock)).to.deep.equal({ drafts: 0, duplicates: 0, refused: 0 });
    // The mailbox still holds all three; the refused one carries the keyword and is unread
    const o = parseImapUrl(imap.url);
    const client = new ImapFlow({ host: o.host, port: o.port, secure: false, auth: o.auth, logger: false });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const flags: string[][] = [];
    for await (const m of client.fetch('1:*', { flags: true })) flags.push([...(m.flags ?? [])].sort());
    lock.release();
    await client.logout();
    expect(flags).to.have.length(3);
    expect(flags.filter((f) => f.includes('\\Seen'))).to.have.length(2);
    expect(flags.filter((f) => f.includes(REFUSED_KEYWORD) && !f.includes('\\Seen'))).to.have.length(1);
    const audit = await desk.system.db.read((m) => m.query(`SELECT type, data FROM audit_event WHERE type = 'intake.imap_refused'`)) as { data: string }[];
    expect(audit).to.have.length(1);
    expect(JSON.parse(audit[0]!.data).reason).to.equal('Manjka pošiljatelj (glava From).');
  });

  it('Scenario: a wrong password is an error that says so, not a silent empty poll', async () => {
    imap = await startDovecot();
    desk = await openDesk();
    const drafts = new IntakeDrafts(desk.system.db, desk.system.clock);
    let failed: unknown = null;
    await fetchImap(imap.url.replace('skrivnost-za-test', 'narobe'), drafts, desk.system.db, desk.system.clock).catch((e: unknown) => { failed = e; });
    expect(failed).to.be.an('error');
  });
});
