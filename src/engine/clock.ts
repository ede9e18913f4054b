/**
 * The time as the system sees it. Everything that asks "what time is it" asks a Clock, so that the
 * fake clock of tests and of DSR_FAKE_CLOCK=1 moves the whole system, timers included.
 */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A settable clock. It never moves backwards: a due timer that fired must not become undue again. */
export class FakeClock implements Clock {
  private current: Date;
  constructor(start: Date = new Date()) {
    this.current = new Date(start.getTime());
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(to: Date): void {
    if (Number.isNaN(to.getTime())) throw new RangeError('FakeClock.set: invalid date');
    if (to.getTime() < this.current.getTime()) throw new RangeError('FakeClock.set: the clock cannot go back in time');
    this.current = new Date(to.getTime());
  }
  advance(ms: number): void {
    this.set(new Date(this.current.getTime() + ms));
  }
}
