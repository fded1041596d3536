/**
 * `cairn import github` against a loopback fake of the GitHub REST API — exactly the endpoints the
 * importer uses (repository, deployments, deployment statuses, releases, commits), paging by 2
 * through `Link` headers, with a 429 + Retry-After and an exhausted X-RateLimit-Remaining — into a
 * real `cairn up` with the example catalog (acme-shop/checkout is the checkout service).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/modules/changes/index.ts';
import type { DoraReport } from '../../src/modules/dora/index.ts';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const GITHUB_TOKEN = 'gh-test-token';
const REPO = 'acme-shop/checkout';
const N = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const sha = (c: string) => c.repeat(40);
const T = N - 20 * DAY;

/** Newest first, as GitHub lists them. */
const COMMITS = [
  ['5', T + 5 * HOUR],
  ['4', T + 4 * HOUR],
  ['3', T + 2 * HOUR],
  ['2', T + HOUR],
  ['1', T],
  ['9', N - 100 * DAY],
].map(([c, at], index, all) => ({
  sha: sha(c as string),
  commit: { message: `commit ${c}`, author: { name: 'Dev', date: iso(at as number) } },
  author: { login: 'dev' },
  parents: all[index + 1] ? [{ sha: sha(all[index + 1]?.[0] as string) }] : [],
}));
const deployment = (id: number, commit: string, createdMs: number) => ({
  id,
  sha: sha(commit),
  ref: 'main',
  task: 'deploy',
  environment: 'production',
  description: null,
  created_at: iso(createdMs),
  creator: { login: 'deployer' },
  payload: { version: `1.${id}` },
});
const DEPLOYMENTS = [
  deployment(3, '5', T + 5.5 * HOUR),
  deployment(2, '2', T + 1.2 * HOUR),
  deployment(1, '9', N - 95 * DAY),
];
const status = (id: number, state: string, createdMs: number) => ({
  id,
  state,
  created_at: iso(createdMs),
  target_url: null,
  log_url: `https://ci.example/deploy/${id}`,
  description: null,
});
const STATUSES: Record<string, unknown[]> = {
  '3': [status(31, 'success', T + 6 * HOUR), status(30, 'in_progress', T + 5.6 * HOUR)],
  '2': [status(21, 'success', T + 1.5 * HOUR)],
};
const RELEASES = [
  {
    id: 72,
    tag_name: 'v2.0.0',
    name: null,
    target_commitish: 'main',
    draft: true,
    prerelease: false,
    created_at: iso(T + 7 * HOUR),
    published_at: null,
    html_url: 'https://github.com/acme-shop/checkout/releases/tag/v2.0.0',
    author: { login: 'dev' },
  },
  {
    id: 71,
    tag_name: 'v1.0.0',
    name: 'v1.0.0',
    target_commitish: 'main',
    draft: false,
    prerelease: false,
    created_at: iso(T + 6 * HOUR),
    published_at: iso(T + 6.5 * HOUR),
    html_url: 'https://github.com/acme-shop/checkout/releases/tag/v1.0.0',
    author: { login: 'dev' },
  },
];

/** The fake: what it serves, how it limits, and every request it saw. */
interface FakeGithub {
  url: string;
  requests: Array<{ path: string; atMs: number; status: number }>;
  /** Answer everything 403 with no requests left until this epoch second (0: off). */
  exhaustedUntil: number;
  close(): Promise<void>;
}

