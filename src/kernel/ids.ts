import { randomBytes } from 'node:crypto';

/** A short random id, URL-safe, sortable by nothing: use created-at columns to order. */
export function newId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}
