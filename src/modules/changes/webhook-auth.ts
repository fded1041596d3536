import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError, UnavailableError } from '../../kernel/errors.ts';
import { scopeAllows } from '../../kernel/scopes.ts';
import type { Authenticator } from '../../server/http/register-routes.ts';

/**
 * Checks GitHub's `X-Hub-Signature-256: sha256=<hex HMAC of the raw body>` in constant time.
 * Without a configured secret nothing can be verified, so every delivery is refused.
 */
export function verifyGithubSignature(
  secret: string | undefined,
  rawBody: Buffer,
  header: string | string[] | undefined,
): void {
  if (!secret) {
    throw new UnavailableError(
      'the GitHub integration has no secret: set integrations.github.webhookSecret in cairn.yaml',
    );
  }
  if (typeof header !== 'string' || header === '') {
    throw new UnauthenticatedError('X-Hub-Signature-256 is missing: configure the webhook with a secret');
  }
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthenticatedError(
      'X-Hub-Signature-256 does not match the body signed with the configured secret',
    );
  }
}

/** The signature header value GitHub would send for `body` (tests and docs use it). */
export function signGithubBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Senders that cannot set headers (the Jenkins Notification plugin) put a Cairn token with the
 * ingest scope in the URL (`?token=`); others send `Authorization: Bearer`. Either must be valid.
 */
export async function authenticateSender(
  authenticator: Authenticator,
  authorization: string | undefined,
  queryToken: string | undefined,
): Promise<void> {
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  const token = bearer ?? queryToken;
  if (!token)
    throw new UnauthenticatedError(
      'a token with the ingest scope is required (Authorization: Bearer, or ?token=)',
    );
  const principal = await authenticator.authenticate(token);
  if (!principal || !scopeAllows(principal.scope, 'ingest')) {
    throw new UnauthenticatedError('the token is unknown, revoked, or lacks the ingest scope');
  }
}
