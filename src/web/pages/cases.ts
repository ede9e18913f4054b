import { Router } from 'express';
import type { WebContext } from '../context.js';

export function casePages(_ctx: WebContext): Router {
  return Router();
}
