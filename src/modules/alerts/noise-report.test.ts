import { describe, expect, it } from 'vitest';
import type { AlertEventRow } from './alert.store.ts';
import { serviceFromLabels, severityFromLabels } from './alert-labels.ts';
import { buildNoiseReport } from './noise-report.ts';

let n = 0;
function event(
  rule: string,
  status: string,
  startsAt: string,
  extra: Partial<AlertEventRow> = {},
): AlertEventRow {
  n++;
  return {
    id: `e${n}`,
    fingerprint: `${rule}-fp`,
    rule,
    service: 'svc',
    severity: 'warning',
    status,
    starts_at: startsAt,
    ends_at: null,
    received_at: startsAt,
    flapping: 0,
    incident_id: null,
    ...extra,
  };
}

describe('noise report', () => {
  it('counts per rule and recommends a fix for the noisy ones', () => {
    const events = [
      // Flappy: three firings, the last two while flapping.
      event('Flappy', 'firing', '2026-01-01T00:00:00.000Z', { incident_id: 'i1' }),
      event('Flappy', 'resolved', '2026-01-01T00:00:00.000Z', { ends_at: '2026-01-01T00:01:00.000Z' }),
      event('Flappy', 'firing', '2026-01-01T00:02:00.000Z', { flapping: 1 }),
      event('Flappy', 'resolved', '2026-01-01T00:02:00.000Z', { ends_at: '2026-01-01T00:03:00.000Z' }),
      event('Flappy', 'firing', '2026-01-01T00:04:00.000Z', { flapping: 1 }),
      // Real: one long firing, acknowledged.
      event('Real', 'firing', '2026-01-01T00:00:00.000Z', { incident_id: 'i2', severity: 'critical' }),
      event('Real', 'resolved', '2026-01-01T00:00:00.000Z', { ends_at: '2026-01-01T00:40:00.000Z' }),
      // Loud: critical, paged, nobody acted.
      event('Loud', 'firing', '2026-01-01T00:00:00.000Z', { incident_id: 'i3', severity: 'critical' }),
    ];
    const outcomes = [
      { id: 'i1', acknowledged: false, actioned: false, pagedRule: null },
      { id: 'i2', acknowledged: true, actioned: true, pagedRule: 'Real' },
      { id: 'i3', acknowledged: false, actioned: false, pagedRule: 'Loud' },
    ];
    const report = buildNoiseReport(
      events,
      outcomes,
      outcomes.filter((o) => o.pagedRule),
    );
    expect(report).toEqual([
      {
        rule: 'Flappy',
        fired: 3,
        resolvedWithin5m: 2,
        flapping: 2,
        acknowledged: 0,
        paged: 0,
        medianDurationSeconds: 60,
        ledToAction: 0,
        noiseScore: 1,
        recommendation:
          'add `for: 10m`: it flapped (2 of 3 firings while flapping), so its notifications were held',
      },
      {
        rule: 'Loud',
        fired: 1,
        resolvedWithin5m: 0,
        flapping: 0,
        acknowledged: 0,
        paged: 1,
        medianDurationSeconds: null,
        ledToAction: 0,
        noiseScore: 1,
        recommendation: 'replace with the SLO burn-rate alert: it paged 1 time and nobody acted on it',
      },
      {
        rule: 'Real',
        fired: 1,
        resolvedWithin5m: 0,
        flapping: 0,
        acknowledged: 1,
        paged: 1,
        medianDurationSeconds: 2400,
        ledToAction: 1,
        noiseScore: 0,
        recommendation: null,
      },
    ]);
  });
});

describe('alert labels', () => {
  const labels = ['service', 'service_name', 'job', 'app', 'namespace+deployment'];
  it('takes the service from the first configured label present', () => {
    expect(serviceFromLabels({ job: 'node', app: 'web' }, labels)).toBe('node');
    expect(serviceFromLabels({ namespace: 'shop', deployment: 'cart' }, labels)).toBe('cart');
    expect(serviceFromLabels({ deployment: 'cart' }, labels)).toBeNull();
  });
  it('normalises severities, defaulting to warning', () => {
    expect([
      severityFromLabels({ severity: 'PAGE' }),
      severityFromLabels({}),
      severityFromLabels({ severity: 'info' }),
    ]).toEqual(['critical', 'warning', 'info']);
  });
});
