import type { RequestHandler } from 'express';

/**
 * `Cache-Control: no-store` on every answer but the listed paths: answers with personal data must not
 * stay in a browser's or a proxy's cache (a shared office computer, a "back" after signing out).
 */
export function noStoreExcept(...publicPaths: string[]): RequestHandler {
  const open = new Set(publicPaths);
  return (req, res, next) => {
    if (!open.has(req.path)) res.set('Cache-Control', 'no-store');
    next();
  };
}
