import { generateDemoHistory } from './generate-history.ts';

/** Sends one request to the Cairn API (a JSON body for POST) and answers its status and JSON body. */
export type ApiPost = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** A client over HTTP with a bearer token (the demo talks to its Cairn through the API only). */
export function httpPoster(url: string, token: string): ApiPost {
  return async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

/** The channel the demo's support requests are recorded under: how a restart knows they are there. */
export const HISTORY_CHANNEL = 'demo/history';
/** A few questions people asked, and whether what Cairn answered solved them. */
export const HISTORY_SUPPORT_REQUESTS = [
  { text: 'how do I roll back payment after a bad deploy?', resolution: 'self-service' },
  { text: 'can I get more replicas for cart before the sale?', resolution: 'self-service' },
  { text: 'where are the logs of checkout?', resolution: null },
  { text: 'I need access to the orders database', resolution: 'platform-team' },
] as const;

/**
 * Posts the shop's 90-day history (deployments with commits, rollbacks) through
 * `POST /api/v1/changes`, so the DORA and insights pages have data from the first minute. Posting
 * it again (a restart on the same data dir) records nothing new: each change has its key.
 */
export async function seedDemoHistory(
  post: ApiPost,
  nowMs: number,
  announce: (message: string) => void = () => {},
): Promise<{ recorded: number; already: number }> {
  const history = generateDemoHistory(nowMs);
  let recorded = 0;
  let already = 0;
  for (const change of history.changes) {
    const { status } = await post('POST', '/api/v1/changes', change);
    if (status === 201) recorded += 1;
    else if (status === 200) already += 1;
    else throw new Error(`POST /api/v1/changes answered ${status} for ${change.idempotencyKey}`);
  }
  await askSupportOnce(post, nowMs);
  announce(
    `history: ${history.expected.deployments} deployments over 90 days (${history.expected.rollbacks} rolled back), ${recorded} newly recorded`,
  );
  return { recorded, already };
}

/**
 * A few `/platform-help` requests, once per data dir (the API records them as asked, now): two
 * solved by what Cairn answered, one handed to the platform team, one open.
 */
async function askSupportOnce(post: ApiPost, nowMs: number): Promise<void> {
  const since = new Date(nowMs - 365 * 24 * 3600_000).toISOString();
  const listed = await post('GET', `/api/v1/support/requests?from=${since}&limit=500`);
  // GET /api/v1/support/requests answers { items: SupportRequest[] }.
  const items = (listed.body as { items?: Array<{ channel: string | null }> } | undefined)?.items ?? [];
  if (items.some((item) => item.channel === HISTORY_CHANNEL)) return;
  for (const request of HISTORY_SUPPORT_REQUESTS) {
    const asked = await post('POST', '/api/v1/support/requests', {
      text: request.text,
      channel: HISTORY_CHANNEL,
    });
    if (asked.status !== 201) throw new Error(`POST /api/v1/support/requests answered ${asked.status}`);
    // A 201 carries the SupportRequest with its id.
    const id = (asked.body as { id: string }).id;
    if (request.resolution) {
      await post('POST', `/api/v1/support/requests/${id}/resolve`, { resolution: request.resolution });
    }
  }
}
