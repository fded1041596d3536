/**
 * The web UI under its own Content-Security-Policy, in Debian's Chromium against a real `cairn up`
 * with data (so the service graph, charts and tables all render): every page loads with no CSP
 * violation reported by the browser and no uncaught error. Runs against the built UI in web/dist.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, signedInContext } from '../e2e/browser-support.ts';
import { seedPortal } from '../e2e/portal-seed.ts';
import { type CairnProcess, startCairn } from '../support/start-cairn.ts';

let cairn: CairnProcess;
let browser: Browser;
let context: BrowserContext;
let failingTraceId: string;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  ({ failingTraceId } = await seedPortal({ url: cairn.url, token: cairn.adminToken }));
  context = await signedInContext(browser, cairn.url, cairn.adminToken);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await cairn?.stop();
});

/** CSP violations as Chromium reports them: console errors and `securitypolicyviolation` events. */
async function collectCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  // A string script: this file has no DOM types. It runs in the page before any of the UI's code.
  await page.addInitScript(
    "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
  );
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

const PAGES = [
  '/',
  '/services',
  '/services/checkout',
  '/map',
  '/incidents',
  '/logs',
  '/traces',
  '/changes',
  '/alerts',
  '/alerts/noise',
  '/settings/tokens',
];

describe('web UI security headers', () => {
  it('serves the UI with a CSP without unsafe-inline or unsafe-eval, and the helmet headers', async () => {
    const response = await fetch(`${cairn.url}/incidents`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each([...PAGES, 'trace'])('%s renders under the CSP with no violation', async (path) => {
    const page = await context.newPage();
    const violations = await collectCspViolations(page);
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}${path === 'trace' ? `/traces/${failingTraceId}` : path}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // Lazy chunks, charts and the graph load after the first paint. A page that keeps polling is
    // never idle: five seconds is long enough for everything it loads.
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    // The page's own record of violations, in case the console message format changes.
    const reported = await page.evaluate('window.__cspViolations');
    await page.close();
    expect({ violations, errors, reported }).toEqual({ violations: [], errors: [], reported: [] });
  });
});
