/**
 * Every page of the web UI, opened in Debian's Chromium against a real `cairn up` with data, asks
 * the API for what it shows and then stays quiet: over ten seconds each page sends a handful of
 * API requests, none of them twice (a view whose request is rebuilt from the clock on every render
 * sent 1,362 in ten seconds). Home's "Recent changes" shows its rows, and the service page's SLO
 * card shows the objective and a negative error budget in percent. Screenshots of both go to
 * CAIRN_SCREENSHOT_DIR.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCairn } from '../support/start-cairn.ts';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';
import { type Seeded, seedPortal } from './portal-seed.ts';

type Cairn = Awaited<ReturnType<typeof startCairn>>;
let cairn: Cairn;
let browser: Browser;
let context: BrowserContext;
let seeded: Seeded;
let incidentId: string;
let runId: string;

function api<T>(path: string): Promise<T> {
  return callApi<T>({ url: cairn.url, token: cairn.adminToken }, path);
}

/** How long each page is watched, and the most API requests it may send in that time. */
const WATCH_MS = 10_000;
const MAX_REQUESTS_PER_PAGE = 8;
/** Pages watched at once (each in its own tab; the machine has two cores). */
const AT_ONCE = 4;

const PAYMENTS = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    cairn.dev/slo-availability: "99.99"
spec:
  type: service
  lifecycle: production
  owner: team-payments
`;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-e2e-requests-'));
  mkdirSync(join(root, 'catalog'));
  writeFileSync(join(root, 'catalog', 'payments.yaml'), PAYMENTS);
  writeFileSync(join(root, 'cairn.yaml'), 'catalog:\n  sources:\n    - type: dir\n      path: catalog\n');
  cairn = await startCairn({ args: ['--config', join(root, 'cairn.yaml')] });
  seeded = await seedPortal({ url: cairn.url, token: cairn.adminToken });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { items } = await api<{ items: { id: string }[] }>('/api/v1/incidents');
    const id = items[0]?.id;
    // Watched once its context is computed: until then the incident page looks again every 5 s.
    if (id && (await api<{ context: unknown }>(`/api/v1/incidents/${id}`)).context !== null) {
      incidentId = id;
      break;
    }
    if (Date.now() > deadline) throw new Error('No incident with its context after 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // A run of the shipped open-logs action (link executor: nothing outside Cairn) for the run page.
  runId = (
    await callApi<{ id: string }>(
      { url: cairn.url, token: cairn.adminToken },
      '/api/v1/actions/open-logs/runs',
      {
        method: 'POST',
        body: { service: 'payments' },
      },
    )
  ).id;
  browser = await launchBrowser();
  context = await signedInContext(browser, cairn.url, cairn.adminToken);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await cairn?.stop();
});

/** Opens `path` in a new tab and returns every API URL it requested within WATCH_MS. */
async function watch(path: string): Promise<{ path: string; requests: string[]; errors: string[] }> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const requests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) requests.push(`${url.pathname}${url.search}`);
  });
  await page.goto(`${cairn.url}${path}`);
  await page.waitForTimeout(WATCH_MS);
  await page.close();
  return { path, requests, errors };
}

describe('API requests per page', () => {
  it(`every page sends at most ${MAX_REQUESTS_PER_PAGE} API requests in ${WATCH_MS / 1000} s, none twice`, async () => {
    const pages = [
      '/',
      '/services',
      '/services/payments',
      '/services/payments?tab=logs',
      '/services/payments?tab=traces',
      '/services/payments?tab=actions',
      '/actions/rollback/run?service=payments&version=2.3.9',
      `/runs/${runId}`,
      '/approvals',
      '/map',
      '/incidents',
      `/incidents/${incidentId}`,
      '/logs',
      '/traces',
      `/traces/${seeded.failingTraceId}`,
      '/changes',
      '/scorecards',
      '/dora',
      '/cost',
      '/capacity',
      '/feedback',
      '/alerts',
      '/alerts/silences',
      '/alerts/noise',
      '/catalog/errors',
      '/audit',
      '/settings',
      '/settings/tokens',
      '/settings/integrations',
    ];
    const watched: Awaited<ReturnType<typeof watch>>[] = [];
    for (let i = 0; i < pages.length; i += AT_ONCE) {
      watched.push(...(await Promise.all(pages.slice(i, i + AT_ONCE).map(watch))));
    }
    // The figures, for the record: requests per page over the watch.
    console.log(
      `API requests per page in ${WATCH_MS / 1000} s:\n${watched.map((w) => `  ${String(w.requests.length).padStart(2)}  ${w.path}`).join('\n')}`,
    );
    for (const { path, requests, errors } of watched) {
      const repeated = requests.filter((url, index) => requests.indexOf(url) !== index);
      expect({ path, errors, repeated, tooMany: requests.length > MAX_REQUESTS_PER_PAGE }).toEqual({
        path,
        errors: [],
        repeated: [],
        tooMany: false,
      });
      // Every page asks who is signed in: the requests were seen.
      expect(requests, path).toContain('/api/v1/me');
    }
  }, 180_000);
});

describe('what the pages show', () => {
  it('Home lists the recent change in "Recent changes"', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/`);
    const recent = page.getByRole('region', { name: 'Recent changes' });
    const row = recent.getByRole('row', { name: /payments/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(
      expect.arrayContaining(['deploy', `2.3.9 → ${seeded.changeVersion}`, 'succeeded', 'dana', 'api']),
    );
    expect(await recent.getByRole('status').count()).toBe(0); // no skeleton left
    await shoot(page, 'requests-home');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('the service page shows a 99.99% objective and a negative error budget for 75% availability', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/services/payments?range=1h`);
    const card = page.getByRole('region', { name: 'SLO and findings' });
    const value = (term: string) =>
      card.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
    await value('Availability in range').getByText('75%').waitFor();
    // Five of the twenty payments requests failed: 25 % against the 0.01 % the objective allows.
    expect(await value('Availability objective').textContent()).toBe('99.99%');
    expect(await value('Availability in range').textContent()).toBe('75%5 of 20 requests failed.');
    expect(await value('Error budget left').textContent()).toBe(
      '-249,900%Overspent: failures used 2,500 times the budget.',
    );
    expect(await value('Error budget left').getAttribute('class')).toBe('text-danger');
    await shoot(page, 'requests-service-payments');
    await page.close();
    expect(errors).toEqual([]);
  });
});
