import { createHash } from 'node:crypto';
import type { CairnClient } from '../cairn-client.ts';

/** An alert as a Prometheus rule defines it: identity in labels, text in annotations. */
export interface AlertDefinition {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Alertmanager's "not ended yet" time. */
const ZERO_TIME = '0001-01-01T00:00:00Z';
const EXTERNAL_URL = 'http://alertmanager.acme-shop.example:9093';

/**
 * Plays the shop's Alertmanager: notifies Cairn's webhook intake (payload version 4) when an
 * alert fires, repeats while it fires, and sends the resolution, each alert in its own group.
 */
export interface AlertSender {
  fire(alert: AlertDefinition): Promise<void>;
  resolve(alert: AlertDefinition): Promise<void>;
  /** Alert names currently firing. */
  firing(): string[];
}

/** Alertmanager's fingerprint: a stable hash of the label set (16 hex digits). */
export function fingerprintOf(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((key) => `${key}\u00ff${labels[key]}\u00ff`)
    .join('');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Builds the webhook body Alertmanager sends for one alert group. */
export function alertmanagerPayload(
  alert: AlertDefinition,
  status: 'firing' | 'resolved',
  startsAt: Date,
  endsAt: Date | undefined,
): unknown {
  const groupLabels = { alertname: alert.labels.alertname ?? 'unnamed', service: alert.labels.service ?? '' };
  const expr = encodeURIComponent(alert.annotations.expr ?? alert.labels.alertname ?? '');
  return {
    receiver: 'cairn',
    status,
    alerts: [
      {
        status,
        labels: alert.labels,
        annotations: Object.fromEntries(Object.entries(alert.annotations).filter(([key]) => key !== 'expr')),
        startsAt: startsAt.toISOString(),
        endsAt: endsAt ? endsAt.toISOString() : ZERO_TIME,
        generatorURL: `http://prometheus.acme-shop.example:9090/graph?g0.expr=${expr}&g0.tab=1`,
        fingerprint: fingerprintOf(alert.labels),
      },
    ],
    groupLabels,
    commonLabels: alert.labels,
    commonAnnotations: alert.annotations,
    externalURL: EXTERNAL_URL,
    version: '4',
    groupKey: `{}:{alertname="${groupLabels.alertname}", service="${groupLabels.service}"}`,
    truncatedAlerts: 0,
  };
}

export function createAlertSender(client: CairnClient, now: () => Date = () => new Date()): AlertSender {
  const active = new Map<string, { alert: AlertDefinition; startsAt: Date }>();
  return {
    fire: async (alert) => {
      const key = fingerprintOf(alert.labels);
      const startsAt = active.get(key)?.startsAt ?? now();
      active.set(key, { alert, startsAt });
      await client.postAlertmanager(alertmanagerPayload(alert, 'firing', startsAt, undefined));
    },
    resolve: async (alert) => {
      const key = fingerprintOf(alert.labels);
      const entry = active.get(key);
      if (!entry) return;
      active.delete(key);
      await client.postAlertmanager(alertmanagerPayload(alert, 'resolved', entry.startsAt, now()));
    },
    firing: () => [...active.values()].map((entry) => entry.alert.labels.alertname ?? ''),
  };
}
