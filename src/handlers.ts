import { HandlerRegistry } from './engine/handlers.js';

/**
 * The handlers that diagrams in processes/ may name. Each is registered by name; a diagram that names
 * any other is refused at deploy (DESIGN principle 2).
 */
export function registerHandlers(registry = new HandlerRegistry()): HandlerRegistry {
  // `noop` lets a diagram mark a step that has no effect yet; it sets nothing.
  registry.register('noop', async () => undefined);
  return registry;
}
