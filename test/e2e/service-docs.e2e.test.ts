/**
 * Browser journey through a service's Docs tab on the example shop (`cairn up --config
 * examples/cairn.yaml`): the payment docs' navigation and home page with its image loaded, a
 * relative link followed inside the tab without a reload, a link to a heading of another page,
 * and the search box finding the docs page and the runbook. Debian's Chromium via playwright-core.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCairn } from '../support/start-cairn.ts';
import { collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';

type Cairn = Awaited<ReturnType<typeof startCairn>>;
let cairn: Cairn;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  cairn = await startCairn({ args: ['--config', 'examples/cairn.yaml'] });
  browser = await launchBrowser();
  context = await signedInContext(browser, cairn.url, cairn.adminToken);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

describe("the payment service's Docs tab", () => {
  it('shows the navigation and the home page with its image, follows a relative link in the tab, and searches', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/services/payment`);
    await page.getByRole('tab', { name: 'Docs' }).click();
    await page.waitForURL(/[?&]tab=docs/);

    const nav = page.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('link', { name: 'Overview' }).waitFor({ timeout: 30_000 });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Operating payment']);
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');

    const article = page.locator('article.docs-page');
    expect(await article.getByRole('heading', { level: 1 }).textContent()).toBe('Payment');
    const image = article.getByRole('img', { name: 'How a charge flows' });
    expect(await image.getAttribute('src')).toBe(
      '/api/v1/services/payment/docs/assets/images%2Fcharge-flow.svg',
    );
    // Loaded means decoded with its real size (480×120), not a broken-image box.
    await page.waitForFunction(
      `(() => { const img = document.querySelector('article.docs-page img'); return img && img.complete && img.naturalWidth > 0; })()`,
    );
    expect(
      await page.evaluate(
        `(() => { const img = document.querySelector('article.docs-page img'); return [img.naturalWidth, img.naturalHeight]; })()`,
      ),
    ).toEqual([480, 120]);
    await shoot(page, '90-service-docs-home');

    // Following the page's relative link keeps the app loaded: a value set in the window survives.
    await page.evaluate('window.__docsJourney = "same document"');
    await article.getByRole('link', { name: 'Operating payment' }).click();
    await page.waitForURL(/page=operations\.md/);
    await article.getByRole('heading', { level: 1, name: 'Operating payment' }).waitFor();
    expect(await page.evaluate('window.__docsJourney')).toBe('same document');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('docs');
    expect(await nav.getByRole('link', { name: 'Operating payment' }).getAttribute('aria-current')).toBe(
      'page',
    );

    // A link to a heading of another page opens that page at the heading.
    await article.getByRole('link', { name: 'overview' }).click();
    await page.waitForURL(/page=index\.md#user-content-interfaces$/);
    const interfaces = article.getByRole('heading', { level: 2, name: 'Interfaces' });
    await interfaces.waitFor();
    expect(await interfaces.getAttribute('id')).toBe('user-content-interfaces');

    // Search across every service's docs and the runbooks.
    await page.getByRole('searchbox', { name: 'Search docs and runbooks' }).fill('rollback');
    await page.keyboard.press('Enter');
    await page.waitForURL(/find=rollback/);
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('listitem').first().waitFor();
    expect(await results.getByRole('listitem').getByRole('link').allTextContents()).toEqual([
      'Operating payment',
      'Error rate or SLO burn on a service',
      'Payment',
    ]);
    await shoot(page, '91-service-docs-search');
    await results.getByRole('link', { name: 'Error rate or SLO burn on a service' }).click();
    await page.waitForURL(/\/runbooks\/error-rate$/);
    expect(errors).toEqual([]);
  });
});
