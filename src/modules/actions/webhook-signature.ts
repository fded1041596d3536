/**
 * Signing of the webhook executor's calls and of the reports automations send back: an
 * HMAC-SHA256 over `<timestamp>.<body>` with the configured secret, in two headers. The timestamp
 * (Unix seconds) is inside the signature, so a captured request cannot be replayed after
 * {@link SIGNATURE_TOLERANCE_SECONDS}.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError, UnavailableError } from '../../kernel/errors.ts';

export const TIMESTAMP_HEADER = 'x-cairn-timestamp';
export const SIGNATURE_HEADER = 'x-cairn-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` of `<timestamp>.<body>`. */
export function signPayload(secret: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/** Both headers for `body`, signed now. */
export function signedHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signPayload(secret, timestamp, body) };
}

/** The header-only part (before the body is read): a secret is configured and both headers are there. */
export function checkSignatureHeaders(
  secret: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): { secret: string; timestamp: number; signature: string } {
  if (!secret) {
    throw new UnavailableError('run reports are signed: set actions.webhook.signingSecret in cairn.yaml');
  }
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    throw new UnauthenticatedError(`${TIMESTAMP_HEADER} is missing or not Unix seconds`);
  }
  if (typeof signature !== 'string' || signature === '') {
    throw new UnauthenticatedError(`${SIGNATURE_HEADER} is missing: sign the body (see docs/actions.md)`);
  }
  return { secret, timestamp: Number(timestamp), signature };
}

/** Verifies the signature over the raw body in constant time, and that it is recent. */
export function verifySignedRequest(
  secret: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  nowMs: number,
): void {
  const checked = checkSignatureHeaders(secret, headers);
  const ageSeconds = Math.abs(nowMs / 1000 - checked.timestamp);
  if (ageSeconds > SIGNATURE_TOLERANCE_SECONDS) {
    throw new UnauthenticatedError(
      `${TIMESTAMP_HEADER} is ${Math.round(ageSeconds)} s away from Cairn's clock (at most ${SIGNATURE_TOLERANCE_SECONDS} s)`,
    );
  }
  const expected = Buffer.from(signPayload(checked.secret, checked.timestamp, rawBody));
  const given = Buffer.from(checked.signature.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthenticatedError(
      `${SIGNATURE_HEADER} does not match the body signed with the configured secret`,
    );
  }
}
