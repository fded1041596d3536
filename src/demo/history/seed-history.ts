import { generateDemoHistory } from './generate-history.ts';

/** Posts one JSON body to the Cairn API and answers its status. */
export type ApiPost = (path: string, body: unknown) => Promise<number>;

/** A poster over HTTP with a bearer token (the demo talks to its Cairn through the API only). */
export function httpPoster(url: string, token: string): ApiPost {
  return async (path, body) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  };
}

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
    const status = await post('/api/v1/changes', change);
    if (status === 201) recorded += 1;
    else if (status === 200) already += 1;
    else throw new Error(`POST /api/v1/changes answered ${status} for ${change.idempotencyKey}`);
  }
  announce(
    `history: ${history.expected.deployments} deployments over 90 days (${history.expected.rollbacks} rolled back), ${recorded} newly recorded`,
  );
  return { recorded, already };
}
