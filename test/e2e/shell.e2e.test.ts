/**
 * Browser journey through the web UI shell against a real `cairn up`: sign-in by login URL,
 * navigation, token management (create → secret once → revoke) and the signed-out states.
 *
 * Needs Debian's Chromium at /usr/bin/chromium (CI installs it); without it this suite fails
 * rather than skips. Runs against the built UI in web/dist (`npm test` builds it first).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCairn } from '../support/start-cairn.ts';

const CHROMIUM = '/usr/bin/chromium';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const NAV_AREAS = [
  'Home',
  'Catalog',
  'Create',
  'Scorecards',
  'Service map',
  'Incidents',
  'Runbooks',
  'Logs',
  'Traces',
  'Changes',
  'Approvals',
  'Alerts',
  'DORA',
  'Cost',
  'Capacity',
  'Feedback',
  'Audit',
  'Settings',
];

type Cairn = Awaited<ReturnType<typeof startCairn>>;

let cairn: Cairn;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install the Debian package (apt-get install chromium) to run the browser journeys.`,
    );
  }
  if (!existsSync(WEB_INDEX)) {
    throw new Error(
      `The web UI is not built (${WEB_INDEX} is missing): run \`npm run build\` (npm test does it first).`,
    );
  }
  cairn = await startCairn();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

/** Everything the page keeps in localStorage (an expression string: this file has no DOM types). */
async function storedKeys(page: Page): Promise<unknown> {
  return page.evaluate('Object.keys(window.localStorage)');
}

/** Uncaught exceptions in the page; the journey must end with none. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function meWith(token: string): Promise<Response> {
  return fetch(`${cairn.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
}

describe('web UI shell', () => {
  it('signs in from the login URL, navigates, creates and revokes a token, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    const leaks: string[] = [];
    page.on('request', async (request) => {
      const referer = (await request.allHeaders().catch(() => ({}) as Record<string, string>)).referer ?? '';
      if (request.isNavigationRequest() && request.url().includes('/login?token=')) return;
      if (request.url().includes(cairn.adminToken) || referer.includes(cairn.adminToken)) {
        leaks.push(request.url());
      }
    });

    // The login URL is exchanged for an httpOnly session cookie and leaves the address bar at once.
    await page.goto(`${cairn.url}/login?token=${encodeURIComponent(cairn.adminToken)}`);
    expect(page.url()).toBe(`${cairn.url}/`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await storedKeys(page)).toEqual([]);
    expect(await context.cookies(cairn.url)).toEqual([
      expect.objectContaining({ name: 'cairn_session', httpOnly: true, sameSite: 'Lax' }),
    ]);

    // The top bar names the signed-in token, as /api/v1/me does.
    const me = (await (await meWith(cairn.adminToken)).json()) as { name: string; scope: string };
    const banner = page.getByRole('banner').filter({ has: page.getByRole('button', { name: 'Sign out' }) });
    await expect.poll(() => banner.textContent()).toContain(me.name);
    expect(await banner.textContent()).toContain('admin');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Home');

    // Every area is in the navigation.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.locator('.nav-list a').allTextContents()).toEqual(NAV_AREAS);

    // Areas without data yet explain how to feed them.
    await nav.getByRole('link', { name: 'Incidents' }).click();
    await page.waitForURL(`${cairn.url}/incidents`);
    await page.getByRole('heading', { name: 'No incidents yet' }).waitFor();
    expect(await page.locator('.empty-state-body').textContent()).toBe(
      'Point Alertmanager at /api/v1/integrations/alertmanager (a webhook receiver with a Cairn token) and firing alerts are grouped into incidents here, each with its suspects and evidence.',
    );
    expect(await nav.getByRole('link', { name: 'Incidents' }).getAttribute('aria-current')).toBe('page');

    // Settings → Tokens.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${cairn.url}/settings`);
    await page.getByRole('link', { name: /^Tokens/ }).click();
    await page.waitForURL(`${cairn.url}/settings/tokens`);
    await page.getByRole('heading', { level: 1, name: 'Tokens' }).waitFor();

    // Create `ci-reader` (read): the secret is shown once.
    await page.getByLabel('Name').fill('ci-reader');
    await page.getByLabel('Scope').selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Token “ci-reader” created' }).waitFor();
    expect(await page.locator('.secret-panel .notice').textContent()).toBe(
      'Copy this secret now and store it somewhere safe. It will not be shown again.',
    );
    const secret = await page.getByLabel('New token secret').inputValue();
    expect(secret.startsWith('cairn_')).toBe(true);
    expect(await page.getByLabel('Name').inputValue()).toBe('');

    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'ci-reader', exact: true }) });
    await row.waitFor();
    expect(await row.getByRole('cell').first().textContent()).toBe('read');
    const asReader = await meWith(secret);
    expect(asReader.status).toBe(200);
    expect(await asReader.json()).toMatchObject({ name: 'ci-reader', scope: 'read' });

    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await row.waitFor();
    expect(await page.getByLabel('New token secret').count()).toBe(0);

    // Revoke, with a confirm step; the row stays, greyed, with its revocation time.
    await row.getByRole('button', { name: 'Revoke ci-reader' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => row.getAttribute('class')).toBe('is-revoked');
    expect(await row.locator('.cell-actions').textContent()).toMatch(/^Revoked /);
    expect(await row.locator('.cell-actions time').getAttribute('title')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    expect(await row.getByRole('button').count()).toBe(0);
    expect((await meWith(secret)).status).toBe(401);

    // Sign out → the sign-in screen; the session is over on the server too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.locator('.sign-in .notice').textContent()).toBe('You signed out.');
    await page.goto(`${cairn.url}/services`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    expect(leaks).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows the sign-in screen for an unknown session cookie, and signs in with a pasted token', async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'cairn_session', value: 'not-a-session', url: cairn.url }]);
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);

    await page.goto(`${cairn.url}/services`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(page.url()).toBe(`${cairn.url}/services`);

    // A wrong paste is refused on the spot; the right one opens the page that was asked for.
    await page.getByLabel('Access token').fill('cairn_typo');
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await expect
      .poll(() => page.locator('.sign-in .field-error').textContent())
      .toBe(
        'Cairn did not accept this token. Check that you copied all of it, or ask an admin for a new one.',
      );
    await page.getByLabel('Access token').fill(cairn.adminToken);
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.getByRole('heading', { level: 1, name: 'Catalog' }).waitFor();
    await page.getByRole('heading', { name: 'No services yet' }).waitFor();
    expect(await storedKeys(page)).toEqual([]);

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
