import { Router } from 'express';
import type { WebContext } from '../context.js';

export function registerPages(_ctx: WebContext): Router {
  return Router();
}
