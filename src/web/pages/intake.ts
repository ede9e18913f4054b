import { Router } from 'express';
import type { WebContext } from '../context.js';

export function intakePages(_ctx: WebContext): Router {
  return Router();
}
