import { Router } from 'express';
import type { WebContext } from '../context.js';

export function adminPages(_ctx: WebContext): Router {
  return Router();
}
