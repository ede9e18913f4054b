import { expect } from 'chai';
import { freshSystem } from '../../support/system.js';
import { appendAudit, verifyAudit } from '../../../src/persistence/audit.js';
import { AuditEventEntity } from '../../../src/persistence/entities/index.js';
import type { System } from '../../../src/system.js';

describe('persistence/audit: the append-only hash chain (X2, DESIGN principle 5)', () => {
  let sys: System;
  /** Events the system itself wrote at start (e.g. the first versions of the rule sets); ours follow. */
  let base: number;
  const seq = (n: number) => base + n;
  beforeEach(async () => {
    sys = await freshSystem();
    base = (await verifyAudit(sys.db)).events;
    for (let i = 1; i <= 5; i++) {
      await sys.db.transaction((tx) => appendAudit(tx, sys.db, [{ at: new Date(`2026-03-0${i}T10:00:00Z`), actor: 'ana', type: 'test.event', data: { n: i, text: 'čšž' } }]));
    }
  });
  afterEach(async () => sys.close());

  it('verifies an untouched chain', async () => {
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: true, events: seq(5) });
  });

  it('finds a tampered row and names its seq', async () => {
    await sys.db.transaction((tx) => tx.getRepository(AuditEventEntity).update({ seq: seq(3) }, { data: JSON.stringify({ n: 3, text: 'changed' }) }));
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: false, events: seq(3), firstBrokenSeq: seq(3) });
  });

  it('finds a changed actor even when the hash is recomputed for that row alone', async () => {
    await sys.db.transaction((tx) => tx.getRepository(AuditEventEntity).update({ seq: seq(2) }, { actor: 'mallory' }));
    expect((await verifyAudit(sys.db)).firstBrokenSeq).to.equal(seq(2));
  });

  it('finds a deleted event in the middle and a deleted tail', async () => {
    await sys.db.transaction((tx) => tx.getRepository(AuditEventEntity).delete({ seq: seq(4) }));
    expect((await verifyAudit(sys.db)).firstBrokenSeq).to.equal(seq(4));
  });

  it('finds a deleted last event through the chain head', async () => {
    await sys.db.transaction((tx) => tx.getRepository(AuditEventEntity).delete({ seq: seq(5) }));
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: false, events: seq(4), firstBrokenSeq: seq(5) });
  });

  it('two concurrent appenders never fork the chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => sys.db.transaction((tx) => appendAudit(tx, sys.db, [{ at: new Date(), actor: `u${i}`, type: 'race', data: {} }]))));
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: true, events: seq(25) });
  });
});
