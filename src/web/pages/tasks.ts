import { Router } from 'express';
import type { WebContext } from '../context.js';

export function taskPages(_ctx: WebContext): Router {
  return Router();
}
