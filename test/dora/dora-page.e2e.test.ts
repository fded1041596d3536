/**
 * The DORA page in Debian's Chromium against a real `cairn up`: a history posted through the API
 * (two deploys, one rolled back) shows its five metrics, levels and the failure's evidence.
 * Runs against the built UI in web/dist (`npm test` builds it first).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from '../e2e/browser-support.ts';
import { startCairn } from '../support/start-cairn.ts';

type Cairn = Awaited<ReturnType<typeof startCairn>>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let cairn: Cairn;
let browser: Browser;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const now = Date.now();
  const post = (body: Record<string, unknown>) =>
    callApi({ url: cairn.url, token: cairn.adminToken }, '/api/v1/changes', { method: 'POST', body });
  const iso = (ms: number) => new Date(ms).toISOString();
  await post({
    service: 'shop',
    version: '1.0',
    finishedAt: iso(now - 5 * DAY),
    commits: [{ sha: 'a1', at: iso(now - 5 * DAY - 2 * HOUR) }],
  });
  await post({
    service: 'shop',
    version: '1.1',
    previousVersion: '1.0',
    finishedAt: iso(now - 4 * DAY),
    commits: [{ sha: 'a2', at: iso(now - 4 * DAY - 4 * HOUR) }],
  });
  await post({
    service: 'shop',
    kind: 'rollback',
    version: '1.0',
    finishedAt: iso(now - 4 * DAY + 45 * 60_000),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

describe('the DORA page', () => {
  it('shows the five metrics with their levels and why a deployment failed', async () => {
    const context = await signedInContext(browser, cairn.url, cairn.adminToken);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'DORA' }).click();
    await page.getByRole('heading', { level: 1, name: 'DORA' }).waitFor();
    const card = (title: string) => page.getByRole('region', { name: title });
    await card('Deployment frequency').waitFor();
    expect(await card('Deployment frequency').getByTestId('metric-value').textContent()).toBe('0.10 / day');
    expect(await card('Deployment frequency').getByTestId('metric-level').textContent()).toBe(
      // Deploy days fall in one week of five: weekly to monthly.
      'medium',
    );
    expect(await card('Change lead time').getByTestId('metric-value').textContent()).toBe('3.0 h');
    expect(await card('Change lead time').getByTestId('metric-level').textContent()).toBe('elite');
    expect(await card('Change fail rate').getByTestId('metric-value').textContent()).toBe('33.3 %');
    expect(await card('Change fail rate').getByTestId('metric-level').textContent()).toBe('low');
    expect(await card('Failed deployment recovery time').getByTestId('metric-value').textContent()).toBe(
      '45 min',
    );
    expect(await card('Failed deployment recovery time').getByTestId('metric-level').textContent()).toBe(
      'elite',
    );
    expect(await card('Deployment rework rate').getByTestId('metric-value').textContent()).toBe('33.3 %');
    expect(await card('Deployment rework rate').getByTestId('metric-level').textContent()).toBe('no level');
    await expect
      .poll(() => page.getByRole('cell', { name: /^rolled back to v1\.0 45 min later/ }).count())
      .toBe(1);
    // Insights for the same window: three deploys and rollbacks, none through Cairn actions, no incidents.
    await expect
      .poll(() => page.getByTestId('adoption').textContent())
      .toBe('0.0 % (0 of 3 deploys, rollbacks, scales and config changes through Cairn actions)');
    expect(await page.getByTestId('mttr').textContent()).toBe('— median over 0 resolved incidents');
    expect(await page.getByTestId('pages').textContent()).toBe('0 · 0 · 0 · 0 · 0');
    await shoot(page, 'dora');

    await page.getByLabel('Scope').selectOption('service');
    await page.getByLabel('Name').fill('nothing-here');
    await page.getByLabel('Name').press('Enter');
    await expect.poll(() => card('Change fail rate').getByTestId('metric-value').textContent()).toBe('—');
    expect(page.url()).toContain('scope=service&name=nothing-here');
    expect(errors).toEqual([]);
    await context.close();
  });
});
