import type { System } from '../system.js';
import type { RequestService } from '../requests/service.js';
import type { PageRenderer } from './render.js';
import type { SessionStore } from './sessions.js';
import type { SignInGuard } from '../http/auth/signIn.js';

/** What every page module is given. */
export interface WebContext {
  system: System;
  requests: RequestService;
  pages: PageRenderer;
  sessions: SessionStore;
  /** Shared with the API: one lockout and one verification gate for every password typed. */
  signIns: SignInGuard;
}
