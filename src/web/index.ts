import path from 'node:path';
import express, { Router, type ErrorRequestHandler } from 'express';
import { AppError } from '../errors.js';
import { requestIdOf } from '../http/requestId.js';
import { clientFaultOf, safePath, statusOf } from '../http/errors.js';
import { noStoreExcept } from '../http/noStore.js';
import { storageLimitOf } from '../persistence/storageErrors.js';
import type { System } from '../system.js';
import type { RequestService } from '../requests/service.js';
import { PageRenderer } from './render.js';
import { SessionStore } from './sessions.js';
import { SignInGuard } from '../http/auth/signIn.js';
import { csrfCheck, loadSession, pageModel } from './middleware.js';
import type { WebContext } from './context.js';
import { signInPages } from './pages/signIn.js';
import { pageModules } from './pages/index.js';

/**
 * The staff web application (issue 5): server-rendered pages in Slovenian. Sessions from the database,
 * CSRF tokens on every form, role checks per page; no inline script (helmet's CSP), so scripts are
 * files under /static.
 */
export function webRoutes(
  system: System, requests: RequestService, log: (m: string) => void = (m) => console.error(m),
  auth: { signIns?: SignInGuard; sessionMaxMs?: number } = {},
): Router {
  const ctx: WebContext = {
    system, requests,
    pages: new PageRenderer(path.join(system.projectRoot, 'views')),
    sessions: new SessionStore(system.db, () => system.clock.now(), auth.sessionMaxMs),
    signIns: auth.signIns ?? new SignInGuard(system.db),
  };
  const r = Router();
  // Bundled browser scripts (bpmn-js and src/web/client, scripts/build-static.mjs; `npm run build`), before /static.
  r.use('/static/bundle', express.static(path.join(system.projectRoot, 'dist', 'static'), { maxAge: '1h', fallthrough: false }));
  r.use('/static', express.static(path.join(system.projectRoot, 'views', 'static'), { maxAge: '1h', fallthrough: false }));
  // Pages show personal data (and the sign-in form its CSRF token): none of them stays in a cache.
  r.use(noStoreExcept());
  r.use(express.urlencoded({ extended: true, limit: '1mb' }));
  r.use(loadSession(ctx));
  r.use(csrfCheck(ctx));
  r.use(signInPages(ctx));
  for (const m of pageModules) r.use(m(ctx));
  r.use((req, res) => {
    res.status(404).send(ctx.pages.page('error', pageModel(req, { title: 'Stran ne obstaja', message: 'Strani, ki jo iščete, ni.' })));
  });
  r.use(pageErrors(ctx, log));
  return r;
}

const TITLES: Record<number, string> = { 400: 'Napačna zahteva', 413: 'Preveliko', 415: 'Napačna vrsta vsebine', 403: 'Dostop zavrnjen', 404: 'Ni najdeno', 409: 'Dejanje ni več mogoče', 422: 'Podatki niso veljavni' };

/**
 * Errors on pages become pages: our typed errors with their message; what Express rejects before our code
 * (a malformed `%` in the path, a bad body) with its 4xx; a value the database cannot store is 422; anything
 * else a plain 500 that shows nothing of the error.
 */
function pageErrors(ctx: WebContext, log: (m: string) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const fault = clientFaultOf(err);
    const stored = fault || err instanceof AppError ? null : storageLimitOf(err);
    const status = fault ? fault.status : err instanceof AppError ? statusOf(err) : stored ? 422 : 500;
    if (status === 500) log(`${req.method} ${safePath(req.originalUrl)} [request ${requestIdOf(res)}]: ${(err as Error)?.stack ?? String(err)}`);
    const message = status === 500 ? `Prišlo je do nepričakovane napake; zapisana je v dnevnik pod številko ${requestIdOf(res)}.`
      : fault ? fault.slovenian : stored ? stored.slovenian : slovenian(err as AppError, status);
    res.status(status).send(ctx.pages.page('error', pageModel(req, { title: TITLES[status] ?? 'Napaka', message })));
  };
}

const BY_CODE: Record<string, string> = {
  task_not_open: 'Naloga je že zaključena; osvežite seznam nalog.',
  task_claimed: 'Nalogo je prevzel drug uporabnik.',
  stale_version: 'Zadevo je medtem spremenil nekdo drug; osvežite stran in poskusite znova.',
  not_found: 'Iskanega zapisa ni.',
};

/** Staff read Slovenian; the English message of the error stays in the log and the API. */
function slovenian(err: AppError, status: number): string {
  return BY_CODE[err.code] ?? ({ 403: 'Za to dejanje nimate pravic.', 404: 'Iskanega zapisa ni.', 409: 'Dejanje v tem stanju zadeve ni mogoče.', 422: 'Podatki niso veljavni.' } as Record<number, string>)[status] ?? 'Napaka.';
}
