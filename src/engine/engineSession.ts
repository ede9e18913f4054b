import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import { AppError, ProcessError } from '../errors.js';
import type { Clock } from './clock.js';
import { DurableTimers } from './durableTimers.js';
import { NOW_SERVICE } from './clockedTimer.js';
import type { HandlerRegistry } from './handlers.js';
import type { LoadedDefinition } from './definitions.js';
import { codeRefusal, plainExpressions, RefusingScripts } from './noCode.js';

type Variables = Record<string, unknown>;

interface ScopeMessage {
  id: string;
  content: { id: string; executionId: string };
  environment: Environment;
}

interface Environment {
  variables: Variables;
}

interface PostponedApi {
  id: string;
  type: string;
  executionId: string;
  environment: { variables: Variables };
  owner?: { isSubProcess?: boolean };
  signal(message?: unknown): void;
  getPostponed(): PostponedApi[];
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
  /** The first element that failed in this step: an error from the engine does not always carry it. */
  private failedAt: string | null = null;
  private processEnvironment: Environment | null = null;
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
      // No code runs from a diagram, even one that never passed the deploy check (issue 10 #1).
      scripts: new RefusingScripts(),
      expressions: plainExpressions,
    } as never);
    this.listener.on('activity.start', (api: { id: string }) => {
      this.visited.push(api.id);
      this.findProcessEnvironment();
    });
    this.listener.on('process.end', (api: { environment?: Environment }) => {
      if (api.environment) this.processEnvironment = api.environment;
    });
    this.listener.on('activity.error', (api: { id: string }) => {
      this.failedAt ??= api.id;
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
    if (this.ended) return [];
    return this.waiting().map((a) => ({ id: a.id, type: a.type, executionId: a.executionId }));
  }

  /**
   * Every element that waits, at any depth (issue 11): bpmn-engine lists only the top level, where a
   * sub-process stands for everything inside it. A sub-process is kept in the list (its boundary
   * events and the migration check need it) and followed by what waits inside it.
   */
  private waiting(): PostponedApi[] {
    const execution = this.engine.execution;
    if (!execution) return [];
    const out: PostponedApi[] = [];
    const seen = new Set<string>();
    const visit = (apis: PostponedApi[]) => {
      for (const api of apis) {
        if (seen.has(api.executionId)) continue;
        seen.add(api.executionId);
        out.push(api);
        if (api.owner?.isSubProcess) visit(api.getPostponed());
      }
    };
    visit(execution.getPostponed() as unknown as PostponedApi[]);
    return out;
  }

  /** The variables of the process: gateways read these. */
  variables(): Variables {
    return this.findProcessEnvironment()?.variables ?? {};
  }

  /**
   * An instance has one set of variables. bpmn-elements gives each sub-process a copy of the process's
   * variables, and what is set inside stays inside: a gateway after the sub-process would not see a
   * decision taken in it. So a value is written to the process and to every copy that is alive now.
   */
  setVariables(variables: Variables, where?: Environment): void {
    const environments = new Set<Environment>();
    const own = this.findProcessEnvironment();
    if (own) environments.add(own);
    if (where) environments.add(where);
    for (const api of this.waiting()) environments.add(api.environment);
    for (const env of environments) Object.assign(env.variables, variables);
  }

  /** Complete a waiting element (user task, receive task, message event) after setting variables. */
  async signal(executionId: string, variables: Variables): Promise<boolean> {
    const api = this.waiting().find((a) => a.executionId === executionId);
    if (!api) return false;
    this.setVariables(variables, api.environment);
    api.signal({ ...variables });
    await this.settle();
    return true;
  }

  /** The running process's environment; the last one seen once the process has ended. */
  private findProcessEnvironment(): Environment | null {
    const definition = (this.engine.execution as unknown as { definitions?: { getRunningProcesses(): { environment: Environment }[] }[] } | null)?.definitions?.[0];
    const running = definition?.getRunningProcesses()[0];
    if (running) this.processEnvironment = running.environment;
    return this.processEnvironment;
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
    const run = (async () => {
      const out = await invoke(name, { elementId: scope.content.id, executionId: scope.content.executionId, variables });
      if (out) this.setVariables(out, scope.environment);
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
      const refusal = codeRefusal(err);
      if (refusal) {
        // A diagram that never passed the deploy check asked for code: the step fails, naming the element.
        const elementId = refusal.elementId ?? this.failedAt ?? 'definitions';
        const message = refusal.message.startsWith('<') ? refusal.message : `<${elementId}> ${refusal.message}`;
        throw new ProcessError(`process ${this.definition.row.key} v${this.definition.row.version} failed: ${message}`, [{ path: elementId, message }], { cause: refusal });
      }
      throw new ProcessError(`process ${this.definition.row.key} v${this.definition.row.version} failed: ${(err as Error)?.message ?? String(err)}`, [], { cause: err });
    }
  }
}
