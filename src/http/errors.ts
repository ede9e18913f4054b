import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ConflictError, DeploymentError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../errors.js';
import { storageLimitOf } from '../persistence/storageErrors.js';
import { requestIdOf } from './requestId.js';

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
  res.status(404).json(errorBody('not_found', `no route ${req.method} ${safePath(req.originalUrl)}`));
};

/** A path for a message or a log line: never throws on a malformed `%` escape, never echoes a query. */
export function safePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** A typed answer for what Express and body-parser reject before our code runs (they carry a 4xx `status`). */
export interface ClientFault {
  status: number;
  code: string;
  message: string;
  /** Slovenian words for the staff pages. */
  slovenian: string;
  details: { path: string; message: string }[];
}

const ZLIB_CODES = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_NEED_DICT', 'ERR_BROTLI_DECOMPRESSION_FAILED', 'ERR_ZSTD_DECOMPRESSION_FAILED']);

/**
 * What the caller did wrong, if the error says so; null for errors that are ours (500). Express's router
 * and body-parser mark their errors with a 4xx `status`: a malformed `%` escape in the path, a body that
 * is not valid gzip, JSON nested too deeply, a body too large, an unknown charset.
 */
export function clientFaultOf(err: unknown): ClientFault | null {
  if (err instanceof AppError) return null;
  const e = (err ?? {}) as { type?: string; status?: number; statusCode?: number; code?: string; message?: string };
  const status = Number(e.status ?? e.statusCode);
  const fault = (s: number, code: string, message: string, slovenian: string, path: string | null = '(body)'): ClientFault =>
    ({ status: s, code, message, slovenian, details: path ? [{ path, message: slovenian }] : [] });
  // The body as a whole: these keep the empty details they always had.
  if (e.type === 'entity.parse.failed') return fault(400, 'malformed_json', 'The request body is not valid JSON.', 'Telo zahteve ni veljaven JSON.', null);
  if (e.type === 'entity.too.deep') return fault(400, 'malformed_json', e.message ?? 'The request body is nested too deeply.', 'Telo zahteve je pregloboko gnezdeno.');
  if (e.type === 'entity.too.large') return fault(413, 'payload_too_large', 'The request body is too large.', 'Telo zahteve je preveliko.', null);
  if (e.type === 'charset.unsupported') return fault(415, 'unsupported_media_type', 'The request body must be UTF-8.', 'Telo zahteve mora biti v UTF-8.', null);
  if (e.type === 'encoding.unsupported') return fault(415, 'unsupported_media_type', 'The Content-Encoding of the body is not supported (use gzip, deflate, br or none).', 'Stiskanje telesa zahteve ni podprto.');
  if (e.code && ZLIB_CODES.has(e.code)) return fault(400, 'malformed_body', 'The request body is not valid for its Content-Encoding (it cannot be decompressed).', 'Stisnjenega telesa zahteve ni mogoče razširiti.');
  if (err instanceof URIError || /^Failed to decode param/.test(e.message ?? '')) return fault(400, 'malformed_path', 'The path contains a malformed %-escape.', 'Naslov strani vsebuje neveljaven znak %.', 'path');
  if (status >= 400 && status < 500) return fault(status, status === 404 ? 'not_found' : 'bad_request', status === 404 ? 'Not found.' : 'The request cannot be processed.', status === 404 ? 'Strani, ki jo iščete, ni.' : 'Zahteve ni mogoče obdelati.');
  return null;
}

/**
 * The one place where errors become HTTP (docs/architecture.md). What the caller sent wrong is 4xx (malformed JSON,
 * gzip or path 400; our typed errors 422/409/404/403/401); a value the database cannot store is 422 as a
 * last resort (the schemas should have caught it). Anything else is a 500 whose message reveals nothing —
 * no SQL, no stack: the log has the details, and the log carries no personal data (only the error's text).
 */
export function errorHandler(log: (msg: string) => void = (m) => console.error(m)): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const fault = clientFaultOf(err);
    if (fault) {
      res.status(fault.status).json(errorBody(fault.code, fault.message, fault.details));
      return;
    }
    if (err instanceof AppError && statusOf(err) !== 500) {
      if (err instanceof TooManyRequestsError) res.set('Retry-After', String(Math.max(1, err.retryAfterSeconds)));
      res.status(statusOf(err)).json(errorBody(err.code, err.message, err.details));
      return;
    }
    const limit = storageLimitOf(err);
    if (limit) {
      log(`${req.method} ${safePath(req.originalUrl)}: refused by the database: ${limit.reason}`);
      res.status(422).json(errorBody('validation_failed', limit.message, [{ path: '(body)', message: limit.slovenian }]));
      return;
    }
    const id = requestIdOf(res);
    log(`${req.method} ${safePath(req.originalUrl)} [request ${id}]: ${(err as Error)?.stack ?? String(err)}`);
    // Our own 500s keep their code (process_failed); their message may quote the database, so it stays in the log.
    res.status(500).json(errorBody(err instanceof AppError ? err.code : 'internal_error', `An unexpected error occurred; it has been logged${id === '-' ? '' : ` as request ${id}`}.`));
  };
}
