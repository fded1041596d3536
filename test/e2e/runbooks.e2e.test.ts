/**
 * Browser journey: the bad payment deploy's incident page shows the error-rate runbook walked on
 * the incident's data (deploy before onset? yes, payment 1.4.0 → roll back payment to 1.3.2), the
 * rollback opens its action prefilled, and a step marked on the page lands in the timeline.
 * Real OpenTelemetry SDK traffic, change events and an Alertmanager webhook into Cairn; Debian's
 * Chromium through playwright-core.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/modules/incidents/index.ts';
import type { Scenario } from '../context/scenarios/context-scenario.ts';
import { startBadDeploy } from '../runbooks/bad-deploy-fixture.ts';
import { callApi, collectPageErrors, launchBrowser, shoot, signedInContext } from './browser-support.ts';

let scenario: Scenario;
let incident: Incident;
let browser: Browser;
let browserContext: BrowserContext;

beforeAll(async () => {
  ({ scenario, incident } = await startBadDeploy({ web: true }));
  browser = await launchBrowser();
  browserContext = await signedInContext(browser, scenario.cairn.url, scenario.cairn.token);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await scenario?.close();
});

/** The recommended step's run form, linked to the incident so the run lands in its timeline. */
const rollbackForm = () =>
  `/actions/rollback/run?service=payment&environment=production&version=1.3.2&incident=${incident.id}`;

describe('the runbook on the bad deploy incident', () => {
  it('shows the walked path: deploy before onset answered yes naming payment 1.4.0, roll back to 1.3.2 highlighted', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    // The address the page sent to Mattermost links: the runbook's section of the incident page.
    await page.goto(`${scenario.cairn.url}/incidents/${incident.id}#runbook-error-rate`);
    const section = page.locator('#runbook-error-rate');
    await section.waitFor({ timeout: 30_000 });
    expect(await section.getByRole('heading', { level: 3 }).textContent()).toBe(
      'Error rate or SLO burn on a service',
    );

    const check = section.locator('#runbook-error-rate-step-deploy-before-onset');
    expect(await check.locator('.runbook-step-head').textContent()).toBe('Deploy before onset? yes');
    expect(await check.locator('.runbook-evidence').textContent()).toBe(
      'Evidence: deploy payment (a callee of frontend) 1.4.0 (was 1.3.2) 2 min before onset',
    );

    const recommended = section.locator('.runbook-step-recommended');
    expect(await recommended.count()).toBe(1);
    expect(await recommended.getAttribute('id')).toBe('runbook-error-rate-step-roll-back-the-deploy');
    expect(await recommended.locator('.runbook-step-head').textContent()).toBe(
      'Recommended step Roll back the deploy',
    );
    expect(
      await recommended.getByText('with service payment · environment production · version 1.3.2').count(),
    ).toBe(1);
    const run = recommended.getByRole('link', { name: 'Run rollback' });
    expect(await run.getAttribute('href')).toBe(rollbackForm());

    // The highlight is real: the stylesheet loaded under the page's Content-Security-Policy.
    // A string, run in the page: this file is typed without the DOM.
    const backgrounds = await page.evaluate(
      `['.runbook-step-recommended', '.runbook-step-check'].map((s) => getComputedStyle(document.querySelector(s)).backgroundColor)`,
    );
    expect(backgrounds).toEqual([expect.stringMatching(/^rgb\(/), 'rgba(0, 0, 0, 0)']);
    // Opened from the page's link, the runbook's section is scrolled into view (its top can sit a
    // fraction of a pixel above the viewport's, as layout rounds).
    const top = await section.evaluate((element) => element.getBoundingClientRect().top);
    expect(top).toBeGreaterThan(-1);
    expect(top).toBeLessThan(900);
    await shoot(page, '80-runbooks-incident-walked-path');

    await run.click();
    await page.waitForURL(/\/actions\/rollback\/run\?/);
    expect(new URL(page.url()).search).toBe(new URL(rollbackForm(), page.url()).search);
    const version = page.getByRole('combobox', { name: /Roll back to/ });
    await version.waitFor();
    // The chosen option's label, read in the page (the test's own types have no DOM).
    expect(await version.locator('option:checked').textContent()).toBe('1.3.2');
    expect(await page.getByRole('textbox', { name: 'Service' }).inputValue()).toBe('payment');
    await shoot(page, '81-runbooks-rollback-form');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('marks the rollback step done with a note: the step and the incident timeline show it', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${scenario.cairn.url}/incidents/${incident.id}`);
    const form = page.getByRole('form', { name: 'Mark step Roll back the deploy' });
    await form.waitFor({ timeout: 30_000 });
    await form
      .getByRole('textbox', { name: 'Note or comment on “Roll back the deploy”' })
      .fill('rolled back');
    await form.getByRole('button', { name: 'Done' }).click();

    const entry = page.locator('.timeline li', { hasText: 'step "Roll back the deploy"' });
    await entry.waitFor({ timeout: 15_000 });
    expect(await entry.textContent()).toMatch(
      /runbook Runbook "Error rate or SLO burn on a service", step "Roll back the deploy": done by .+ — rolled back$/,
    );
    const marks = page.locator('.runbook-step-recommended').getByRole('list', { name: 'Marks' });
    expect(await marks.textContent()).toMatch(/^done by .+ — rolled back$/);
    await marks.scrollIntoViewIfNeeded();
    await shoot(page, '82-runbooks-step-marked');

    // Stored, not only shown: the API has the mark and counts it in what was learnt.
    const base = { url: scenario.cairn.url, token: scenario.cairn.token };
    const stored = await callApi<{
      items: Array<{ marks: Array<{ stepId: string; status: string; note: string }> }>;
    }>(base, `/api/v1/incidents/${incident.id}/runbooks`);
    expect(stored.items[0]?.marks.map((m) => [m.stepId, m.status, m.note])).toEqual([
      ['roll-back-the-deploy', 'done', 'rolled back'],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('the Runbooks page lists the runbook walked once; its page counts the step reached and marked done', async () => {
    const page = await browserContext.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${scenario.cairn.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runbooks' }).click();
    const table = page.getByRole('table', { name: 'Runbooks' });
    const row = table.getByRole('row', { name: /Error rate or SLO burn on a service/ });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('td').nth(2).textContent()).toBe('1');
    await shoot(page, '83-runbooks-list');

    await row.getByRole('link', { name: 'Error rate or SLO burn on a service' }).click();
    await page.waitForURL(/\/runbooks\/error-rate$/);
    const steps = page.getByRole('table', { name: 'Steps and how incidents used them' });
    const rollback = steps.getByRole('row', { name: /^Roll back the deploy/ });
    await rollback.waitFor();
    // Step, kind, reached, done, skipped, did not help, comments.
    expect(await rollback.locator('th, td').allTextContents()).toEqual([
      'Roll back the deploy',
      'action rollback',
      '1 (100%)',
      '1',
      '0',
      '0',
      'rolled back',
    ]);
    await shoot(page, '84-runbook-learnt');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
