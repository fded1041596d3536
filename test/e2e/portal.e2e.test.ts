/**
 * Browser journeys through the portal against a real `cairn up` fed by the real OpenTelemetry SDK,
 * POST /api/v1/changes and the Alertmanager webhook: Home → incident → acknowledge; logs by word
 * and by trace id → the waterfall; the service map → a service with its RED charts and change
 * markers. Every page is screenshotted at 1440×900 into CAIRN_SCREENSHOT_DIR (default
 * .tmp/portal-screenshots) for review.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCairn } from '../support/start-cairn.ts';
import { type Seeded, seedPortal } from './portal-seed.ts';

const CHROMIUM = '/usr/bin/chromium';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS =
  process.env.CAIRN_SCREENSHOT_DIR ??
  fileURLToPath(new URL('../../.tmp/portal-screenshots', import.meta.url));

type Cairn = Awaited<ReturnType<typeof startCairn>>;
let cairn: Cairn;
let browser: Browser;
let browserContext: BrowserContext;
let seeded: Seeded;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${cairn.url}${path}`, {
    headers: { Authorization: `Bearer ${cairn.adminToken}` },
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T; // The server's own response schema validated this body.
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  if (!existsSync(WEB_INDEX))
    throw new Error(`The web UI is not built (${WEB_INDEX} is missing): run \`npm run build\`.`);
  mkdirSync(SHOTS, { recursive: true });
  cairn = await startCairn();
  seeded = await seedPortal({ url: cairn.url, token: cairn.adminToken });
  // The alert becomes an incident asynchronously; wait for it before the browser looks.
  const deadline = Date.now() + 15_000;
  while ((await api<{ items: unknown[] }>('/api/v1/incidents')).items.length === 0) {
    if (Date.now() > deadline) throw new Error('No incident was opened from the firing alert');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  browserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Sign in once for the whole suite.
  const page = await browserContext.newPage();
  await page.goto(`${cairn.url}/login?token=${encodeURIComponent(cairn.adminToken)}`);
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await page.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

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
    // The context section is there: the engine's answer or, until it lands, the pending note.
    await page.locator('#ctx-changed, #ctx-pending').first().waitFor();
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
