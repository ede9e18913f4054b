import type { System } from '../system.js';
import type { RequestService } from '../requests/service.js';
import type { PageRenderer } from './render.js';
import type { SessionStore } from './sessions.js';

/** What every page module is given. */
export interface WebContext {
  system: System;
  requests: RequestService;
  pages: PageRenderer;
  sessions: SessionStore;
}
