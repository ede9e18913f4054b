import { expect } from 'chai';
import { VerificationGate } from '../../../src/http/auth/verificationGate.js';
import { TooManyRequestsError } from '../../../src/errors.js';

/** A piece of work the test finishes when it wants: nothing here depends on time. */
function latch() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Issue 10 #5: the verification gate bounds argon2 work and serves clients round-robin', () => {
  it('Issue 10 #5: never more than maxConcurrent at once; a client over its bound is refused at once with 429', async () => {
    const gate = new VerificationGate({ maxConcurrent: 2, maxQueuedPerClient: 3, maxQueued: 50 });
    const l = latch();
    const outcomes: string[] = [];
    const runs = Array.from({ length: 24 }, (_, i) => gate.run('203.0.113.9', async () => {
      await l.opened;
      return `done ${i}`;
    }).then((v) => outcomes.push(v), (err) => outcomes.push(err instanceof TooManyRequestsError ? `429 ${err.code} ${err.retryAfterSeconds}` : 'other')));
    await settle();
    // While the two running ones hold on, the 19 beyond the bound have their answer already.
    expect(outcomes).to.have.length(19);
    expect(new Set(outcomes)).to.deep.equal(new Set(['429 sign_in_busy 2']));
    expect(gate.stats()).to.include({ running: 2, queued: 3, rejected: 19 });
    l.open();
    await Promise.all(runs);
    expect(outcomes.filter((o) => o.startsWith('done'))).to.have.length(5);
    expect(gate.stats()).to.include({ running: 0, queued: 0, maxRunningSeen: 2, started: 5 });
  });

  it('Issue 10 #5: a real user arriving during a flood is served before the flood\'s queued rest', async () => {
    const gate = new VerificationGate({ maxConcurrent: 2, maxQueuedPerClient: 4, maxQueued: 50 });
    const blockers = [latch(), latch()];
    const order: string[] = [];
    const held = blockers.map((b, i) => gate.run(`held-${i}`, () => b.opened));
    const flood = Array.from({ length: 24 }, (_, i) => gate.run('203.0.113.9', async () => { order.push(`bogus ${i}`); }).catch(() => order.push('429')));
    const real = gate.run('198.51.100.7', async () => { order.push('real'); });
    await settle();
    expect(gate.stats()).to.include({ running: 2, queued: 5, rejected: 20 });
    blockers[0]!.open();
    blockers[1]!.open();
    await Promise.all([...held, ...flood, real]);
    const served = order.filter((o) => o !== '429');
    expect(served.indexOf('real')).to.be.at.most(1);
    expect(served).to.have.length(5);
    expect(gate.stats().maxRunningSeen).to.equal(2);
  });

  it('Issue 10 #5: a failing verification frees its slot', async () => {
    const gate = new VerificationGate({ maxConcurrent: 1, maxQueuedPerClient: 2, maxQueued: 2 });
    const failing = gate.run('a', async () => { throw new Error('boom'); });
    const next = gate.run('a', async () => 'ok');
    expect(await failing.then(() => 'resolved', (err: Error) => err.message)).to.equal('boom');
    expect(await next).to.equal('ok');
    expect(gate.stats()).to.include({ running: 0, queued: 0 });
  });
});
