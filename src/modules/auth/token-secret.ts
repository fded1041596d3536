import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Token format: `cairn_<id>_<secret>`. The id locates the row without revealing anything; the
 * stored value is a SHA-256 of the whole token (tokens carry 256 bits of entropy, so a slow hash
 * adds nothing), compared in constant time.
 */
const TOKEN_PATTERN = /^cairn_([a-f0-9]{16})_[A-Za-z0-9_-]{20,}$/;

/** Id of the bootstrap admin token row; the bootstrap token may have any shape (CAIRN_ADMIN_TOKEN). */
export const BOOTSTRAP_TOKEN_ID = 'bootstrap';

export function generateToken(id = randomBytes(8).toString('hex')): { id: string; secret: string } {
  return { id, secret: `cairn_${id}_${randomBytes(32).toString('base64url')}` };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The row id a presented token claims; tokens of other shapes can only be the bootstrap token. */
export function tokenIdOf(token: string): string {
  return TOKEN_PATTERN.exec(token)?.[1] ?? BOOTSTRAP_TOKEN_ID;
}

export function tokenMatchesHash(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
