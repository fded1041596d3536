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

/** The source the demo's history is imported under: with each item's external id, what makes a restart import nothing twice. */
export const HISTORY_SOURCE = 'cairn-demo';

/** What a seeding recorded: changes posted, and items of each import, new and already there. */
export interface SeedOutcome {
  recorded: number;
  already: number;
  imported: { incidents: number; surveyAnswers: number; supportRequests: number };
}

/**
 * Posts the shop's 90-day history: deployments with commits and rollbacks through
 * `POST /api/v1/changes`, then the incidents the bad deploys caused (attributed to them), survey
 * answers of past periods and support requests through the admin-only history imports
 * (`POST /api/v1/imports/…`), so the DORA, insights and feedback pages have data from the first
 * minute. Posting it again (a restart on the same data dir) records nothing new: each change has
 * its idempotency key, each imported item its external id.
 */
export async function seedDemoHistory(
  post: ApiPost,
  nowMs: number,
  announce: (message: string) => void = () => {},
): Promise<SeedOutcome> {
  const history = generateDemoHistory(nowMs);
  let recorded = 0;
  let already = 0;
  const changeIds = new Map<string, string>();
  for (const change of history.changes) {
    const { status, body } = await post('POST', '/api/v1/changes', change);
    if (status === 201) recorded += 1;
    else if (status === 200) already += 1;
    else throw new Error(`POST /api/v1/changes answered ${status} for ${change.idempotencyKey}`);
    // 201 and 200 both carry { outcome, change }: the change recorded first for this key.
    changeIds.set(change.idempotencyKey, (body as { change: { id: string } }).change.id);
  }
  const incidents = history.incidents.map(({ deployKey, ...incident }) => {
    const changeId = changeIds.get(deployKey);
    if (!changeId) throw new Error(`the history has no deploy ${deployKey}`);
    return { ...incident, changeId };
  });
  const imported = {
    incidents: await importItems(post, 'incidents', incidents),
    surveyAnswers: await importItems(post, 'survey-answers', history.surveyAnswers),
    supportRequests: await importItems(post, 'support-requests', history.supportRequests),
  };
  announce(
    `history: ${history.expected.deployments} deployments over 90 days (${history.expected.rollbacks} rolled back, each with its incident), ` +
      `${history.expected.surveyAnswers} survey answers, ${history.expected.supportRequests} support requests; ${recorded} changes newly recorded`,
  );
  return { recorded, already, imported };
}

/** One history import call; answers how many items it recorded (none on a restart). */
async function importItems(post: ApiPost, kind: string, items: readonly object[]): Promise<number> {
  const { status, body } = await post('POST', `/api/v1/imports/${kind}`, { source: HISTORY_SOURCE, items });
  if (status !== 201 && status !== 200) {
    // Errors are { error: { code, message } }.
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? '';
    throw new Error(`POST /api/v1/imports/${kind} answered ${status} ${message}`);
  }
  // 201 and 200 carry the ImportResult.
  return (body as { imported: number }).imported;
}
