import { TooManyRequestsError } from '../../errors.js';

export interface GateLimits {
  /** Password verifications (argon2, 64 MiB each) running at once in this process. */
  maxConcurrent: number;
  /** Waiting verifications of one client (address); more from it are refused at once. */
  maxQueuedPerClient: number;
  /** Waiting verifications in all; more are refused at once. */
  maxQueued: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = { maxConcurrent: 2, maxQueuedPerClient: 4, maxQueued: 64 };

export interface GateStats {
  running: number;
  queued: number;
  /** The most verifications that ever ran at once: never above maxConcurrent. */
  maxRunningSeen: number;
  rejected: number;
  started: number;
}

/**
 * A semaphore in front of password verification (issue 10 #5). argon2 is made to be expensive, so
 * unbounded parallel sign-ins starve the machine and a real user waits behind a flood. Here at most
 * `maxConcurrent` verifications run; the rest wait in one queue per client, and the queues are served
 * round-robin, so a client that sends 24 sign-ins at once waits behind its own, not in front of
 * everyone else. A client over its bound, or a full queue, is answered 429 at once: nothing waits
 * without limit.
 */
export class VerificationGate {
  private running = 0;
  private queued = 0;
  /** Insertion order is the round-robin order: a lane just served moves to the back. */
  private readonly lanes = new Map<string, Array<() => void>>();
  private readonly counters = { maxRunningSeen: 0, rejected: 0, started: 0 };

  constructor(readonly limits: GateLimits = DEFAULT_GATE_LIMITS) {
    if (limits.maxConcurrent < 1) throw new Error('the verification gate needs maxConcurrent >= 1');
  }

  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    await this.acquire(client || '?');
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  stats(): GateStats {
    return { running: this.running, queued: this.queued, ...this.counters };
  }

  private acquire(client: string): Promise<void> {
    if (this.running < this.limits.maxConcurrent && this.queued === 0) {
      this.start();
      return Promise.resolve();
    }
    const lane = this.lanes.get(client);
    if ((lane?.length ?? 0) >= this.limits.maxQueuedPerClient || this.queued >= this.limits.maxQueued) {
      this.counters.rejected++;
      // A verification takes a fraction of a second; a couple of seconds frees the queue.
      return Promise.reject(new TooManyRequestsError('too many sign-ins at once; try again in a few seconds', 'sign_in_busy', 2));
    }
    return new Promise<void>((resolve) => {
      if (lane) lane.push(resolve);
      else this.lanes.set(client, [resolve]);
      this.queued++;
    });
  }

  private start(): void {
    this.running++;
    this.counters.started++;
    this.counters.maxRunningSeen = Math.max(this.counters.maxRunningSeen, this.running);
  }

  private release(): void {
    this.running--;
    const first = this.lanes.entries().next();
    if (first.done) return;
    const [client, lane] = first.value;
    const wake = lane.shift()!;
    this.queued--;
    this.lanes.delete(client);
    if (lane.length) this.lanes.set(client, lane);
    this.start();
    wake();
  }
}
