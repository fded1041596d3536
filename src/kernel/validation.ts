import type { z } from 'zod';
import { InputError } from './errors.ts';

/**
 * Parses `value` with `schema`; on failure throws an InputError whose message names the field,
 * e.g. `body.scope: Invalid option: expected one of "ingest"|"read"|"operate"|"admin"`.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, location: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = [location, ...(first?.path ?? []).map(String)].join('.');
  const messages = result.error.issues.map((issue) => {
    const path = [location, ...issue.path.map(String)].join('.');
    return `${path}: ${issue.message}`;
  });
  throw new InputError(messages.join('; '), field);
}
