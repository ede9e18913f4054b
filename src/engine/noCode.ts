/**
 * The second wall of "no code in a diagram" (issue 10 #1, DESIGN principle 2). Deploy validation refuses
 * every script and every expression beyond a plain reference; these two objects make the engine itself
 * unable to run code, so that a diagram that reached the database some other way still runs none.
 *
 * bpmn-elements runs code from a diagram in two ways (a third, `extensions` such as Camunda's input/output
 * and listeners, is never given to the engine by this host):
 * - the `scripts` registry: script tasks (`ScriptTask`), sequence-flow conditions with a `language`
 *   (`SequenceFlow.getCondition`) and conditional events with a `language` (`ConditionalEventDefinition`).
 *   bpmn-engine's default registry compiles them with node:vm, which is no sandbox.
 * - the `expressions` resolver, for every `${…}` it meets (conditions, timers, loop cardinality,
 *   collections and completion conditions, message/signal/escalation/error names, error codes, called
 *   elements, service implementations). Its default walks any property path and calls functions:
 *   `${environment.constructor.constructor("…")}` yields a Function, `${environment.services.x()}` calls one.
 */

type Callback = (err: unknown, output?: unknown) => void;

interface ScriptOwner {
  id?: string;
  type?: string;
  behaviour?: { scriptFormat?: string; script?: string };
}

/** What a refused script or expression fails with; no retry can cure it (a job becomes an incident at once). */
export class CodeRefusedError extends Error {
  override name = 'CodeRefusedError';
  constructor(readonly elementId: string | null, message: string) {
    super(message);
  }
}

/** The refusal behind an engine error, if that is what it was: bpmn-elements wraps errors as `inner`. */
export function codeRefusal(err: unknown): CodeRefusedError | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    if (e instanceof CodeRefusedError) return e;
    const next: unknown = (e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause;
    e = next;
  }
  return null;
}

/** Stands where a script would run: fails the step, naming the element, and runs nothing. */
class RefusedScript {
  readonly language: string;
  constructor(readonly elementId: string, language: string | undefined) {
    this.language = language || 'unknown';
  }

  execute(_scope: unknown, callback?: Callback): void {
    const err = new CodeRefusedError(this.elementId, `<${this.elementId}> holds a ${this.language} script; this host runs no code from a diagram`);
    if (!callback) throw err;
    callback(err);
  }
}

/**
 * The `scripts` registry given to bpmn-engine. It never compiles anything. A script task, a condition with a
 * language, or a conditional event with a language gets a script that fails its step with the element id;
 * every other element gets none (a sequence flow without a language then uses the expression resolver).
 */
export class RefusingScripts {
  register(owner: ScriptOwner): RefusedScript | undefined {
    // The conditional event registers itself as "<activity id>/<index of the event definition>".
    const id = String(owner.id ?? owner.type ?? 'unknown').replace(/\/\d+$/, '');
    if (owner.type === 'bpmn:SequenceFlow') return undefined; // asked again through getScript, with its language
    return new RefusedScript(id, owner.behaviour?.scriptFormat);
  }

  getScript(language: string | undefined, owner: ScriptOwner): RefusedScript | undefined {
    if (language || owner.type === 'bpmn:ScriptTask') return new RefusedScript(String(owner.id ?? 'unknown'), language);
    return undefined;
  }
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

interface ResolveContext {
  environment?: { variables?: unknown; services?: unknown };
}

/**
 * The `expressions` resolver given to bpmn-engine. It resolves only what the deploy check allows:
 * `${environment.variables.a.b}` (own properties of plain data, never a prototype) and
 * `${environment.services.name}` (a registered handler, handed to a service task, never called here),
 * plus the literals true, false, null and numbers that bpmn-elements itself uses. Anything else fails
 * the step with the expression quoted: nothing is called and no property outside the variables is read.
 */
export const plainExpressions = {
  resolveExpression(template: unknown, context?: ResolveContext): unknown {
    if (typeof template !== 'string' || !template.includes('${')) return template;
    const whole = /^\$\{([^}]*)\}$/.exec(template);
    if (whole) return resolvePlain(whole[1]!, template, context);
    return template.replace(PLACEHOLDER, (match, inner: string) => {
      const value = resolvePlain(inner, match, context);
      return value === undefined || value === null ? '' : String(value);
    });
  },
  isExpression(text: unknown): boolean {
    return typeof text === 'string' && /^\$\{.+\}$/.test(text);
  },
  hasExpression(text: unknown): boolean {
    return typeof text === 'string' && /\$\{.+?\}/.test(text);
  },
};

function resolvePlain(inner: string, expression: string, context: ResolveContext | undefined): unknown {
  const path = inner.trim();
  if (path === 'true') return true;
  if (path === 'false') return false;
  if (path === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(path)) return Number(path);
  const parts = path.split('.');
  const refused = () => new CodeRefusedError(null, `expression "${expression}" is not allowed: only \${environment.variables.<name>} and \${environment.services.<handler>} are resolved`);
  if (parts.length < 3 || parts[0] !== 'environment' || !parts.every((p) => NAME.test(p) && !FORBIDDEN.has(p))) throw refused();
  const environment = context?.environment;
  if (parts[1] === 'services') {
    if (parts.length !== 3) throw refused();
    const services = environment?.services;
    return isRecord(services) && Object.hasOwn(services, parts[2]!) ? services[parts[2]!] : undefined;
  }
  if (parts[1] !== 'variables') throw refused();
  let value: unknown = environment?.variables;
  for (const key of parts.slice(2)) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  // A function is never handed out from the variables: only data is.
  return typeof value === 'function' ? undefined : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
