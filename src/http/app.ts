import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { System } from '../system.js';
import { ApiDocs } from './openapi.js';
import { requestIds } from './requestId.js';
import { apiNotFound, errorHandler } from './errors.js';
import { rejectDeepJson } from './jsonDepth.js';
import { noStoreExcept } from './noStore.js';
import { ApiGuard, bearerAuth } from './auth/middleware.js';
import type { TokenService } from './auth/tokens.js';
import { SignInGuard } from './auth/signIn.js';
import { DEFAULT_GATE_LIMITS, VerificationGate } from './auth/verificationGate.js';
import type { HttpContext } from './context.js';
import { authRoutes } from './api/authRoutes.js';
import { userRoutes } from './api/userRoutes.js';
import { systemRoutes } from './api/systemRoutes.js';
import { definitionRoutes } from './api/definitionRoutes.js';
import { migrationRoutes } from './api/migrationRoutes.js';
import { taskRoutes } from './api/taskRoutes.js';
import { instanceRoutes } from './api/instanceRoutes.js';
import { lawRoutes } from './api/lawRoutes.js';
import { templateRoutes } from './api/templateRoutes.js';
import { ruleSetRoutes } from './api/ruleSetRoutes.js';
import { requestRoutes } from './api/requestRoutes.js';
import { phoneRoutes } from './api/phoneRoutes.js';
import { intakeRoutes } from './api/intakeRoutes.js';
import { letterRoutes } from './api/letterRoutes.js';
import { IntakeDrafts } from '../intake/drafts.js';
import type { RequestService } from '../requests/service.js';
import { webRoutes } from '../web/index.js';

export interface AppOptions {
  system: System;
  config: Pick<Config, 'fakeClock'> & Partial<Pick<Config, 'sessionMaxHours' | 'signInConcurrency'>>;
  tokens: TokenService;
  /** The password checks of web and API (one lockout, one verification gate); built from config when absent. */
  signIns?: SignInGuard;
  requests?: RequestService;
  log?: (msg: string) => void;
}

/**
 * Builds the Express application (docs/architecture.md: app.ts builds, server.ts listens), so tests drive it
 * without a port. The route table: /healthz, then /api/v1 — public routes first, then the bearer
 * token gate, then everything that needs a signed-in user.
 */
export function buildApp(o: AppOptions): Express {
  const app = express();
  const docs = new ApiDocs();
  const signIns = o.signIns ?? new SignInGuard(o.system.db, new VerificationGate({ ...DEFAULT_GATE_LIMITS, maxConcurrent: o.config.signInConcurrency ?? DEFAULT_GATE_LIMITS.maxConcurrent }));
  const guard = new ApiGuard();
  const ctx: HttpContext = { system: o.system, config: o.config, tokens: o.tokens, docs, signIns, guard };
  app.disable('x-powered-by');
  app.use(requestIds);
  app.set('trust proxy', 'loopback');
  // upgrade-insecure-requests is left out: on a plain-http start (localhost) it sends the browser's own
  // same-origin redirects to https, where nothing listens. Everything is same-origin; no mixed content.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const api = express.Router();
  // Every answer of the API may carry personal data (or an error about it): no cache keeps it, except
  // the public contract. Set first, so that errors of the body parsers carry it too.
  api.use(noStoreExcept('/openapi.json'));
  const bodies = [
    express.json({ limit: '1mb', strict: false, verify: rejectDeepJson }),
    express.text({ type: ['application/xml', 'text/xml', 'application/bpmn+xml'], limit: '5mb' }),
    express.raw({ type: ['message/rfc822'], limit: '26mb' }),
  ];
  api.get('/openapi.json', (_req, res) => {
    res.json(docs.document());
  });
  api.use('/auth', bodies);
  api.use(authRoutes(ctx));
  const authed = express.Router();
  // Token, then the route's role (issue 10 #6), and only then is a body read: 401 and 403 come before 400 and 422.
  authed.use(bearerAuth(o.tokens), guard.router, bodies);
  authed.use(userRoutes(ctx));
  authed.use(systemRoutes(ctx));
  authed.use(definitionRoutes(ctx));
  authed.use(migrationRoutes(ctx));
  authed.use(instanceRoutes(ctx));
  const requests = o.requests;
  authed.use(taskRoutes(ctx, requests ? {
    complete: async (task, body, actor, principal) => (await requests.requestIdOfInstance(task.instanceId)) ? requests.completeTask(task.id, body, actor, principal.roles) : null,
  } : {}));
  if (requests) authed.use(requestRoutes(ctx, requests), phoneRoutes(ctx, requests), intakeRoutes(ctx, new IntakeDrafts(o.system.db, o.system.clock), requests), letterRoutes(ctx, requests));
  authed.use(lawRoutes(ctx, o.system.rules));
  if (requests) authed.use(templateRoutes(ctx, requests.deps.letters));
  authed.use(ruleSetRoutes(ctx));
  api.use(authed);
  api.use(apiNotFound);
  app.use('/api/v1', api);
  app.use(errorHandler(o.log));
  if (requests) app.use(webRoutes(o.system, requests, o.log, { signIns, sessionMaxMs: (o.config.sessionMaxHours ?? 10) * 3_600_000 }));
  return app;
}
