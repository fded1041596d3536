import { CliError } from '../cli-error.ts';

/** How long the importer may wait for GitHub's rate limit to reset before it stops. */
export interface RateLimitPolicy {
  maxWaitMs: number;
  /** Waits (injectable so a test can watch them); resolves after `ms`. */
  sleep(ms: number): Promise<void>;
  now(): number;
}

export interface GithubClientOptions {
  apiUrl: string;
  token: string | undefined;
  policy: RateLimitPolicy;
  /** One line per wait or page, for the progress output. */
  progress(line: string): void;
}

/** Attempts per request when GitHub asks to retry (429, secondary limits). */
const MAX_ATTEMPTS = 5;
const API_VERSION = '2022-11-28';

/**
 * GitHub REST GETs with `Link` pagination and rate limits: when `X-RateLimit-Remaining` reaches 0
 * the next request waits for `X-RateLimit-Reset`; a 403/429 with `Retry-After` (secondary limit)
 * or with no requests left waits and retries. A wait beyond `maxWaitMs` stops with the time to
 * run again — a re-import records nothing twice.
 */
export function createGithubClient({ apiUrl, token, policy, progress }: GithubClientOptions) {
  const base = new URL(apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
  let resumeAtMs = 0;

  async function waitUntil(atMs: number, why: string): Promise<void> {
    const waitMs = Math.max(0, atMs - policy.now());
    if (waitMs > policy.maxWaitMs) {
      throw new CliError(
        `GitHub ${why}: it resets at ${new Date(atMs).toISOString()}, in ${minutes(waitMs)}, longer than --max-wait ${minutes(policy.maxWaitMs)}. Run the same import again then: what is already imported is not recorded twice.`,
      );
    }
    if (waitMs > 0) {
      progress(`GitHub ${why}: waiting ${seconds(waitMs)} (until ${new Date(atMs).toISOString()})`);
      await policy.sleep(waitMs);
    }
  }

  async function get(url: URL): Promise<{ body: unknown; next: URL | null }> {
    for (let attempt = 1; ; attempt += 1) {
      if (resumeAtMs > policy.now()) await waitUntil(resumeAtMs, 'rate limit reached');
      let response: Response;
      try {
        response = await fetch(url, {
          headers: {
            accept: 'application/vnd.github+json',
            'x-github-api-version': API_VERSION,
            'user-agent': 'cairn-import',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        throw new CliError(
          `cannot reach GitHub at ${base.origin} (${cause?.code ?? (error as Error).message})`,
        );
      }
      const remaining = response.headers.get('x-ratelimit-remaining');
      const resetMs = Number(response.headers.get('x-ratelimit-reset')) * 1000;
      if (remaining === '0' && resetMs > 0) resumeAtMs = resetMs + 1000;
      if (response.status === 429 || response.status === 403) {
        const retryAfter = response.headers.get('retry-after');
        const limited = retryAfter !== null || remaining === '0' || response.status === 429;
        if (limited && attempt < MAX_ATTEMPTS) {
          const untilMs =
            retryAfter !== null
              ? policy.now() + Number(retryAfter) * 1000
              : resetMs > 0
                ? resetMs + 1000
                : policy.now() + 60_000;
          await waitUntil(untilMs, `answered ${response.status} (rate limit)`);
          continue;
        }
      }
      if (!response.ok) {
        const message = await response
          .json()
          .then((json) => (json as { message?: unknown }).message)
          .catch(() => undefined);
        const hint =
          response.status === 401
            ? ' (check --github-token / GITHUB_TOKEN)'
            : response.status === 404
              ? ' (no such repository, or the token cannot read it)'
              : '';
        throw new CliError(
          `GitHub answered ${response.status} to GET ${url.pathname}${url.search}: ${typeof message === 'string' ? message : response.statusText}${hint}`,
        );
      }
      return { body: await response.json(), next: nextLink(response.headers.get('link'), base) };
    }
  }

  return {
    /** One object (`GET /repos/{owner}/{repo}`). */
    async getOne(path: string): Promise<unknown> {
      return (await get(new URL(path.replace(/^\//, ''), base))).body;
    },

    /** Every page of a list, following `Link: rel="next"`; the caller stops reading when it has enough. */
    async *pages(path: string, params: Record<string, string>, label: string): AsyncGenerator<unknown[]> {
      let url: URL | null = new URL(path.replace(/^\//, ''), base);
      for (const [key, value] of Object.entries({ per_page: '100', ...params })) {
        url.searchParams.set(key, value);
      }
      let page = 0;
      let items = 0;
      while (url) {
        const { body, next } = await get(url);
        if (!Array.isArray(body)) throw new CliError(`GitHub answered GET ${url.pathname} with no list`);
        page += 1;
        items += body.length;
        progress(`${label}: page ${page}, ${items} read`);
        yield body;
        url = next;
      }
    },
  };
}

export type GithubClient = ReturnType<typeof createGithubClient>;

/** The `rel="next"` URL of a Link header, only on the API's own origin (the token goes with it). */
function nextLink(link: string | null, base: URL): URL | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (!match?.[1]) continue;
    const next = new URL(match[1], base);
    if (next.origin !== base.origin) {
      throw new CliError(`GitHub's next page is on ${next.origin}, not ${base.origin}: not following it`);
    }
    return next;
  }
  return null;
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;
const minutes = (ms: number) => (ms < 60_000 ? seconds(ms) : `${Math.ceil(ms / 60_000)} min`);
