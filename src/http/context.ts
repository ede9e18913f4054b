import type { Config } from '../config.js';
import type { System } from '../system.js';
import type { TokenService } from './auth/tokens.js';
import type { ApiDocs } from './openapi.js';
import type { SignInGuard } from './auth/signIn.js';
import type { ApiGuard } from './auth/middleware.js';

/** What every route module is given: the system below HTTP, the configuration, tokens and the API docs. */
export interface HttpContext {
  system: System;
  config: Pick<Config, 'fakeClock'>;
  tokens: TokenService;
  docs: ApiDocs;
  /** Every password check (token, password change) goes through here: lockout and verification gate. */
  signIns: SignInGuard;
  /** Every route's role check, run before its body is parsed. */
  guard: ApiGuard;
}
