/**
 * The `timers` given to bpmn-engine. It never holds a long setTimeout (Node cannot schedule beyond
 * 2^31 ms, about 24.8 days, and our deadlines run for months): a timer of a BPMN timer event is only
 * recorded here, the host turns it into a job row, and the job worker fires it by calling `fire`.
 * Short internal timeouts of the engine that belong to no timer event are passed to the real setTimeout.
 */
export interface TimerOwner {
  id: string;
  executionId: string;
  expireAt?: Date | string;
  timerType?: string;
}

export interface DurableTimerRef {
  owner: TimerOwner;
  callback: (...args: unknown[]) => unknown;
  args: unknown[];
  expireAt: Date;
}

export class DurableTimers {
  private refs: DurableTimerRef[] = [];

  /** bpmn-engine reads this when it stops an execution. */
  get executing(): DurableTimerRef[] {
    return [...this.refs];
  }

  register(owner: TimerOwner) {
    return {
      setTimeout: (callback: (...a: unknown[]) => unknown, delay: number, ...args: unknown[]) => {
        const expireAt = owner.expireAt ? new Date(owner.expireAt) : new Date(Date.now() + delay);
        const ref: DurableTimerRef = { owner, callback, args, expireAt };
        this.refs.push(ref);
        return ref;
      },
      clearTimeout: (ref: unknown) => this.clearTimeout(ref),
    };
  }

  setTimeout(callback: (...a: unknown[]) => unknown, delay: number, ...args: unknown[]): unknown {
    return globalThis.setTimeout(callback, delay, ...args);
  }

  clearTimeout(ref: unknown): undefined {
    const before = this.refs.length;
    this.refs = this.refs.filter((r) => r !== ref);
    if (this.refs.length === before && ref) globalThis.clearTimeout(ref as NodeJS.Timeout);
    return undefined;
  }

  /** Complete the timer event of this execution; false when the engine no longer waits on it. */
  fire(executionId: string): boolean {
    const ref = this.refs.find((r) => r.owner.executionId === executionId);
    if (!ref) return false;
    this.refs = this.refs.filter((r) => r !== ref);
    ref.callback(...ref.args);
    return true;
  }
}
