/**
 * Browser journeys through the alerts area and the catalog's problems against a real `cairn up`
 * started with a cairn.yaml whose catalog source holds a broken file: the problems banner and list,
 * "Refresh catalog" after fixing the file, the alert list with its filter, flapping badge and
 * incident link, and silences created from an alert, checked against real alert intake, then ended.
 * A read-only token sees the write controls disabled with the reason.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCairn } from '../support/start-cairn.ts';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';

type Cairn = Awaited<ReturnType<typeof startCairn>>;
let cairn: Cairn;
let browser: Browser;
let admin: BrowserContext;
let viewer: BrowserContext;
let catalogDir: string;

const READ_ONLY_REASON = 'Needs a token with the operate scope; you are signed in with a read token.';

function component(name: string, owner: string | null): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
${owner ? `  owner: ${owner}\n` : ''}`;
}

function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return callApi<T>({ url: cairn.url, token: cairn.adminToken }, path, init);
}

/** One Alertmanager webhook delivery with a single alert. */
async function sendAlert(alert: {
  name: string;
  service: string;
  severity: string;
  status: 'firing' | 'resolved';
  startsAt: Date;
  endsAt?: Date;
  fingerprint: string;
}): Promise<void> {
  await api('/api/v1/integrations/alertmanager', {
    method: 'POST',
    body: {
      version: '4',
      status: alert.status,
      receiver: 'cairn',
      alerts: [
        {
          status: alert.status,
          labels: { alertname: alert.name, service: alert.service, severity: alert.severity },
          annotations: { summary: `${alert.name} on ${alert.service}` },
          startsAt: alert.startsAt.toISOString(),
          ...(alert.endsAt ? { endsAt: alert.endsAt.toISOString() } : {}),
          fingerprint: alert.fingerprint,
        },
      ],
    },
  });
}

interface AlertItem {
  rule: string;
  flapping: boolean;
  incidentId: string | null;
  silencedBy: string | null;
  status: string;
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-e2e-config-'));
  catalogDir = join(root, 'catalog');
  mkdirSync(catalogDir);
  writeFileSync(join(catalogDir, 'checkout.yaml'), component('checkout', 'team-shop'));
  writeFileSync(join(catalogDir, 'payments.yaml'), component('payments', null));
  writeFileSync(join(root, 'cairn.yaml'), 'catalog:\n  sources:\n    - type: dir\n      path: catalog\n');
  cairn = await startCairn({ args: ['--config', join(root, 'cairn.yaml')] });

