/**
 * The one error hierarchy of the system. Each class has a stable `code` (it survives JSON and reaches
 * API clients), names its subject in the message, and keeps its cause. The HTTP layer maps them to
 * status codes in one place (http/errors.ts); nothing below it knows about HTTP.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, as the API contract's `details[].path`. */
  readonly path: string;
  readonly message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  constructor(message: string, readonly details: readonly FieldIssue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Thrown when valid JSON has invalid content: a field, an identifier, a diagram element. */
export class ValidationError extends AppError {
  readonly code: string = 'validation_failed';
}

/** Thrown when the state of a thing no longer allows the action: a stale version, a completed task. */
export class ConflictError extends AppError {
  readonly code: string;
  constructor(message: string, code = 'conflict', options?: { cause?: unknown }) {
    super(message, [], options);
    this.code = code;
  }
}

/** Thrown when the subject of a call does not exist (or must not be revealed to exist). */
export class NotFoundError extends AppError {
  readonly code = 'not_found';
}

/** Thrown when the caller is not signed in or the credentials are wrong. */
export class UnauthenticatedError extends AppError {
  readonly code = 'unauthenticated';
}

/** Thrown when the caller is signed in but has no role for the action. */
export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
}

/**
 * Thrown when the caller must wait: a sign-in during a lockout, or more sign-ins at once than the
 * server verifies. `retryAfterSeconds` becomes the Retry-After header.
 */
export class TooManyRequestsError extends AppError {
  readonly code: string;
  constructor(message: string, code: string, readonly retryAfterSeconds: number) {
    super(message);
    this.code = code;
  }
}

/** Thrown when a BPMN diagram cannot be deployed; details name the offending element ids. */
export class DeploymentError extends AppError {
  readonly code = 'deployment_invalid';
}

/** Thrown by the engine host when a step fails for a reason that is not the caller's input. */
export class ProcessError extends AppError {
  readonly code = 'process_failed';
}

/** Exhaustiveness guard for switches over union types. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
