import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import { AppError, ProcessError } from '../errors.js';
import type { Clock } from './clock.js';
import { DurableTimers } from './durableTimers.js';
import { NOW_SERVICE } from './clockedTimer.js';
import type { HandlerRegistry } from './handlers.js';
import type { LoadedDefinition } from './definitions.js';

type Variables = Record<string, unknown>;

interface ScopeMessage {
  id: string;
  content: { id: string; executionId: string };
  environment: { variables: Variables };
}

interface PostponedApi {
  id: string;
  type: string;
  executionId: string;
  environment: { variables: Variables };
  signal(message?: unknown): void;
}

export interface PostponedElement {
  id: string;
  type: string;
  executionId: string;
}

/** Called for each service task, inside the step's transaction; returns the variables it sets. */
export type InvokeHandler = (name: string, scope: { elementId: string; executionId: string; variables: Variables }) => Promise<Variables | void>;

/**
 * One bpmn-engine, alive for one step only: built from the cached definition, started or recovered from
 * the saved state, driven to its next wait, asked for its new state, and dropped. Service tasks run our
 * async handlers; the session waits for all of them (and for whatever they set off) before the step ends.
 */
export class EngineSession {
  readonly timers = new DurableTimers();
  readonly visited: string[] = [];
  private readonly discards: string[] = [];
  private waitingAtResume = new Set<string>();
  private readonly engine: InstanceType<typeof Engine>;
  private readonly listener = new EventEmitter();
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown = null;
  private processVariables: Variables | null = null;
  private ended = false;

  constructor(readonly definition: LoadedDefinition, handlers: HandlerRegistry, clock: Clock, invoke: InvokeHandler) {
    const services: Record<string, unknown> = { [NOW_SERVICE]: () => clock.now() };
    for (const el of definition.diagram.meta.elements.values()) {
      if (!el.handler) continue;
      const name = el.handler;
      handlers.get(name); // a handler unregistered since deploy fails here, before anything runs
      services[name] = (scope: ScopeMessage, next: (err: unknown, out?: unknown) => void) => this.callHandler(name, scope, next, invoke);
    }
    this.engine = new Engine({
      name: definition.row.key,
      sourceContext: definition.diagram.sourceContext,
      services,
      timers: this.timers,
    } as never);
    this.listener.on('activity.start', (api: { id: string; environment?: { variables: Variables } }) => {
      this.visited.push(api.id);
      if (api.environment) this.processVariables = api.environment.variables;
    });
    this.listener.on('activity.discard', (api: { id: string }) => {
      this.discards.push(api.id);
    });
    this.engine.on('error', (err: unknown) => {
      this.failure = err;
    });
    this.engine.on('end', () => {
      this.ended = true;
    });
  }

  /**
   * Elements that waited from an earlier step and were given up in this one (the other branch of an
   * event-based gateway, a task cancelled by a boundary event). bpmn-engine also "discards" along every
   * untaken flow, loops included, which says nothing about the path: only elements that were waiting count.
   */
  get discarded(): string[] {
    return [...new Set(this.discards.filter((id) => this.waitingAtResume.has(id)))];
  }

  get isEnded(): boolean {
    return this.ended;
  }

  async start(variables: Variables): Promise<void> {
    await this.engine.execute({ listener: this.listener, variables } as never);
    await this.settle();
  }

  async resume(savedState: unknown): Promise<void> {
    this.engine.recover(savedState as never);
    await this.engine.resume({ listener: this.listener } as never);
    await this.settle();
    this.waitingAtResume = new Set(this.postponed().map((p) => p.id));
    this.discards.length = 0;
  }

  postponed(): PostponedElement[] {
    const execution = this.engine.execution;
    if (!execution || this.ended) return [];
    return (execution.getPostponed() as unknown as PostponedApi[]).map((a) => ({ id: a.id, type: a.type, executionId: a.executionId }));
  }

  /** The variables of the process: gateways read these. */
  variables(): Variables {
    if (this.processVariables) return this.processVariables;
    const execution = this.engine.execution;
    const first = execution ? (execution.getPostponed() as unknown as PostponedApi[])[0] : undefined;
    return first?.environment.variables ?? {};
  }

  /** Complete a waiting element (user task, receive task, message event) after setting variables. */
  async signal(executionId: string, variables: Variables): Promise<boolean> {
    const execution = this.engine.execution;
    const api = execution ? (execution.getPostponed() as unknown as PostponedApi[]).find((a) => a.executionId === executionId) : undefined;
    if (!api) return false;
    Object.assign(api.environment.variables, variables);
    this.processVariables = api.environment.variables;
    api.signal({ ...variables });
    await this.settle();
    return true;
  }

  async fireTimer(executionId: string): Promise<boolean> {
    const fired = this.timers.fire(executionId);
    if (fired) await this.settle();
    return fired;
  }

  /** The engine's state as JSON, without the embedded diagram: the definition row already holds it. */
  async stateJson(): Promise<string> {
    const state = (await this.engine.getState()) as { definitions?: { source?: unknown }[] };
    for (const d of state.definitions ?? []) delete d.source;
    return JSON.stringify(state);
  }

  private callHandler(name: string, scope: ScopeMessage, next: (err: unknown, out?: unknown) => void, invoke: InvokeHandler): void {
    const variables = scope.environment.variables;
    this.processVariables = variables;
    const run = (async () => {
      const out = await invoke(name, { elementId: scope.content.id, executionId: scope.content.executionId, variables });
      if (out) Object.assign(variables, out);
      next(null, out ?? {});
    })().catch((err: unknown) => {
      // The step will roll back; the engine is left waiting and is dropped with the session.
      this.failure ??= err;
    });
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  private async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failure) {
      const err = this.failure;
      this.failure = null;
      if (err instanceof AppError) throw err;
      throw new ProcessError(`process ${this.definition.row.key} v${this.definition.row.version} failed: ${(err as Error)?.message ?? String(err)}`, [], { cause: err });
    }
  }
}
