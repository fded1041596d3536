/**
 * The Jenkins remote access API the jenkins executor uses, with HTTP Basic auth (user + API token):
 * - `GET /crumbIssuer/api/json` → `{crumb, crumbRequestField}` (404 when CSRF protection is off)
 * - `POST /job/{name}/buildWithParameters` (or `/build` without parameters) → 201, `Location`
 *   of the queue item
 * - `GET /queue/item/{n}/api/json` → `executable.url` once the build started (`cancelled`, `why`)
 * - `GET {build}/api/json` → `building`, `result` (SUCCESS, FAILURE, UNSTABLE, ABORTED)
 * - `GET {build}/logText/progressiveText?start={offset}` → text, `X-Text-Size`, `X-More-Data`
 * - `POST {build}/stop`, `POST /queue/cancelItem?id={n}` when the Cairn run is cancelled
 */
import { ExecutorError } from '../../executor.ts';
import { createToolClient, type FetchFunction } from '../shared/tool-http.ts';

export interface QueueItem {
  id?: number;
  cancelled?: boolean;
  why?: string | null;
  executable?: { number?: number; url?: string } | null;
}

export interface Build {
  number?: number;
  url?: string;
  building?: boolean;
  result?: string | null;
}

export function createJenkinsClient(options: {
  server: string;
  user: string;
  token: string;
  fetch?: FetchFunction;
}) {
  const client = createToolClient('Jenkins', options.fetch);
  const auth = {
    authorization: `Basic ${Buffer.from(`${options.user}:${options.token}`).toString('base64')}`,
  };
  let crumbHeaders: Record<string, string> | undefined;

  /** The CSRF crumb (and its session cookie) when Jenkins asks for one; fetched once per run. */
  async function crumb(signal: AbortSignal): Promise<Record<string, string>> {
    if (crumbHeaders) return crumbHeaders;
    const response = await client.request(`${options.server}/crumbIssuer/api/json`, {
      headers: auth,
      signal,
      accept: [404],
    });
    const body = response.body as { crumb?: string; crumbRequestField?: string };
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    crumbHeaders =
      response.status === 200 && body.crumb && body.crumbRequestField
        ? { [body.crumbRequestField]: body.crumb, ...(cookie ? { cookie } : {}) }
        : {};
    return crumbHeaders;
  }

  const absolute = (url: string) =>
    /^https?:\/\//.test(url) ? url : `${options.server}${url.startsWith('/') ? '' : '/'}${url}`;
  const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

  return {
    /** Queues the build; returns the queue item's URL. Sent once: a second POST is a second build. */
    async queueBuild(
      job: string,
      parameters: Record<string, string | number | boolean>,
      signal: AbortSignal,
    ): Promise<string> {
      const path = job
        .split('/')
        .map((part) => `job/${encodeURIComponent(part)}`)
        .join('/');
      const hasParameters = Object.keys(parameters).length > 0;
      const form = new URLSearchParams(
        Object.entries(parameters).map(([name, value]): [string, string] => [name, String(value)]),
      );
      const response = await client.request(
        `${options.server}/${path}/${hasParameters ? 'buildWithParameters' : 'build'}`,
        {
          method: 'POST',
          headers: { ...auth, ...(await crumb(signal)) },
          ...(hasParameters ? { body: form } : {}),
          signal,
        },
      );
      const location = response.headers.get('location');
      if (!location || !/\/queue\/item\/\d+/.test(location)) {
        throw new ExecutorError(
          `Jenkins accepted the build of ${job} but did not say where it was queued (no queue item Location)`,
        );
      }
      return withSlash(absolute(location));
    },
    async getQueueItem(queueUrl: string, signal: AbortSignal): Promise<QueueItem> {
      return (await client.request(`${queueUrl}api/json`, { headers: auth, signal })).body as QueueItem;
    },
    async getBuild(buildUrl: string, signal: AbortSignal): Promise<Build> {
      return (await client.request(`${withSlash(buildUrl)}api/json`, { headers: auth, signal }))
        .body as Build;
    },
    /** The log from byte `start`; `next` is where the next read starts, `more` while it grows. */
    async readLog(
      buildUrl: string,
      start: number,
      signal: AbortSignal,
    ): Promise<{ text: string; next: number; more: boolean }> {
      const response = await client.request(`${withSlash(buildUrl)}logText/progressiveText?start=${start}`, {
        headers: { ...auth, accept: 'text/plain' },
        signal,
      });
      const size = Number(response.headers.get('x-text-size'));
      return {
        text: response.text,
        next: Number.isFinite(size) && size >= start ? size : start + Buffer.byteLength(response.text),
        more: response.headers.get('x-more-data') === 'true',
      };
    },
    async stopBuild(buildUrl: string, signal: AbortSignal): Promise<void> {
      await client.request(`${withSlash(buildUrl)}stop`, {
        method: 'POST',
        headers: { ...auth, ...(await crumb(signal)) },
        signal,
        accept: [302],
      });
    },
    async cancelQueueItem(queueId: number, signal: AbortSignal): Promise<void> {
      await client.request(`${options.server}/queue/cancelItem?id=${queueId}`, {
        method: 'POST',
        headers: { ...auth, ...(await crumb(signal)) },
        signal,
        accept: [302, 404],
      });
    },
    absolute,
  };
}

export type JenkinsClient = ReturnType<typeof createJenkinsClient>;
