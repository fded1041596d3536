/**
 * The identity journey in Chromium against a real `cairn up` and a real OpenID Provider
 * (oidc-provider on loopback): a team-orders developer signs in through the provider's form, sees
 * their services as theirs, silences payment, is refused on ads (owned by team-storefront) in the
 * UI and by the API, and an admin finds all of it in the audit page with the actor.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityWorld, startIdentityWorld } from '../identity/identity-fixture.ts';
import { collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';

let world: IdentityWorld;
let browser: Browser;

const ADS_REFUSAL =
  'ads is owned by team-storefront; Grace Hopper may operate only the services of team-orders';

beforeAll(async () => {
  world = await startIdentityWorld();
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

describe('signing in through the identity provider', () => {
  it('shows a team-orders developer their services, lets them operate payment, not ads, and audits it', async () => {
    const url = world.cairn.url;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url);
    await page.getByRole('link', { name: 'Sign in with Single sign-on' }).click();
    await page.getByLabel('Username').fill('grace');
    await page.getByLabel('Password').fill('grace-pw');
    await shoot(page, '60-identity-provider-form');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(new URL(page.url()).origin).toBe(url);
    const yours = page.getByRole('list', { name: 'Your services' });
    await yours.waitFor();
    expect(await yours.getByRole('link').allTextContents()).toEqual([
      'Cart',
      'Checkout',
      'Currency',
      'Payment',
    ]);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, with the spaces between elements a person sees
    expect(await page.locator('.top-bar-identity').innerText()).toMatch(
      /Grace Hopper\s+member\s+team-orders/,
    );
    expect(await context.cookies(url)).toEqual([
      expect.objectContaining({ name: 'cairn_session', httpOnly: true, sameSite: 'Lax', secure: false }),
    ]);
    expect(await page.evaluate('Object.keys(window.localStorage)')).toEqual([]);
    await shoot(page, '61-identity-your-services');

    await page.goto(`${url}/services/payment`);
    const silence = page.getByRole('button', { name: 'Silence alerts for 1 hour' });
    await expect.poll(() => silence.isEnabled(), { timeout: 10_000 }).toBe(true);
    await silence.click();
    await expect
      .poll(() => page.locator('.operate-panel [role="status"]').textContent())
      .toBe('Alerts of payment are silenced for one hour.');

    await page.goto(`${url}/services/ads`);
    await expect
      .poll(() => page.locator('.operate-panel [role="status"]').textContent(), { timeout: 10_000 })
      .toBe(ADS_REFUSAL);
    expect(await page.getByRole('button', { name: 'Silence alerts for 1 hour' }).isDisabled()).toBe(true);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, with the spaces between elements a person sees
    expect(await page.locator('.operate-panel').innerText()).toContain(
      'Owned by team-storefront. Read-only for you.',
    );
    await shoot(page, '62-identity-read-only-service');

    // The API gives the same answer to a request the page makes itself (cookie + CSRF token).
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { session: { csrfToken: string } };
      const response = await fetch('/api/v1/silences', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.session.csrfToken },
        body: JSON.stringify({
          matchers: [{ name: 'service', value: 'ads' }],
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(refused).toEqual({ status: 403, body: { error: { code: 'not_allowed', message: ADS_REFUSAL } } });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You signed out.').waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
    expect(errors).toEqual([]);
    await context.close();

    const admin = await signedInContext(browser, url, world.cairn.adminToken);
    const auditPage = await admin.newPage();
    await auditPage.goto(`${url}/audit?actor=Grace`);
    const rows = auditPage.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 5).map((td) => td.textContent?.trim() ?? '')),
    );
    expect(cells).toEqual([
      ['Grace Hopper', expect.stringMatching(/^session\.sign-out user:/), '—', 'succeeded'],
      ['Grace Hopper', expect.stringMatching(/^silence\.create silence$/), 'ads', `refused ${ADS_REFUSAL}`],
      ['Grace Hopper', expect.stringMatching(/^silence\.create silence:/), 'payment', 'succeeded'],
      ['Grace Hopper', expect.stringMatching(/^session\.sign-in user:/), '—', 'succeeded'],
    ]);
    await shoot(auditPage, '63-identity-audit');
    await admin.close();
  }, 120_000);
});
