import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Parse input with a zod schema; every issue becomes a `details` entry with its dotted path. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, root = ''): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
  throw new ValidationError(`invalid input: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}
