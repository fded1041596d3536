/**
 * Browser journey: an incident that repeats an earlier one on the same service shows, on its page,
 * which stretch of the root-cause baseline was left out because the earlier incident was open then.
 * Real `cairn up`, the Alertmanager webhook and Debian's Chromium.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentContext } from '../../src/modules/context/index.ts';
import { startCairn } from '../support/start-cairn.ts';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';

type Cairn = Awaited<ReturnType<typeof startCairn>>;
interface IncidentSummary {
  id: string;
  status: string;
  startedAt: string;
  resolvedAt: string | null;
}
let cairn: Cairn;
let browser: Browser;
let browserContext: BrowserContext;

function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return callApi<T>({ url: cairn.url, token: cairn.adminToken }, path, init);
}

function fire(alertname: string, status: 'firing' | 'resolved'): Promise<unknown> {
  const now = new Date().toISOString();
  return api('/api/v1/integrations/alertmanager', {
    method: 'POST',
    body: {
      version: '4',
      status,
      receiver: 'cairn',
      alerts: [
        {
          status,
          labels: { alertname, service: 'ledger', severity: 'critical' },
          annotations: { summary: `${alertname} on ledger` },
          startsAt: now,
          ...(status === 'resolved' ? { endsAt: now } : {}),
          fingerprint: `e2e-${alertname}`,
        },
      ],
    },
  });
}

/** Polls until `read` returns a value; fails naming `what` after 15 s. */
async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} after 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const openIncident = () =>
  eventually(
    async () => (await api<{ items: IncidentSummary[] }>('/api/v1/incidents?status=open')).items[0],
    'open incident',
  );

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  browserContext = await signedInContext(browser, cairn.url, cairn.adminToken);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

describe('a repeated incident', () => {
  it('lists the earlier incident as left out of the baseline, in the API and on the incident page', async () => {
    await fire('LedgerErrors', 'firing');
    const earlier = await openIncident();
    await api(`/api/v1/incidents/${earlier.id}/resolve`, { method: 'POST', body: {} });
    await fire('LedgerErrors', 'resolved');
    const resolved = await api<IncidentSummary>(`/api/v1/incidents/${earlier.id}`);
    if (!resolved.resolvedAt) throw new Error('the earlier incident did not resolve');

    await fire('LedgerLatency', 'firing');
    const repeat = await openIncident();
    expect(repeat.id).not.toBe(earlier.id);
    const context = await eventually(
      async () =>
        (await api<{ context: IncidentContext | null }>(`/api/v1/incidents/${repeat.id}`)).context ??
        undefined,
      'context for the repeated incident',
    );
    expect(context.evidence.windows.baselineExcluded).toEqual([
      { from: resolved.startedAt, to: resolved.resolvedAt },
    ]);

    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/incidents/${repeat.id}`);
    const line = page.getByTestId('baseline-excluded');
    await line.waitFor();
    expect(await line.textContent()).toMatch(
      /^Left out of the baseline, while earlier incidents on these services were open: .+ to .+\.$/,
    );
    expect(await line.locator('time').count()).toBe(2);
    await line.scrollIntoViewIfNeeded();
    await shoot(page, '02c-incident-baseline-excluded');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
