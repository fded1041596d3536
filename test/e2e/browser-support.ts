/**
 * What the browser journeys share: Debian's Chromium through playwright-core, the built UI check,
 * signing in by login URL, screenshots and uncaught page errors.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

/** Where screenshots go (CAIRN_SCREENSHOT_DIR, default .tmp/portal-screenshots). */
export const SCREENSHOT_DIR =
  process.env.CAIRN_SCREENSHOT_DIR ??
  fileURLToPath(new URL('../../.tmp/portal-screenshots', import.meta.url));

/** Starts headless Chromium; fails (never skips) when it or the built UI is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  if (!existsSync(WEB_INDEX))
    throw new Error(`The web UI is not built (${WEB_INDEX} is missing): run \`npm run build\`.`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
}

/** A 1440×900 browser context signed in with `token` through `/login?token=…`. */
export async function signedInContext(browser: Browser, url: string, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/login?token=${encodeURIComponent(token)}`);
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await page.close();
  return context;
}

/** Screenshots the viewport into {@link SCREENSHOT_DIR} for review. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** Uncaught exceptions in the page; a journey must end with none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** A JSON API call with a bearer token that throws on any non-2xx answer. */
export async function callApi<T>(
  base: { url: string; token: string },
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${base.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${base.token}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  if (response.status === 204) return undefined as T; // No body: callers ask for void.
  return (await response.json()) as T; // The server's own response schema validated this body.
}
