/**
 * The rollback journey in Chromium against a real `cairn up`: an incident on payments whose proposed
 * fix is "Roll back payments from 2.4.0 to 2.3.9" offers a button; it opens the rollback action's
 * form prefilled from the link, the run is started, and the run page shows its state and the live
 * log while the GitOps executor commits the tag to a real bare repository on disk.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BareRepository, createBareRepository } from '../actions/executors/git-fixtures.ts';
import { startCairn } from '../support/start-cairn.ts';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';
import { seedPortal } from './portal-seed.ts';

type Cairn = Awaited<ReturnType<typeof startCairn>>;
let cairn: Cairn;
let browser: Browser;
let context: BrowserContext;
let repository: BareRepository;
let incidentId: string;

const PAYMENTS = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  lifecycle: production
  owner: team-payments
`;

function rollbackAction(repositoryUrl: string): string {
  return `id: rollback
title: Roll back to a previous version
description: Sets the image tag back to a version the service ran before.
target: service
operation: day-2
records: rollback
inputs:
  type: object
  required: [environment, version]
  properties:
    environment: { type: string, x-cairn-picker: environment, default: production }
    version: { type: string, x-cairn-picker: version }
executor:
  kind: gitops
  settings:
    repository: ${repositoryUrl}
    file: \${{ environment }}/\${{ service }}/values.yaml
    yamlPath: image.tag
    value: \${{ inputs.version }}
    valueType: string
`;
}

beforeAll(async () => {
  repository = createBareRepository();
  repository.commit(
    { 'production/payments/values.yaml': 'image:\n  tag: "2.4.0"  # set by Cairn\n' },
    'payments at 2.4.0',
  );
  const root = mkdtempSync(join(tmpdir(), 'cairn-e2e-actions-'));
  mkdirSync(join(root, 'catalog'));
  mkdirSync(join(root, 'actions'));
  writeFileSync(join(root, 'catalog', 'payments.yaml'), PAYMENTS);
  writeFileSync(join(root, 'actions', 'rollback.yaml'), rollbackAction(repository.url));
  writeFileSync(
    join(root, 'cairn.yaml'),
    'catalog:\n  sources:\n    - type: dir\n      path: catalog\nactions:\n  dir: actions\n',
  );
  cairn = await startCairn({ args: ['--config', join(root, 'cairn.yaml')] });
  const target = { url: cairn.url, token: cairn.adminToken };
  await seedPortal(target);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { items } = await callApi<{ items: { id: string }[] }>(target, '/api/v1/incidents');
    const id = items[0]?.id;
    if (id && (await callApi<{ context: unknown }>(target, `/api/v1/incidents/${id}`)).context !== null) {
      incidentId = id;
      break;
    }
    if (Date.now() > deadline) throw new Error('No incident with its context after 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  browser = await launchBrowser();
  context = await signedInContext(browser, cairn.url, cairn.adminToken);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await cairn?.stop();
  repository?.remove();
});

describe('rolling back from the incident', () => {
  it('opens the prefilled rollback form from the fix, runs it and follows the run page', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${cairn.url}/incidents/${incidentId}`);
    const button = page.getByRole('link', { name: 'Roll back payments to 2.3.9' });
    await button.waitFor({ timeout: 15_000 });
    await shoot(page, '70-actions-incident-rollback-button');
    await button.click();
    await page.waitForURL(/\/actions\/rollback\/run\?/);
    expect(new URL(page.url()).search).toBe(`?service=payments&version=2.3.9&incident=${incidentId}`);
    const version = page.getByRole('combobox', { name: /version/ });
    await version.waitFor();
    // The chosen option's label, read in the page (the test's own types have no DOM).
    expect(await version.locator('option:checked').textContent()).toBe('2.3.9');
    expect(await page.getByRole('textbox', { name: 'Service' }).inputValue()).toBe('payments');
    await shoot(page, '71-actions-run-form');
    await page.getByRole('button', { name: 'Start run' }).click();

    await page.waitForURL(/\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    await page.getByText('succeeded', { exact: true }).waitFor({ timeout: 30_000 });
    const log = page.getByTestId('run-log');
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('2.3.9');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, with the spaces between elements a person sees
    expect(await page.locator('.page-header').innerText()).toContain('Started by');
    await shoot(page, '72-actions-run-page');

    // The executor really committed the tag, and the incident page lists the run.
    expect(repository.show('production/payments/values.yaml')).toBe(
      'image:\n  tag: "2.3.9"  # set by Cairn\n',
    );
    const run = await callApi<{ state: string; inputs: unknown; service: string }>(
      { url: cairn.url, token: cairn.adminToken },
      `/api/v1/runs/${runId}`,
    );
    expect({ state: run.state, service: run.service, inputs: run.inputs }).toEqual({
      state: 'succeeded',
      service: 'payments',
      inputs: { environment: 'production', version: '2.3.9' },
    });
    // The run started from the incident is listed on it with its state, and its timeline has it.
    await page.goto(`${cairn.url}/incidents/${incidentId}`);
    const runs = page.getByRole('region', { name: 'Runs from this incident' });
    const link = runs.getByRole('link', { name: 'Roll back to a previous version on payments' });
    await link.waitFor({ timeout: 10_000 });
    expect(await link.getAttribute('href')).toBe(`/runs/${runId}`);
    expect(await runs.locator('.badge').first().textContent()).toBe('succeeded');
    const entry = page.locator('.timeline li', {
      hasText: `Run ${runId} (Roll back to a previous version on payments) succeeded`,
    });
    await entry.waitFor({ timeout: 10_000 });
    await shoot(page, '73-actions-incident-linked-run');
    await page.close();
    expect(errors).toEqual([]);
  }, 90_000);
});
