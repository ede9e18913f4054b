import * as Elements from 'bpmn-elements';
import { ISOInterval } from '@0dep/piso';

type TimerFn = ((this: TimerThis, activity: unknown, eventDefinition: unknown) => void) & { prototype: Record<string, unknown> };
interface TimerThis {
  environment: { services: Record<string, unknown>; resolveExpression(expr: string, message: unknown): unknown };
  timeDate?: string;
  timeDuration?: string;
  timeCycle?: string;
  activity: { id: string };
}

const Base = (Elements as unknown as { TimerEventDefinition: TimerFn }).TimerEventDefinition;

/** The name under which the host passes its clock to the engine; diagrams cannot call it (not a handler). */
export const NOW_SERVICE = '__now';

/**
 * bpmn-elements computes timers from the machine's `new Date()` and, on resume, fires at once any timer
 * whose moment has passed. Both are wrong for us: time is the host's Clock (a fake one in tests and with
 * DSR_FAKE_CLOCK=1), and a timer fires only when its job row is claimed, exactly once, by one process.
 * This subclass keeps the element's behaviour and changes only how the moment is computed.
 */
export function ClockedTimerEventDefinition(this: TimerThis, activity: unknown, eventDefinition: unknown): void {
  Base.call(this, activity, eventDefinition);
}
ClockedTimerEventDefinition.prototype = Object.create(Base.prototype);
ClockedTimerEventDefinition.prototype.constructor = ClockedTimerEventDefinition;

ClockedTimerEventDefinition.prototype._getTimers = function getTimers(this: TimerThis, executeMessage: { content: Record<string, unknown> }) {
  const nowFn = this.environment.services[NOW_SERVICE] as (() => Date) | undefined;
  const now = nowFn ? nowFn() : new Date();
  const content = executeMessage.content;
  if ('expireAt' in content && content.expireAt) {
    // Resumed: the moment was fixed when the timer started. Never complete here: the job does that.
    const expireAt = new Date(content.expireAt as string);
    return { timerType: content.timerType, expireAt, timeout: Math.max(1, expireAt.getTime() - now.getTime()) };
  }
  for (const kind of ['timeDate', 'timeDuration', 'timeCycle'] as const) {
    const raw = this[kind];
    if (!raw) continue;
    const value = String(this.environment.resolveExpression(raw, executeMessage) ?? '').trim();
    let expireAt: Date;
    if (kind === 'timeDate') {
      expireAt = new Date(value);
    } else {
      expireAt = new ISOInterval(value).parse().getExpireAt(now, now);
    }
    if (Number.isNaN(expireAt.getTime())) {
      throw new TypeError(`<${this.activity.id}> ${kind} "${value}" is not a valid ISO 8601 ${kind === 'timeDate' ? 'date' : 'duration'}`);
    }
    return { timerType: kind, [kind]: value, expireAt, timeout: expireAt.getTime() - now.getTime() };
  }
  return { timeout: 0 };
};
