import { createHmac, randomUUID } from 'node:crypto';

/** How the demo reaches its own Cairn: over HTTP only, as the shop's tools would. */
export interface CairnClientOptions {
  url: string;
  /** Bearer token for OTLP, Argo CD and Alertmanager deliveries (ingest scope). */
  ingestToken: string;
  /** HMAC secret GitHub signs deliveries with. */
  githubSecret: string;
  /** Told about every delivery Cairn did not accept, so the operator can see why. */
  onRejected: (what: string, status: number, body: string) => void;
}

export interface Delivery {
  status: number;
  body: unknown;
}

export interface CairnClient {
  postGithub(event: string, payload: unknown): Promise<Delivery>;
  postArgoCd(payload: unknown): Promise<Delivery>;
  postAlertmanager(payload: unknown): Promise<Delivery>;
}

/** The HMAC header GitHub sends with a delivery. */
export function githubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function createCairnClient({
  url,
  ingestToken,
  githubSecret,
  onRejected,
}: CairnClientOptions): CairnClient {
  const post = async (what: string, path: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    if (!response.ok) onRejected(what, response.status, text);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  };
  const bearer = { authorization: `Bearer ${ingestToken}` };
  return {
    postGithub: (event, payload) => {
      const body = JSON.stringify(payload);
      return post(`GitHub ${event}`, '/api/v1/integrations/github', body, {
        'user-agent': 'GitHub-Hookshot/cairn-demo',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-github-hook-id': '424242',
        'x-hub-signature-256': githubSignature(githubSecret, body),
      });
    },
    postArgoCd: (payload) =>
      post('Argo CD notification', '/api/v1/integrations/argocd', JSON.stringify(payload), bearer),
    postAlertmanager: (payload) =>
      post('Alertmanager webhook', '/api/v1/integrations/alertmanager', JSON.stringify(payload), {
        ...bearer,
        'user-agent': 'Alertmanager/0.28.1',
      }),
  };
}

/** Creates the token the shop's SDKs and tools send with; needs the admin token. */
export async function createIngestToken(url: string, adminToken: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'cairn demo shop', scope: 'ingest' }),
  });
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`creating the demo's ingest token failed with ${response.status}: ${text}`);
  }
  // A 201 from POST /api/v1/tokens carries CreatedTokenSchema: { token, secret }.
  return (JSON.parse(text) as { secret: string }).secret;
}