async function startFakeGithub(): Promise<FakeGithub> {
  let limitedOnce = false;
  let resetSentOnce = false;
  const fake: FakeGithub = { url: '', requests: [], exhaustedUntil: 0, close: async () => {} };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const page = (res: ServerResponse, url: URL, items: unknown[]) => {
    const n = Number(url.searchParams.get('page') ?? '1');
    const slice = items.slice((n - 1) * 2, n * 2);
    const headers: Record<string, string> = {};
    if (n * 2 < items.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(n + 1));
      headers.link = `<${next.toString()}>; rel="next", <${url.origin}${url.pathname}?page=99>; rel="last"`;
    }
    send(res, 200, slice, headers);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', fake.url);
    const log = (status: number) =>
      fake.requests.push({ path: `${url.pathname}${url.search}`, atMs: Date.now(), status });
    if (req.headers.authorization !== `Bearer ${GITHUB_TOKEN}`) {
      log(401);
      return send(res, 401, { message: 'Bad credentials' });
    }
    if (fake.exhaustedUntil > 0) {
      log(403);
      return send(
        res,
        403,
        { message: 'API rate limit exceeded for user ID 1.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(fake.exhaustedUntil) },
      );
    }
    const path = url.pathname;
    if (path === `/repos/${REPO}`) {
      log(200);
      // The last request of this hour's budget: the next one must wait for the reset (1-2 s away).
      const headers: Record<string, string> = resetSentOnce
        ? {}
        : { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1) };
      resetSentOnce = true;
      return send(
        res,
        200,
        { full_name: REPO, html_url: `https://github.com/${REPO}`, default_branch: 'main' },
        headers,
      );
    }
    if (path === `/repos/${REPO}/deployments`) {
      log(200);
      return page(res, url, DEPLOYMENTS);
    }
    const statuses = /^\/repos\/acme-shop\/checkout\/deployments\/(\d+)\/statuses$/.exec(path);
    if (statuses?.[1] && STATUSES[statuses[1]]) {
      log(200);
      return page(res, url, STATUSES[statuses[1]] ?? []);
    }
    if (path === `/repos/${REPO}/releases`) {
      log(200);
      return page(res, url, RELEASES);
    }
    if (path === `/repos/${REPO}/commits` && url.searchParams.get('sha') === 'main') {
      // A secondary rate limit once, on the second page.
      if (url.searchParams.get('page') === '2' && !limitedOnce) {
        limitedOnce = true;
        log(429);
        return send(
          res,
          429,
          { message: 'You have exceeded a secondary rate limit.' },
          { 'retry-after': '1' },
        );
      }
      log(200);
      const since = Date.parse(url.searchParams.get('since') ?? '1970-01-01T00:00:00Z');
      return page(
        res,
        url,
        COMMITS.filter((c) => Date.parse(c.commit.author.date) >= since),
      );
    }
    log(404);
    send(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

describe('cairn import github (fake GitHub REST API on loopback)', () => {
  let cairn: CairnProcess;
  let github: FakeGithub;
  const importArgs = () => [
    'import',
    'github',
    '--repo',
    REPO,
    '--since',
    '90d',
    '--github-api',
    github.url,
    '--url',
    cairn.url,
    '--token',
    cairn.adminToken,
  ];
  const api = async <T>(path: string) => {
    const response = await fetch(`${cairn.url}${path}`, {
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    // Only the example catalog: it maps acme-shop/checkout to checkout.
    const dir = mkdtempSync(join(tmpdir(), 'cairn-import-'));
    const config = join(dir, 'cairn.yaml');
    writeFileSync(
      config,
      `catalog:\n  sources:\n    - type: dir\n      path: ${resolve('examples/catalog')}\n`,
    );
    [cairn, github] = await Promise.all([
      startCairn({ args: ['--config', config], timeoutMs: 90_000 }),
      startFakeGithub(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await cairn?.stop();
    await github?.close();
  });

  it('backfills deployment statuses, published releases and commits across pages, waiting out the rate limits', async () => {
    const run = await runCairn(importArgs(), { GITHUB_TOKEN });
    expect(run.stderr).not.toMatch(/cairn:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'acme-shop/checkout → checkout',
        'deployment statuses: 2 recorded, 0 already there, 1 not changes',
        'releases: 1 recorded, 0 already there, 0 not changes',
        'commits: 5 recorded, 0 already there, 0 not changes',
        '',
      ].join('\n'),
    );
    // Progress: pages as they are read, and each wait.
    expect(run.stderr).toContain('deployments: page 2, 3 read');
    expect(run.stderr).toContain('commits on main: page 3, 5 read');
    expect(run.stderr).toMatch(/GitHub rate limit reached: waiting \d s/);
    expect(run.stderr).toContain('GitHub answered 429 (rate limit): waiting 1 s');

    // The older deployment's page was the last read; its statuses were not.
    const paths = github.requests.map((r) => `${r.status} ${r.path.replace(/since=[^&]+/, 'since=S')}`);
    expect(paths).toEqual([
      '200 /repos/acme-shop/checkout',
      '200 /repos/acme-shop/checkout/deployments?per_page=100',
      '200 /repos/acme-shop/checkout/deployments/3/statuses?per_page=100',
      '200 /repos/acme-shop/checkout/deployments/2/statuses?per_page=100',
      '200 /repos/acme-shop/checkout/deployments?per_page=100&page=2',
      '200 /repos/acme-shop/checkout/releases?per_page=100',
      '200 /repos/acme-shop/checkout/commits?per_page=100&sha=main&since=S',
      '429 /repos/acme-shop/checkout/commits?per_page=100&sha=main&since=S&page=2',
      '200 /repos/acme-shop/checkout/commits?per_page=100&sha=main&since=S&page=2',
      '200 /repos/acme-shop/checkout/commits?per_page=100&sha=main&since=S&page=3',
    ]);
    const at = (index: number) => github.requests[index]?.atMs ?? 0;
    // Remaining 0 on the first answer: the second request waited for the reset.
    expect(at(1) - at(0)).toBeGreaterThanOrEqual(900);
    expect(at(8) - at(7)).toBeGreaterThanOrEqual(1000);

    const changes = await api<{ items: Change[] }>(
      `/api/v1/changes?service=checkout&from=${iso(N - 30 * DAY)}`,
    );
    expect(
      changes.items.map((c) => [c.kind, c.version, c.revision, c.status, c.finishedAt, c.source]),
    ).toEqual([
      ['deploy', 'v1.0.0', null, 'succeeded', iso(T + 6.5 * HOUR), 'github'],
      ['deploy', '1.3', sha('5'), 'succeeded', iso(T + 6 * HOUR), 'github'],
      ['deploy', '1.2', sha('2'), 'succeeded', iso(T + 1.5 * HOUR), 'github'],
    ]);
    const pushes = await api<{ items: Change[] }>(
      `/api/v1/changes?service=checkout&kind=push&from=${iso(N - 30 * DAY)}`,
    );
    expect(
      pushes.items.map((c) => [c.revision, c.environment, c.commits[0]?.parent, c.commits[0]?.at]),
    ).toEqual([
      [sha('5'), 'main', sha('4'), iso(T + 5 * HOUR)],
      [sha('4'), 'main', sha('3'), iso(T + 4 * HOUR)],
      [sha('3'), 'main', sha('2'), iso(T + 2 * HOUR)],
      [sha('2'), 'main', sha('1'), iso(T + HOUR)],
      [sha('1'), 'main', sha('9'), iso(T)],
    ]);

    // Lead time over the imported commits: deploy 1.2 ships 2 (30 min; the first deployment known
    // takes its own push); 1.3 ships 5, 4, 3 back to 2 (1 h, 2 h, 4 h). Median of 0.5, 1, 2, 4 h
    // is 1.5 h; p90 at rank 2.7: 2 h + 0.7 × 2 h = 3.4 h.
    const dora = await api<DoraReport>(
      `/api/v1/dora?scope=service&name=checkout&from=${iso(N - 30 * DAY)}&to=${iso(N)}`,
    );
    expect(dora.changeLeadTime).toMatchObject({ commits: 4, medianMs: 1.5 * HOUR });
    expect(dora.changeLeadTime.p90Ms).toBeCloseTo(3.4 * HOUR, 3);
  }, 150_000);

  it('a second run records nothing twice', async () => {
    const run = await runCairn(importArgs(), { GITHUB_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'acme-shop/checkout → checkout',
        'deployment statuses: 0 recorded, 2 already there, 1 not changes',
        'releases: 0 recorded, 1 already there, 0 not changes',
        'commits: 0 recorded, 5 already there, 0 not changes',
        '',
      ].join('\n'),
    );
    const changes = await api<{ items: Change[] }>(
      `/api/v1/changes?service=checkout&from=${iso(N - 30 * DAY)}`,
    );
    expect(changes.items).toHaveLength(3);
  }, 150_000);

  it('stops with the time to run again when the rate limit resets after --max-wait', async () => {
    github.exhaustedUntil = Math.floor(Date.now() / 1000) + 3600;
    const resumeAt = iso(github.exhaustedUntil * 1000 + 1000);
    const run = await runCairn(importArgs(), { GITHUB_TOKEN });
    github.exhaustedUntil = 0;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `cairn: GitHub answered 403 \\(rate limit\\): it resets at ${resumeAt.replace(/\./g, '\\.')}, in 6[01] min, longer than --max-wait 15 min\\. Run the same import again then: what is already imported is not recorded twice\\.`,
      ),
    );
  }, 150_000);

  it('names a bad token and a bad --repo', async () => {
    const badToken = await runCairn(importArgs(), { GITHUB_TOKEN: 'wrong' });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain(
      'cairn: GitHub answered 401 to GET /repos/acme-shop/checkout: Bad credentials (check --github-token / GITHUB_TOKEN)',
    );
    const badRepo = await runCairn(['import', 'github', '--repo', 'not a repo']);
    expect(badRepo.code).not.toBe(0);
    expect(badRepo.stderr).toContain(
      `option '--repo <owner/name>' argument 'not a repo' is invalid. "not a repo" is not owner/name.`,
    );
  }, 150_000);
});
