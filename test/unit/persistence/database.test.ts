import { expect } from 'chai';
import { freshSystem } from '../../support/system.js';
import { NestedDatabaseCallError } from '../../../src/persistence/database.js';
import { appendAudit, verifyAudit } from '../../../src/persistence/audit.js';
import { AuditEventEntity, AuditHeadEntity } from '../../../src/persistence/entities/index.js';
import type { System } from '../../../src/system.js';

/** The rejection of a promise, or a failure if it resolves. */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('Issue 11 #5: a nested database call fails at once instead of deadlocking', () => {
  // One database for all: each case leaves it as it found it, or only adds audit events.
  let sys: System;
  before(async () => {
    sys = await freshSystem();
  });
  after(async () => sys.close());

  it('db.read() inside db.transaction() throws, naming both calls, and the transaction rolls back', async () => {
    const before = (await verifyAudit(sys.db)).events;
    const err = await rejection(sys.db.transaction(async (tx) => {
      await appendAudit(tx, sys.db, [{ at: new Date(), actor: 'ana', type: 'test.nested', data: {} }]);
      // On SQLite this used to queue behind the very transaction that awaits it: a hang, for ever.
      return sys.db.read((m) => m.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 }));
    }));
    expect(err).to.be.instanceOf(NestedDatabaseCallError);
    expect(err.message).to.include('db.read() was called inside the work of db.transaction()');
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: true, events: before });
  });

  it('db.transaction() inside db.transaction(), and inside db.read(), throw', async () => {
    const inTx = await rejection(sys.db.transaction(async () => sys.db.transaction(async () => 1)));
    expect(inTx.message).to.include('db.transaction() was called inside the work of db.transaction()');
    const inRead = await rejection(sys.db.read(async () => sys.db.transaction(async () => 1)));
    expect(inRead.message).to.include('db.transaction() was called inside the work of db.read()');
    const readInRead = await rejection(sys.db.read(async (m) => {
      await m.getRepository(AuditEventEntity).count();
      return sys.db.read(async () => 1);
    }));
    expect(readInRead).to.be.instanceOf(NestedDatabaseCallError);
  });

  it('deep inside the work (after awaits, in helpers) the nested call is still found', async () => {
    const helper = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return sys.db.read(async () => 'never');
    };
    const err = await rejection(sys.db.transaction(async (tx) => {
      await tx.getRepository(AuditEventEntity).count();
      return Promise.all([helper()]);
    }));
    expect(err).to.be.instanceOf(NestedDatabaseCallError);
  });

  it('the database stays usable after the refusal; separate and sequential calls are not refused', async () => {
    await rejection(sys.db.transaction(async () => sys.db.read(async () => 1)));
    expect(await sys.db.read(async (m) => m.getRepository(AuditHeadEntity).count())).to.equal(1);
    const both = await Promise.all([sys.db.transaction(async () => 'a'), sys.db.read(async () => 'b'), sys.db.transaction(async () => 'c')]);
    expect(both).to.deep.equal(['a', 'b', 'c']);
  });

  it('work that outlives its transaction (started inside, run after the commit) may use the database', async () => {
    let later!: Promise<number>;
    await sys.db.transaction(async () => {
      later = new Promise((resolve, reject) => setTimeout(() => sys.db.read((m) => m.getRepository(AuditHeadEntity).count()).then(resolve, reject), 20));
    });
    expect(await later).to.equal(1);
  });

  it('background work started inside a transaction with db.detached() runs after it, not refused', async () => {
    let background!: Promise<number>;
    const order: string[] = [];
    await sys.db.transaction(async (tx) => {
      // e.g. the rule service refreshing its cache while a step evaluates rules; nobody awaits it.
      background = sys.db.detached(() => sys.db.read((m) => m.getRepository(AuditHeadEntity).count())).then((n) => {
        order.push('background');
        return n;
      });
      await tx.getRepository(AuditEventEntity).count();
      order.push('transaction');
    });
    expect(await background).to.equal(1);
    // On SQLite it waited in the queue for the transaction; on MariaDB it ran beside it on another connection.
    if (sys.db.dialect === 'sqlite') expect(order).to.deep.equal(['transaction', 'background']);
  });

  it('a snapshot read may let others write, but not open a second snapshot inside itself', async () => {
    const written = await sys.db.readSnapshot(async () => sys.db.transaction((tx) => appendAudit(tx, sys.db, [{ at: new Date(), actor: 'ana', type: 'test.inside_snapshot', data: {} }])));
    expect(written).to.have.length(1);
    const err = await rejection(sys.db.readSnapshot(async () => sys.db.readSnapshot(async () => 1)));
    expect(err.message).to.include('db.readSnapshot() was called inside the work of db.readSnapshot()');
  });
});
