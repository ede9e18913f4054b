import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

// A caller's own id is kept only if it is short and plain: it ends up in log lines.
const acceptable = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Every answer carries an `X-Request-Id`; a 500's message and its log line name it, so that a person who
 * reports an error and the administrator reading the log speak of the same request (no personal data needed).
 */
export const requestIds: RequestHandler = (req, res, next) => {
  const offered = req.get('x-request-id');
  const id = offered && acceptable.test(offered) ? offered : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

export const requestIdOf = (res: Response): string => String(res.locals.requestId ?? '-');
