/**
 * First load of the incident page in Debian's Chromium against a local Cairn: a fresh browser
 * context (cold cache) opens /incidents/<id> and waits until the context's "What changed" heading
 * is on screen. Baseline, same run: the same fresh context loading an unknown path, which
 * renders the UI's not-found page (the app shell and router, no API data): the floor of any page
 * load. Target: under 1 s.
 *
 *   node bench/incident-page.bench.ts [--loads 10]
 */
import { type Browser, chromium } from 'playwright-core';
import { startInProcess } from '../test/support/in-process-cairn.ts';
import { numberArg, percentile, report } from './bench-kit.ts';

const loads = numberArg('loads', 10);
const cairn = await startInProcess({ webDistDir: new URL('../web/dist/', import.meta.url).pathname });
let browser: Browser | undefined;
try {
  const url = await cairn.app.listen({ host: '127.0.0.1', port: 0 });
  const headers = { authorization: `Bearer ${cairn.adminToken}`, 'content-type': 'application/json' };
  const startsAt = new Date().toISOString();
  const alert = {
    version: '4',
    status: 'firing',
    receiver: 'cairn',
    groupKey: '{}:{alertname="CheckoutErrors"}',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'CheckoutErrors', service: 'checkout', severity: 'critical' },
        annotations: { summary: 'checkout error rate above 5%' },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.local/graph',
        fingerprint: 'bench-incident-page',
      },
    ],
  };
  const posted = await fetch(`${url}/api/v1/integrations/alertmanager`, {
    method: 'POST',
    headers,
    body: JSON.stringify(alert),
  });
  if (!posted.ok) throw new Error(`alert intake answered ${posted.status}`);
  const { items } = (await (await fetch(`${url}/api/v1/incidents`, { headers })).json()) as {
    items: Array<{ id: string }>;
  };
  const incidentId = items[0]?.id;
  if (!incidentId) throw new Error('no incident was opened');

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  const openBrowser = browser;
  const timeLoad = async (
    path: string,
    ready: (page: import('playwright-core').Page) => Promise<unknown>,
  ) => {
    const context = await openBrowser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(
      `window.localStorage.setItem('cairn.token', ${JSON.stringify(cairn.adminToken)})`,
    );
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${url}${path}`);
    await ready(page);
    const elapsed = performance.now() - started;
    await context.close();
    return elapsed;
  };
  const incident: number[] = [];
  const shell: number[] = [];
  await timeLoad(`/incidents/${incidentId}`, (page) =>
    page.getByRole('heading', { name: 'What changed' }).waitFor(),
  );
  for (let i = 0; i < loads; i++) {
    shell.push(await timeLoad('/nothing-here', (page) => page.waitForLoadState('domcontentloaded')));
    incident.push(
      await timeLoad(`/incidents/${incidentId}`, (page) =>
        page.getByRole('heading', { name: 'What changed' }).waitFor(),
      ),
    );
  }
  // Ratio of rates: the shell's p50 time over the incident page's (1/time is a rate).
  report(
    {
      name: `incident page first load p50 ${percentile(incident, 50).toFixed(0)} ms`,
      value: 1000 / percentile(incident, 50),
      unit: 'loads/s',
    },
    {
      name: `not-found page (app shell) p50 ${percentile(shell, 50).toFixed(0)} ms`,
      value: 1000 / percentile(shell, 50),
      unit: 'loads/s',
    },
    'incident page < 1000 ms',
  );
} finally {
  await browser?.close();
  await cairn.close();
}
