import { expect } from 'chai';
import { freshSystem } from '../../support/system.js';
import { appendAudit, verifyAudit, type AuditEntry } from '../../../src/persistence/audit.js';
import type { System } from '../../../src/system.js';

const event = (i: number): AuditEntry => ({ at: new Date(Date.UTC(2026, 2, 2, 9, 0, 0, i % 1000)), actor: `u${i % 7}`, type: 'test.load', data: { i } });

async function seed(sys: System, n: number, perTransaction = 500): Promise<void> {
  for (let done = 0; done < n; done += perTransaction) {
    const count = Math.min(perTransaction, n - done);
    await sys.db.transaction((tx) => appendAudit(tx, sys.db, Array.from({ length: count }, (_, k) => event(done + k))));
  }
}

describe('Issue 10 #3: the audit check reads one consistent snapshot and holds up no writer', function () {
  this.timeout(120_000);
  let sys: System;
  let base: number;
  beforeEach(async () => {
    sys = await freshSystem();
    base = (await verifyAudit(sys.db)).events;
  });
  afterEach(async () => sys.close());

  it('events appended while the check runs, even between its last batch and the chain head, are no false "broken"', async () => {
    await seed(sys, 95);
    let appended = 0;
    const result = await verifyAudit(sys.db, {
      batchSize: 10,
      // Another writer commits after every batch, the last one too: the head then points past what was read.
      onBatch: async () => {
        await sys.db.transaction((tx) => appendAudit(tx, sys.db, [event(1000 + appended)]));
        appended += 1;
      },
    });
    expect(appended).to.be.greaterThan(9);
    // The chain as it was when the check began: every batch and the head from the same moment.
    expect(result).to.deep.equal({ ok: true, events: base + 95 });
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: true, events: base + 95 + appended });
  });

  it('a write of this process commits while a long check of 20,000 events is still running', async () => {
    await seed(sys, 20_000);
    let batches = 0;
    let batchesWhenWritten = -1;
    const verifying = verifyAudit(sys.db, { batchSize: 500, onBatch: () => void (batches += 1) });
    const writing = sys.db.transaction((tx) => appendAudit(tx, sys.db, [event(99_999)])).then(() => {
      batchesWhenWritten = batches;
    });
    const [result] = await Promise.all([verifying, writing]);
    // Ordering, not timing: the write was committed before the check had read its last batch.
    expect(batchesWhenWritten).to.be.within(0, batches - 1);
    expect(batches).to.be.greaterThan(40);
    expect(result.ok).to.equal(true);
    // The snapshot began before or after that commit; either way the chain it saw was whole.
    expect(result.events).to.be.oneOf([base + 20_000, base + 20_001]);
  });
});
