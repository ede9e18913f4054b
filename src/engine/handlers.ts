import type { EntityManager } from 'typeorm';
import type { Database } from '../persistence/database.js';
import type { AuditEntry } from '../persistence/audit.js';

/**
 * What a service-task handler may see and do. It runs inside the step's transaction: whatever it writes
 * through `tx` commits together with the instance's new state, or not at all.
 */
export interface HandlerContext {
  readonly tx: EntityManager;
  readonly db: Database;
  readonly instanceId: string;
  readonly businessKey: string | null;
  readonly elementId: string;
  readonly executionId: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly actor: string;
  readonly now: Date;
  /** Unique per instance, element and execution: the key of any side effect, so a retry never repeats it. */
  readonly idempotencyKey: string;
  audit(entry: Omit<AuditEntry, 'at' | 'actor' | 'instanceId'> & { actor?: string }): void;
}

/** A handler returns the variables it sets; gateways branch on them. */
export type Handler = (ctx: HandlerContext) => Promise<Record<string, unknown> | void>;

export class UnknownHandlerError extends Error {}

/** The only way a diagram reaches application code (DESIGN principle 2): by a registered name. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, Handler>();

  register(name: string, handler: Handler): this {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`handler name "${name}" is not an identifier`);
    if (this.handlers.has(name)) throw new Error(`handler "${name}" is registered twice`);
    this.handlers.set(name, handler);
    return this;
  }

  get(name: string): Handler {
    const h = this.handlers.get(name);
    if (!h) throw new UnknownHandlerError(`no handler named "${name}" is registered`);
    return h;
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  names(): Set<string> {
    return new Set(this.handlers.keys());
  }
}
