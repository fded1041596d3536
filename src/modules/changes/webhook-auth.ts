import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError, UnavailableError } from '../../kernel/errors.ts';

/**
 * Checks GitHub's `X-Hub-Signature-256: sha256=<hex HMAC of the raw body>` in constant time.
 * Without a configured secret nothing can be verified, so every delivery is refused.
 */
export function verifyGithubSignature(
  secret: string | undefined,
  rawBody: Buffer,
  header: string | string[] | undefined,
): void {
  const checked = checkGithubSignatureHeader(secret, header);
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', checked.secret).update(rawBody).digest('hex')}`,
  );
  const given = Buffer.from(checked.signature.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthenticatedError(
      'X-Hub-Signature-256 does not match the body signed with the configured secret',
    );
  }
}

/**
 * What can be checked of a GitHub delivery before its body is read: a secret is configured and the
 * request carries a signature header. The HMAC itself needs the body (`verifyGithubSignature`).
 */
export function checkGithubSignatureHeader(
  secret: string | undefined,
  header: string | string[] | undefined,
): { secret: string; signature: string } {
  if (!secret) {
    throw new UnavailableError(
      'the GitHub integration has no secret: set integrations.github.webhookSecret in cairn.yaml',
    );
  }
  if (typeof header !== 'string' || header === '') {
    throw new UnauthenticatedError('X-Hub-Signature-256 is missing: configure the webhook with a secret');
  }
  return { secret, signature: header };
}

/** The signature header value GitHub would send for `body` (tests and docs use it). */
export function signGithubBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
