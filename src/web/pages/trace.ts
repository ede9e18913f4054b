import { Router } from 'express';
import type { WebContext } from '../context.js';

export function tracePages(_ctx: WebContext): Router {
  return Router();
}
