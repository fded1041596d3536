import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError, UnavailableError } from '../../kernel/errors.ts';

/** Slack refuses replays older than this; so does Cairn. */
const SLACK_MAX_AGE_SECONDS = 5 * 60;

/**
 * Slack's request signing (v0): `X-Slack-Signature` is `v0=` + hex HMAC-SHA256 of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>` with the app's signing secret; a timestamp more than
 * five minutes from now is refused, so a captured request cannot be replayed later.
 */
export function verifySlackSignature(
  secret: string | undefined,
  rawBody: Buffer,
  headers: { timestamp: string | string[] | undefined; signature: string | string[] | undefined },
  nowMs: number,
): void {
  const checked = checkSlackHeaders(secret, headers);
  const ageSeconds = Math.abs(nowMs / 1000 - Number(checked.timestamp));
  if (!Number.isFinite(ageSeconds) || ageSeconds > SLACK_MAX_AGE_SECONDS) {
    throw new UnauthenticatedError(
      `X-Slack-Request-Timestamp ${checked.timestamp} is more than ${SLACK_MAX_AGE_SECONDS} seconds from now`,
    );
  }
  const expected = Buffer.from(signSlackBody(checked.secret, checked.timestamp, rawBody));
  const given = Buffer.from(checked.signature.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthenticatedError(
      'X-Slack-Signature does not match the body signed with the configured secret',
    );
  }
}

/** What can be checked before the body is read: a secret is configured and both headers are there. */
export function checkSlackHeaders(
  secret: string | undefined,
  headers: { timestamp: string | string[] | undefined; signature: string | string[] | undefined },
): { secret: string; timestamp: string; signature: string } {
  if (!secret) {
    throw new UnavailableError(
      'the Slack integration has no secret: set support.slackSigningSecret in cairn.yaml',
    );
  }
  const { timestamp, signature } = headers;
  if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) {
    throw new UnauthenticatedError('X-Slack-Request-Timestamp is missing or not a number of seconds');
  }
  if (typeof signature !== 'string' || signature === '') {
    throw new UnauthenticatedError('X-Slack-Signature is missing');
  }
  return { secret, timestamp, signature };
}

/** The `X-Slack-Signature` Slack would send (tests and docs use it). */
export function signSlackBody(secret: string, timestamp: string, body: string | Buffer): string {
  const base = Buffer.concat([
    Buffer.from(`v0:${timestamp}:`),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);
  return `v0=${createHmac('sha256', secret).update(base).digest('hex')}`;
}

/** A Mattermost slash command or outgoing webhook carries its token in the body: it must be one configured. */
export function verifyMattermostToken(tokens: readonly string[], given: string | undefined): void {
  if (tokens.length === 0) {
    throw new UnavailableError(
      'the Mattermost integration has no token: add the command token to support.mattermostTokens in cairn.yaml',
    );
  }
  const presented = Buffer.from(given ?? '');
  const known = tokens.some((token) => {
    const expected = Buffer.from(token);
    return expected.length === presented.length && timingSafeEqual(expected, presented);
  });
  if (!known) throw new UnauthenticatedError('token: not a Mattermost command token Cairn knows');
}