  const now = Date.now();
  await sendAlert({
    name: 'CheckoutLatencyHigh',
    service: 'checkout',
    severity: 'critical',
    status: 'firing',
    startsAt: new Date(now - 120_000),
    fingerprint: 'e2e-checkout-latency',
  });
  // Five state changes in the flapping window (default: more than four) make it flap.
  for (let i = 0; i < 5; i += 1) {
    const startsAt = new Date(now - 600_000 + i * 60_000);
    const firing = i % 2 === 0;
    await sendAlert({
      name: 'DiskAlmostFull',
      service: 'payments',
      severity: 'warning',
      status: firing ? 'firing' : 'resolved',
      startsAt: firing ? startsAt : new Date(now - 600_000 + (i - 1) * 60_000),
      ...(firing ? {} : { endsAt: startsAt }),
      fingerprint: 'e2e-disk',
    });
  }
  const deadline = Date.now() + 15_000;
  while (!(await api<{ items: AlertItem[] }>('/api/v1/alerts')).items.some((a) => a.incidentId)) {
    if (Date.now() > deadline) throw new Error('No incident was opened from the critical alert');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const viewerToken = await api<{ secret: string }>('/api/v1/tokens', {
    method: 'POST',
    body: { name: 'viewer', scope: 'read' },
  });
  browser = await launchBrowser();
  admin = await signedInContext(browser, cairn.url, cairn.adminToken);
  viewer = await signedInContext(browser, cairn.url, viewerToken.secret);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

describe('catalog problems', () => {
  it('shows the broken file on the Catalog page and the full list, and clears it after a fix and "Refresh catalog"', async () => {
    const page = await admin.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/services`);
    const banner = page.getByRole('region', { name: /^The last catalog sync skipped invalid entries/ });
    await banner.waitFor();
    expect(await banner.getByRole('heading').textContent()).toBe(
      'The last catalog sync skipped invalid entries: 1 problem',
    );
    expect(await banner.locator('li').allTextContents()).toEqual([
      `payments.yaml:5 (dir:${catalogDir}) spec.owner: Invalid input: expected string, received undefined`,
    ]);
    await expect.poll(() => page.locator('tbody th').allTextContents()).toEqual(['checkout']);
    await shoot(page, '20-catalog-problems');

    await banner.getByRole('link', { name: 'Open the full list' }).click();
    await page.waitForURL(`${cairn.url}/catalog/errors`);
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'payments.yaml:5' }) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'spec.owner: Invalid input: expected string, received undefined',
      `dir:${catalogDir}`,
      expect.any(String),
    ]);
    await shoot(page, '21-catalog-errors');

    writeFileSync(join(catalogDir, 'payments.yaml'), component('payments', 'team-payments'));
    await page.getByRole('button', { name: 'Refresh catalog' }).click();
    await expect
      .poll(() => page.locator('.refresh-note').textContent())
      .toBe('Synced 1 source: 2 entities, 0 problems.');
    await page.getByRole('heading', { name: 'No catalog problems' }).waitFor();
    expect((await api<{ items: unknown[] }>('/api/v1/catalog/errors')).items).toEqual([]);
    await page.goto(`${cairn.url}/services`);
    // A fresh page load checks the session cookie before it asks for the services.
    await expect
      .poll(() => page.locator('tbody th').allTextContents(), { timeout: 10_000 })
      .toEqual(['checkout', 'payments']);
    expect(await page.getByRole('region', { name: /^The last catalog sync/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('marks each declared service as managed in files, in the list and on its page, naming its descriptor', async () => {
    const page = await admin.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/services`);
    // Each row names the file its service is declared in (a directory source has no forge link).
    const badges = async () =>
      page
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => [
            row.querySelector('th')?.textContent,
            row.querySelector('.badge-managed')?.textContent ?? null,
          ]),
        );
    await expect.poll(badges, { timeout: 10_000 }).toEqual([
      ['checkout', 'Managed in files · checkout.yaml:1'],
      ['payments', 'Managed in files · payments.yaml:1'],
    ]);
    await shoot(page, '22-catalog-managed');

    await page.getByRole('link', { name: 'checkout', exact: true }).click();
    await page.waitForURL(`${cairn.url}/services/checkout`);
    const badge = page.locator('.page-header .badge-managed');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('Managed in files · checkout.yaml:1');
    expect(await badge.getAttribute('title')).toBe(
      `Read-only here: edit checkout.yaml:1 in dir:${catalogDir}`,
    );
    await shoot(page, '23-service-managed');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('disables "Refresh catalog" for a read-only token and says why', async () => {
    const page = await viewer.newPage();
    await page.goto(`${cairn.url}/services`);
    const button = page.getByRole('button', { name: 'Refresh catalog' });
    await expect
      .poll(() => page.locator('.refresh-note').textContent())
      .toBe('configure needs a token with the operate scope; token "viewer" has read');
    expect(await button.isDisabled()).toBe(true);
    await page.close();
  }, 30_000);
});

describe('alerts and silences', () => {
  it('lists alerts with a status filter in the URL, the flapping badge and the linked incident', async () => {
    const page = await admin.newPage();
    const errors = collectPageErrors(page);
    const alerts = (await api<{ items: AlertItem[] }>('/api/v1/alerts')).items;
    const checkout = alerts.find((a) => a.rule === 'CheckoutLatencyHigh');
    if (!checkout?.incidentId) throw new Error('CheckoutLatencyHigh opened no incident');
    const incident = await api<{ title: string }>(`/api/v1/incidents/${checkout.incidentId}`);
    expect(alerts.find((a) => a.rule === 'DiskAlmostFull')?.flapping).toBe(true);

    await page.goto(`${cairn.url}/alerts`);
    const rowOf = (rule: string) =>
      page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${rule}`) }) });
    await rowOf('DiskAlmostFull').waitFor();
    expect(await rowOf('DiskAlmostFull').getByRole('rowheader').textContent()).toBe('DiskAlmostFullflapping');
    expect(await rowOf('CheckoutLatencyHigh').getByRole('link', { name: incident.title }).count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await shoot(page, '22-alerts');

    await page.getByRole('button', { name: 'Resolved' }).click();
    await page.waitForURL(`${cairn.url}/alerts?status=resolved`);
    await page.getByRole('heading', { name: 'No alerts with this status' }).waitFor();
    await page.getByRole('button', { name: 'Firing' }).click();
    await page.waitForURL(`${cairn.url}/alerts?status=firing`);
    await expect
      .poll(() => page.locator('tbody th').allTextContents())
      .toEqual(expect.arrayContaining(['CheckoutLatencyHigh']));
    await rowOf('CheckoutLatencyHigh').getByRole('link', { name: incident.title }).click();
    await page.waitForURL(`${cairn.url}/incidents/${checkout.incidentId}`);
    await page.getByRole('heading', { level: 1, name: incident.title }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('creates a silence from an alert, which then silences that alert, and ends it after a confirm step', async () => {
    const page = await admin.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/alerts?status=firing`);
    await page.getByRole('link', { name: 'Silence CheckoutLatencyHigh' }).click();
    await page.waitForURL(/\/alerts\/silences\?m=alertname%3DCheckoutLatencyHigh&m=service%3Dcheckout/);
    expect(await page.getByLabel('Matcher 1 label').inputValue()).toBe('alertname');
    expect(await page.getByLabel('Matcher 1 value').inputValue()).toBe('CheckoutLatencyHigh');
    expect(await page.getByLabel('Matcher 2 label').inputValue()).toBe('service');
    expect(await page.getByLabel('Matcher 2 value').inputValue()).toBe('checkout');

    // A broken regular expression is named before anything is sent.
    await page.getByLabel('Matcher 2 operator').selectOption('=~');
    await page.getByLabel('Matcher 2 value').fill('check(');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Matcher 2: “check(” is not a valid regular expression.' })
      .waitFor();
    expect(await page.getByLabel('Matcher 2 value').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Matcher 2 value').fill('check.*');

    await page.getByRole('button', { name: '4h' }).click();
    await page.getByLabel('Comment').fill('Latency work on the checkout database');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Created silence for alertname="CheckoutLatencyHigh", service=~"check.*".' })
      .waitFor();
    const [silence] = (
      await api<{ items: { id: string; startsAt: string; endsAt: string; active: boolean }[] }>(
        '/api/v1/silences',
      )
    ).items;
    if (!silence) throw new Error('no silence was created');
    expect(silence.active).toBe(true);
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(4 * 3_600_000);
    const row = page.locator(`tr[data-silence-id="${silence.id}"]`);
    await row.waitFor();
    expect(await row.getByRole('rowheader').textContent()).toBe(
      'alertname="CheckoutLatencyHigh", service=~"check.*"',
    );
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'silence',
      'active',
      expect.any(String),
      expect.any(String),
      'Latency work on the checkout database by token:bootstrap (admin (bootstrap))',
      'End now',
    ]);
    await shoot(page, '23-silences');

    // The silence is real: a new occurrence of the alert is recorded as silenced.
    await sendAlert({
      name: 'CheckoutLatencyHigh',
      service: 'checkout',
      severity: 'critical',
      status: 'firing',
      startsAt: new Date(),
      fingerprint: 'e2e-checkout-latency',
    });
    await expect
      .poll(
        async () =>
          (await api<{ items: AlertItem[] }>('/api/v1/alerts')).items.find(
            (a) => a.rule === 'CheckoutLatencyHigh',
          )?.silencedBy,
      )
      .toBe(silence.id);

    await row.getByRole('button', { name: /^End alertname="CheckoutLatencyHigh"/ }).click();
    expect(await row.locator('.confirm-question').textContent()).toBe(
      'End it? Matching alerts notify again.',
    );
    await row.getByRole('button', { name: 'Yes, end it' }).click();
    await page.getByRole('heading', { name: 'Nothing silenced now' }).waitFor();
    await page.getByRole('button', { name: 'Expired' }).click();
    await page.waitForURL(/show=expired/);
    expect(await page.locator(`tr[data-silence-id="${silence.id}"] .badge-status`).textContent()).toBe(
      'expired',
    );
    const ended = (await api<{ items: { id: string; active: boolean }[] }>('/api/v1/silences')).items[0];
    expect(ended).toEqual(expect.objectContaining({ id: silence.id, active: false }));
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows a read-only token the silences but not the means to change them', async () => {
    const page = await viewer.newPage();
    await page.goto(`${cairn.url}/alerts/silences?show=all`);
    await page.getByRole('form', { name: 'New silence or maintenance window' }).waitFor();
    await expect.poll(() => page.locator('.silence-form .notice').textContent()).toBe(READ_ONLY_REASON);
    expect(await page.getByRole('button', { name: 'Create silence' }).isDisabled()).toBe(true);
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody .badge-status').allTextContents()).toEqual(['expired']);
    await page.close();
  }, 30_000);
});
