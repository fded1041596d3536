import type { DemoClock, Timers } from '../demo-clock.ts';
import type { RequestStats } from '../shop/request-stats.ts';
import { SHOP_SERVICES, type ShopService } from '../shop/topology.ts';
import type { AlertDefinition, AlertSender } from './alert-sender.ts';

/** The shop's Prometheus alerting rule on error ratio, per service. */
export const ERROR_RATE_RULE = {
  alertname: 'HighErrorRate',
  /** Fires above this share of failed requests over the window... */
  threshold: 0.02,
  /** ...with at least this many requests and errors, so a quiet night does not page. */
  minRequests: 30,
  minErrors: 3,
  windowSeconds: 60,
  /** Prometheus `for:` in scenario seconds (compressed by --speed, never under 5 wall seconds). */
  forSeconds: 20,
  evaluateEveryMs: 5000,
  /** Alertmanager re-notifies a firing group this often (its group_interval, shortened). */
  repeatEveryMs: 60_000,
} as const;

export function errorRateAlert(service: ShopService, ratio: number): AlertDefinition {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  return {
    labels: {
      alertname: ERROR_RATE_RULE.alertname,
      service,
      severity: 'critical',
      namespace: 'shop',
      job: service,
    },
    annotations: {
      summary: `${service} is failing ${percent(ratio)} of requests`,
      description: `Error ratio of ${service} over the last ${ERROR_RATE_RULE.windowSeconds}s is ${percent(ratio)}, above ${percent(ERROR_RATE_RULE.threshold)}.`,
      runbook_url: `https://github.com/acme-shop/runbooks/blob/main/${service}.md`,
      expr: `sum(rate(app_requests_total{service="${service}",outcome="error"}[1m])) / sum(rate(app_requests_total{service="${service}"}[1m])) > ${ERROR_RATE_RULE.threshold}`,
    },
  };
}

/**
 * Evaluates the rule over the shop's own request counters, as Prometheus would over scraped
 * metrics: pending once above the threshold, firing after `for`, resolved when back under it.
 */
export function startErrorRateRule({
  stats,
  alerts,
  clock,
  timers,
  now = Date.now,
}: {
  stats: RequestStats;
  alerts: AlertSender;
  clock: DemoClock;
  timers: Timers;
  now?: () => number;
}): void {
  const pendingSince = new Map<ShopService, number>();
  const firing = new Map<ShopService, number>();
  const forMs = Math.max(5000, clock.wallMs(ERROR_RATE_RULE.forSeconds));
  timers.every(ERROR_RATE_RULE.evaluateEveryMs, async () => {
    const at = now();
    for (const service of SHOP_SERVICES) {
      const { requests, errors } = stats.window(service, ERROR_RATE_RULE.windowSeconds, at);
      const ratio = requests === 0 ? 0 : errors / requests;
      const breached =
        requests >= ERROR_RATE_RULE.minRequests &&
        errors >= ERROR_RATE_RULE.minErrors &&
        ratio > ERROR_RATE_RULE.threshold;
      if (!breached) {
        pendingSince.delete(service);
        if (firing.delete(service)) await alerts.resolve(errorRateAlert(service, ratio));
        continue;
      }
      const since = pendingSince.get(service) ?? at;
      pendingSince.set(service, since);
      if (at - since < forMs) continue;
      const lastSent = firing.get(service);
      if (lastSent === undefined || at - lastSent >= ERROR_RATE_RULE.repeatEveryMs) {
        firing.set(service, at);
        await alerts.fire(errorRateAlert(service, ratio));
      }
    }
  });
}
