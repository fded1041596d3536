/**
 * Browser journeys through the portal against a real `cairn up` fed by the real OpenTelemetry SDK,
 * POST /api/v1/changes and the Alertmanager webhook: Home → incident → acknowledge; the incident
 * context (the deploy as first suspect, its rollback, a failing trace → the waterfall); logs by word
 * and by trace id → the waterfall; the service map → a service with its RED charts and change
 * markers. Every page is screenshotted at 1440×900 into CAIRN_SCREENSHOT_DIR (default
 * .tmp/portal-screenshots) for review.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentContext } from '../../src/modules/context/index.ts';
import { startCairn } from '../support/start-cairn.ts';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';
import { type Seeded, seedPortal } from './portal-seed.ts';

type Cairn = Awaited<ReturnType<typeof startCairn>>;
let cairn: Cairn;
let browser: Browser;
let browserContext: BrowserContext;
let seeded: Seeded;

function api<T>(path: string): Promise<T> {
  return callApi<T>({ url: cairn.url, token: cairn.adminToken }, path);
}

beforeAll(async () => {
  cairn = await startCairn();
  seeded = await seedPortal({ url: cairn.url, token: cairn.adminToken });
  // The alert becomes an incident asynchronously; wait for it before the browser looks.
  const deadline = Date.now() + 15_000;
  while ((await api<{ items: unknown[] }>('/api/v1/incidents')).items.length === 0) {
    if (Date.now() > deadline) throw new Error('No incident was opened from the firing alert');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  browser = await launchBrowser();
  // Sign in once for the whole suite.
  browserContext = await signedInContext(browser, cairn.url, cairn.adminToken);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

/** The incident's context once the engine has stored it (it computes when the incident opens). */
async function contextOf(incidentId: string): Promise<IncidentContext> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const incident = await api<{ context: IncidentContext | null }>(`/api/v1/incidents/${incidentId}`);
    if (incident.context) return incident.context;
    if (Date.now() > deadline) {
      // Say why: the on-demand endpoint runs the same computation and answers with its error.
      const why = await fetch(`${cairn.url}/api/v1/incidents/${incidentId}/context`, {
        headers: { Authorization: `Bearer ${cairn.adminToken}` },
      });
      throw new Error(
        `incident ${incidentId} has no context after 15 s; recomputing: ${why.status} ${await why.text()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('portal', () => {
  it('opens the open incident from Home, shows its alert and timeline, and acknowledges it', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    const [incident] = (
      await api<{ items: { id: string; title: string; status: string }[] }>('/api/v1/incidents')
    ).items;
    if (!incident) throw new Error('no incident');
    expect(incident.status).toBe('open');

    await page.goto(`${cairn.url}/`);
    const openIncidents = page.getByRole('region', { name: 'Open incidents' });
    await openIncidents.getByRole('link', { name: incident.title }).waitFor();
    await page.getByRole('link', { name: 'payments' }).first().waitFor(); // burning: payments fails 25%
    await shoot(page, '01-home');
    await openIncidents.getByRole('link', { name: incident.title }).click();
    await page.waitForURL(`${cairn.url}/incidents/${incident.id}`);
    await page.getByRole('heading', { level: 1, name: incident.title }).waitFor();

    const alertRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: seeded.alertName }) });
    await alertRow.waitFor();
    expect(await alertRow.getByRole('cell').nth(1).textContent()).toBe('payments');
    expect(await page.locator('.timeline li').first().textContent()).toContain('opened');
    await page.getByRole('region', { name: 'What changed' }).waitFor();
    await shoot(page, '02-incident');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect
      .poll(() => page.locator('.page-header .badge-status').first().textContent())
      .toBe('acknowledged');
    expect(await page.getByRole('button', { name: 'Acknowledge' }).isDisabled()).toBe(true);
    const after = await api<{ status: string; acknowledgedAt: string | null }>(
      `/api/v1/incidents/${incident.id}`,
    );
    expect(after.status).toBe('acknowledged');
    expect(after.acknowledgedAt).not.toBeNull();

    await page.goto(`${cairn.url}/incidents`);
    await page.getByRole('link', { name: incident.title }).waitFor();
    await shoot(page, '03-incidents');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('answers the page: the deploy just before the errors is the first suspect with its reasons, its rollback is the fix, and a failing trace opens the waterfall', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    const [summary] = (await api<{ items: { id: string }[] }>('/api/v1/incidents')).items;
    if (!summary) throw new Error('no incident');
    const context = await contextOf(summary.id);
    const top = context.suspects[0];
    if (!top) throw new Error('the context engine named no suspect');
    // The seed's deploy of payments finished 3 minutes before the alert and 1 before the errors.
    expect(top.change.version).toBe(seeded.changeVersion);
    expect(top.reasons[0]).toMatch(
      /^deploy payments v2\.4\.0 \(was v2\.3\.9\) took effect \d+ min before onset$/,
    );

    await page.goto(`${cairn.url}/incidents/${summary.id}`);
    const changed = page.getByRole('region', { name: 'What changed' });
    const first = changed.locator('.suspect').first();
    await first.waitFor();
    expect(await first.locator('.suspect-rank').textContent()).toBe('#1');
    expect(await first.locator('.suspect-title').textContent()).toBe('deploy of payments 2.3.9 → 2.4.0');
    expect(await first.locator('.suspect-description').textContent()).toBe('Switch card gateway client');
    expect(await first.locator('.reasons li').allTextContents()).toEqual(top.reasons);
    expect(
      await changed
        .getByRole('list', { name: /^Root-cause services/ })
        .getByRole('link')
        .first()
        .textContent(),
    ).toBe('payments');
    const impact = page.getByRole('region', { name: 'Impact' });
    expect(await impact.locator('.impact-summary').textContent()).toBe(context.impact.summary);
    expect(await impact.locator('tbody th a').allTextContents()).toEqual(
      context.impact.services.map((s) => s.service),
    );
    const fix = page.getByRole('region', { name: 'Fix' });
    expect(await fix.locator('.rollback strong').textContent()).toBe(
      'Roll back payments from 2.4.0 to 2.3.9',
    );
    await shoot(page, '02b-incident-context');

    const evidence = page.getByRole('region', { name: 'Evidence' });
    const traces = evidence.getByRole('list', { name: 'Failing traces' }).getByRole('link');
    expect(await traces.allTextContents()).toEqual(context.evidence.exemplarTraceIds);
    const traceId = context.evidence.exemplarTraceIds[0];
    await traces.first().click();
    await page.waitForURL(`${cairn.url}/traces/${traceId}`);
    await expect.poll(() => page.locator('.wf-list > li').count()).toBe(6);
    expect(await page.locator('.wf-row.is-error .row-toggle').allTextContents()).toContain(
      'payments POST /chargeerror',
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('finds a log by a word, expands it and follows its trace to the waterfall; finds logs by trace id', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/logs`);
    await page.getByLabel('Search logs').fill(`${seeded.errorWord} service:payments`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/logs\?q=/);
    const rows = page.locator('.log-row');
    await expect.poll(() => rows.count()).toBe(1);
    const body = rows.first().getByRole('button');
    expect(await body.textContent()).toBe(`charge failed: ${seeded.errorWord} after 900 ms`);
    await body.click();
    expect(await body.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.log-detail').textContent()).toContain('payment.provideracme');
    await shoot(page, '04-logs');

    await page.locator('.log-detail').getByRole('link', { name: seeded.failingTraceId }).click();
    await page.waitForURL(`${cairn.url}/traces/${seeded.failingTraceId}`);
    const spans = page.locator('.wf-list > li');
    await expect.poll(() => spans.count()).toBe(6);
    expect(await page.locator('.wf-service').allTextContents()).toEqual([
      'frontend',
      'frontend',
      'checkout',
      'checkout',
      'checkout',
      'payments',
    ]);
    // Failed spans are highlighted; the first one is open with its status message.
    // The seed fails GET /checkout, POST /checkout, POST charge and POST /charge (not POST checkout).
    expect(await page.locator('.wf-row.is-error .row-toggle').allTextContents()).toEqual([
      'frontend GET /checkouterror',
      'checkout POST /checkouterror',
      'checkout POST chargeerror',
      'payments POST /chargeerror',
    ]);
    expect(await page.locator('.wf-details').first().textContent()).toContain('Error');
    // The error log sits under the payments span.
    const paymentsSpan = spans.nth(5);
    expect(await paymentsSpan.locator('.log-body').textContent()).toBe(
      `charge failed: ${seeded.errorWord} after 900 ms`,
    );
    await shoot(page, '05-trace');

    await page.goto(`${cairn.url}/logs?q=${encodeURIComponent(`trace:${seeded.failingTraceId}`)}`);
    await expect.poll(() => page.locator('.log-row').count()).toBe(1);
    expect(await page.locator('.log-row .log-body').textContent()).toBe(
      `charge failed: ${seeded.errorWord} after 900 ms`,
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('draws the service map with virtual nodes and clicks through to a service with RED charts and change markers', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/map`);
    const pins = page.getByRole('list', { name: 'Nodes on the map' });
    await pins.getByRole('link', { name: /^checkout \(service\)/ }).waitFor();
    expect(await pins.getByRole('link').count()).toBe(3);
    expect(await pins.locator('.graph-pin-virtual').count()).toBeGreaterThanOrEqual(1);
    expect(await pins.locator('.graph-pin-virtual').first().getAttribute('title')).toMatch(
      /^postgresql \(database\)/,
    );
    expect(
      await pins.getByRole('link', { name: /^payments \(service\)/ }).getAttribute('aria-label'),
    ).toMatch(/^payments \(service\): 20 calls, 25% errors, p99 /);
    await shoot(page, '06-map');

    await pins.getByRole('link', { name: /^payments \(service\)/ }).click();
    await page.waitForURL(`${cairn.url}/services/payments`);
    await page.getByRole('figure', { name: 'Request rate' }).waitFor();
    await page.getByRole('figure', { name: 'Error rate' }).waitFor();
    await page.getByRole('figure', { name: 'Latency' }).waitFor();
    const marker = page
      .getByRole('figure', { name: 'Request rate' })
      .getByRole('button', { name: /^deploy 2\.4\.0 by dana/ });
    await marker.waitFor();
    const changesRow = page.getByRole('row').filter({ hasText: `2.3.9 → ${seeded.changeVersion}` });
    await changesRow.waitFor();
    await page
      .getByRole('list', { name: 'Nodes on the map' })
      .getByRole('link', { name: /^checkout/ })
      .waitFor();
    await shoot(page, '07-service');

    await page.getByRole('tab', { name: 'Traces' }).click();
    await page.waitForURL(/tab=traces/);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(20);
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect.poll(() => page.locator('.log-row').count()).toBe(20);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the catalog, changes, alert noise and integrations pages filled in', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    // The catalog lists what /api/v1/services lists (declared services; telemetry-only ones once
    // the catalog merges them in).
    const catalog = await api<{ items: { name: string }[] }>('/api/v1/services');
    await page.goto(`${cairn.url}/services`);
    if (catalog.items.length === 0) {
      await page.getByRole('heading', { name: 'No services yet' }).waitFor();
    } else {
      await page.getByText(`${catalog.items.length} of ${catalog.items.length} services`).waitFor();
      expect(await page.locator('tbody th').allTextContents()).toEqual(catalog.items.map((s) => s.name));
    }
    await shoot(page, '08-catalog');

    await page.goto(`${cairn.url}/changes`);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'payments' }) });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe(`2.3.9 → ${seeded.changeVersion}`);
    await shoot(page, '09-changes');

    await page.goto(`${cairn.url}/alerts/noise`);
    await page.getByRole('rowheader', { name: seeded.alertName }).waitFor();
    await shoot(page, '10-alert-noise');

    await page.goto(`${cairn.url}/settings/integrations`);
    const alertmanager = page.getByRole('region', { name: 'Alertmanager' });
    expect(await alertmanager.locator('pre').textContent()).toContain(
      `url: ${cairn.url}/api/v1/integrations/alertmanager`,
    );
    expect(
      await page.getByRole('region', { name: 'Prometheus remote_write' }).locator('pre').textContent(),
    ).toContain(`url: ${cairn.url}/api/v1/write`);
    await shoot(page, '11-integrations');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
