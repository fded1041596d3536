import type { AlertDefinition } from '../alerts/alert-sender.ts';
import type { Scenario } from './scenario.ts';
import { later } from './scenario.ts';

const warning = (alertname: string, service: string, summary: string): AlertDefinition => ({
  labels: { alertname, service, severity: 'warning', namespace: 'shop', job: service },
  annotations: { summary, runbook_url: `https://github.com/acme-shop/runbooks/blob/main/${service}.md` },
});

/** Each warning and the scenario seconds it lasts: all resolve within a minute. */
export const TRANSIENT_WARNINGS: ReadonlyArray<{
  alert: AlertDefinition;
  startSeconds: number;
  lastsSeconds: number;
}> = [
  {
    alert: warning('FrontendHighMemory', 'frontend', 'frontend memory above 85% of its limit'),
    startSeconds: 0,
    lastsSeconds: 35,
  },
  {
    alert: warning('KubeHpaMaxedOut', 'cart', 'cart HPA at max replicas'),
    startSeconds: 10,
    lastsSeconds: 45,
  },
  {
    alert: warning('CurrencyRatesStale', 'currency', 'currency exchange rates older than 10 minutes'),
    startSeconds: 20,
    lastsSeconds: 25,
  },
];

/** Short-lived warnings that resolve on their own within a minute: shown, counted, never paged. */
export const transientWarningsScenario: Scenario = {
  name: 'transient-warnings',
  description: `${TRANSIENT_WARNINGS.length} warnings that resolve within a minute`,
  durationSeconds: Math.max(...TRANSIENT_WARNINGS.map((entry) => entry.startSeconds + entry.lastsSeconds)),
  start: async (context) => {
    context.announce(`transient-warnings: ${TRANSIENT_WARNINGS.length} short-lived warnings (must not page)`);
    for (const { alert, startSeconds, lastsSeconds } of TRANSIENT_WARNINGS) {
      later(context, startSeconds, () => context.alerts.fire(alert));
      later(context, startSeconds + lastsSeconds, () => context.alerts.resolve(alert));
    }
    later(context, transientWarningsScenario.durationSeconds, () =>
      context.announce('transient-warnings: done, every warning resolved'),
    );
  },
};
