import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ConflictError, DeploymentError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

export const statusOf = (err: AppError): number => {
  if (err instanceof ValidationError || err instanceof DeploymentError) return 422;
  if (err instanceof ConflictError) return 409;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof UnauthenticatedError) return 401;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof TooManyRequestsError) return 429;
  return 500;
};

export function errorBody(code: string, message: string, details: readonly { path: string; message: string }[] = []): ErrorBody {
  return { error: { code, message, details: details.map((d) => ({ path: d.path, message: d.message })) } };
}

/** Unknown routes under the API answer in the API's error shape, not Express's HTML. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('not_found', `no route ${req.method} ${req.path}`));
};

/**
 * The one place where errors become HTTP (STYLE.md 6). Malformed JSON is 400; our typed errors map to
 * 422/409/404/403/401; anything else is a 500 whose message reveals nothing (the log has the details,
 * and the log carries no personal data: only the error's own text and stack).
 */
export function errorHandler(log: (msg: string) => void = (m) => console.error(m)): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('malformed_json', 'The request body is not valid JSON.'));
      return;
    }
    if (e?.type === 'entity.too.large') {
      res.status(413).json(errorBody('payload_too_large', 'The request body is too large.'));
      return;
    }
    if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
      res.status(415).json(errorBody('unsupported_media_type', 'The request body must be UTF-8.'));
      return;
    }
    if (err instanceof AppError) {
      const status = statusOf(err);
      if (err instanceof TooManyRequestsError) res.set('Retry-After', String(Math.max(1, err.retryAfterSeconds)));
      if (status === 500) log(`${req.method} ${req.path}: ${err.name}: ${err.message}\n${err.stack}`);
      res.status(status).json(errorBody(err.code, err.message, err.details));
      return;
    }
    log(`${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}`);
    res.status(500).json(errorBody('internal_error', 'An unexpected error occurred; it has been logged.'));
  };
}
