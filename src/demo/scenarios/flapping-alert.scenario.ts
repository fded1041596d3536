import type { AlertDefinition } from '../alerts/alert-sender.ts';
import type { Scenario } from './scenario.ts';
import { later } from './scenario.ts';

/** Scenario seconds the alert stays in each state before toggling. */
const FIRING_SECONDS = 10;
const RESOLVED_SECONDS = 15;
const CYCLES = 5;

export const FLAPPING_ALERT: AlertDefinition = {
  labels: {
    alertname: 'FrontendLatencyHigh',
    service: 'frontend',
    severity: 'warning',
    namespace: 'shop',
    job: 'frontend',
  },
  annotations: {
    summary: 'frontend p95 latency above 400 ms',
    description:
      'A threshold sitting right on the frontend p95: the alert fires and resolves every few seconds.',
    runbook_url: 'https://github.com/acme-shop/runbooks/blob/main/frontend.md',
  },
};

/**
 * A badly tuned latency rule on the frontend flips between firing and resolved every few seconds,
 * the classic noise that must be recognised as flapping and never page.
 */
export const flappingAlertScenario: Scenario = {
  name: 'flapping-alert',
  description: `${FLAPPING_ALERT.labels.alertname} on frontend fires and resolves ${CYCLES} times`,
  durationSeconds: CYCLES * (FIRING_SECONDS + RESOLVED_SECONDS),
  start: async (context) => {
    context.announce(`flapping-alert: ${FLAPPING_ALERT.labels.alertname} starts flapping (must not page)`);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const at = cycle * (FIRING_SECONDS + RESOLVED_SECONDS);
      later(context, at, () => context.alerts.fire(FLAPPING_ALERT));
      later(context, at + FIRING_SECONDS, () => context.alerts.resolve(FLAPPING_ALERT));
    }
    later(context, CYCLES * (FIRING_SECONDS + RESOLVED_SECONDS), () =>
      context.announce(`flapping-alert: done after ${CYCLES * 2} state changes`),
    );
  },
};
