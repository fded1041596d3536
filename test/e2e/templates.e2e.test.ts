/**
 * The golden-path journey in Chromium against a real `cairn up`: the Create page's gallery, the
 * node-service form filled in for `invoices` owned by team-orders with a first deploy, and the task
 * page following the task live. The first deploy needs a production approval, so the page is open
 * while the task runs: log lines arrive over SSE before and after someone else approves the run
 * (with no reload), the run is linked, and the template's output links appear at the end; the
 * deploy the run recorded ends the service's onboarding time on the Create page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BareRepository, createBareRepository } from '../actions/executors/git-fixtures.ts';
import { startCairn } from '../support/start-cairn.ts';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';

const EXAMPLE_TEMPLATES = fileURLToPath(new URL('../../examples/templates', import.meta.url));

type Cairn = Awaited<ReturnType<typeof startCairn>>;
let cairn: Cairn;
let browser: Browser;
let context: BrowserContext;
let deployments: BareRepository;
let root: string;

const TEAM_ORDERS = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-orders
spec:
  type: team
  children: []
`;

/** The first deploy: GitOps to a real bare repository; production needs a second person. */
function deployAction(repository: string): string {
  return `id: deploy
title: Deploy a version
target: service
operation: day-2
records: deploy
inputs:
  type: object
  required: [environment, version]
  properties:
    environment: { type: string }
    version: { type: string }
executor:
  kind: gitops
  settings:
    repository: ${repository}
    file: \${{ environment }}/\${{ service }}/values.yaml
    yamlPath: image.tag
    value: \${{ inputs.version }}
    valueType: string
guardrails:
  approval:
    required: when
    when: environment == 'production'
    approvers: [platform]
`;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cairn-e2e-templates-'));
  deployments = createBareRepository();
  deployments.commit({ 'production/invoices/values.yaml': 'image:\n  tag: "0.0.0"\n' }, 'invoices prepared');
  mkdirSync(join(root, 'catalog'));
  mkdirSync(join(root, 'actions'));
  mkdirSync(join(root, 'remotes'));
  writeFileSync(join(root, 'catalog', 'team-orders.yaml'), TEAM_ORDERS);
  writeFileSync(join(root, 'actions', 'deploy.yaml'), deployAction(deployments.url));
  writeFileSync(
    join(root, 'cairn.yaml'),
    [
      'catalog:',
      '  sources:',
      '    - type: dir',
      `      path: ${join(root, 'catalog')}`,
      'actions:',
      `  dir: ${join(root, 'actions')}`,
      '  pollIntervalMs: 100',
      'templates:',
      `  paths: [${EXAMPLE_TEMPLATES}]`,
      '  gitRemotes:',
      `    git.test: ${join(root, 'remotes')}`,
      '',
    ].join('\n'),
  );
  cairn = await startCairn({ args: ['--config', join(root, 'cairn.yaml')] });
  browser = await launchBrowser();
  context = await signedInContext(browser, cairn.url, cairn.adminToken);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await cairn?.stop();
  deployments?.remove();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('creating a service from the Create page', () => {
  it('follows the task live: log lines stream in before and after the approval, then the output links', async () => {
    const admin = { url: cairn.url, token: cairn.adminToken };
    const approver = await callApi<{ secret: string }>(admin, '/api/v1/tokens', {
      method: 'POST',
      body: { name: 'release-manager', scope: 'admin' },
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const streams: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/events')) streams.push(request.url());
    });

    await page.goto(`${cairn.url}/create`);
    await page.getByRole('link', { name: 'Node.js HTTP service' }).click();
    await page.waitForURL(/\/create\/node-service$/);
    await page.locator('#root_name').waitFor();
    await page.locator('#root_name').fill('invoices');
    const owner = page
      .locator('select')
      .filter({ has: page.locator('option', { hasText: 'Choose a team' }) });
    await owner.locator('option', { hasText: 'team-orders' }).waitFor({ state: 'attached' });
    await owner.selectOption('group:default/team-orders');
    await page.locator('#root_system').fill('orders');
    await page.locator('#root_repoUrl-host').fill('git.test');
    await page.locator('#root_repoUrl-owner').fill('team-orders');
    await page.getByRole('textbox', { name: 'Repository', exact: true }).fill('invoices');
    await page.locator('#root_firstDeployAction').fill('deploy');
    await shoot(page, '80-create-node-service-form');
    await page.getByRole('button', { name: 'Create' }).click();

    await page.waitForURL(/\/create\/tasks\/[^/]+$/);
    const taskId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    const log = page.getByTestId('task-log');
    // The first deploy waits for a production approval: the task is running, its log streaming.
    await expect
      .poll(() => log.textContent(), { timeout: 60_000 })
      .toMatch(/\[first-deploy\] Run \S+ of deploy is waiting for approval/);
    const before = (await log.textContent()) ?? '';
    expect(before).toContain('[fetch] Beginning step Render the skeleton');
    expect(before).toContain('[register] Finished step Register in the catalog');
    expect(before).not.toContain('Task succeeded');
    const task = await callApi<{ status: string; actionRuns: { runId: string; state: string }[] }>(
      admin,
      `/api/v1/tasks/${taskId}`,
    );
    expect(task.status).toBe('running');
    const runId = task.actionRuns[0]?.runId ?? '';
    const runs = page.getByRole('region', { name: 'Action runs' });
    const runLink = runs.getByRole('link', { name: `deploy (${runId})` });
    await runLink.waitFor({ timeout: 10_000 });
    expect(await runLink.getAttribute('href')).toBe(`/runs/${runId}`);
    await shoot(page, '81-create-task-waiting-for-approval');

    // Marks this document: a reload or navigation would lose it.
    await page.evaluate('window.__sameDocument = true');
    await callApi(
      { url: cairn.url, token: approver.secret },
      `/api/v1/runs/${encodeURIComponent(runId)}/approve`,
      { method: 'POST', body: { comment: 'first deploy of invoices' } },
    );
    await expect.poll(() => log.textContent(), { timeout: 60_000 }).toContain('Task succeeded');
    const after = (await log.textContent()) ?? '';
    expect(after.startsWith(before)).toBe(true);
    expect(after).toContain(`[first-deploy] Run ${runId} of deploy succeeded`);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    // One stream carried it all: the lines came over SSE, not from reloading the page.
    expect(streams).toEqual([`${cairn.url}/api/v1/tasks/${taskId}/events`]);

    const output = page.getByRole('region', { name: 'Output' });
    const repository = output.getByRole('link', { name: 'Repository' });
    await repository.waitFor({ timeout: 10_000 });
    expect(await repository.getAttribute('href')).toBe(join(root, 'remotes', 'team-orders/invoices.git'));
    expect(await output.getByRole('heading', { name: 'Next steps' }).isVisible()).toBe(true);
    await runs.getByText('succeeded').waitFor();
    await shoot(page, '82-create-task-succeeded');

    await output.getByRole('link', { name: 'Open in catalog' }).click();
    await page.waitForURL(/\/services\/invoices$/);
    await page.getByText('team-orders').first().waitFor({ timeout: 10_000 });
    expect(deployments.show('production/invoices/values.yaml')).toBe('image:\n  tag: "0.1.0"\n');

    // The run recorded the production deploy: the Create page measures onboarding time to it.
    await page.goto(`${cairn.url}/create`);
    const perTeam = page.getByRole('table', { name: 'Onboarding time per team' });
    const teamRow = perTeam.getByRole('row').filter({ hasText: 'team-orders' });
    await teamRow.waitFor({ timeout: 10_000 });
    expect((await teamRow.getByRole('cell').allTextContents()).slice(0, 3)).toEqual([
      'team-orders',
      '1',
      '1',
    ]);
    const perTemplate = page.getByRole('table', { name: 'Onboarding time per template' });
    const templateRow = perTemplate.getByRole('row').filter({ hasText: 'node-service' });
    expect((await templateRow.getByRole('cell').allTextContents()).slice(0, 3)).toEqual([
      'node-service',
      '1',
      '1',
    ]);
    await shoot(page, '83-create-onboarding-time');
    await page.close();
    expect(errors).toEqual([]);
  }, 180_000);
});
