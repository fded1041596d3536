import { describe, expect, it } from 'vitest';
import type { Change } from '../../changes/index.ts';
import { CONFIDENT_SUSPECT_SCORE, rankSuspects } from './rank-suspects.ts';
import type { RedMinute } from './red-minutes.store.ts';
import type { Neighbourhood } from './service-neighbourhood.ts';

const MINUTE = 60;
const T0 = Date.parse('2026-11-25T10:00:00.000Z') / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function change(id: string, kind: Change['kind'], version: string, atSeconds: number): Change {
  return {
    id,
    service: 'payment',
    mapped: true,
    sourceRef: 'acme-shop/payment',
    source: 'github',
    environment: 'production',
    kind,
    version,
    previousVersion: null,
    revision: null,
    commits: [],
    author: null,
    status: 'succeeded',
    startedAt: null,
    finishedAt: iso(atSeconds),
    at: iso(atSeconds),
    url: null,
    description: null,
    recordedAt: iso(atSeconds),
  };
}

/** 15 healthy minutes, 2 failing ones from the deploy, then healthy again after the rollback. */
function paymentRed(): RedMinute[] {
  return Array.from({ length: 25 }, (_, i) => {
    const t = T0 + i * MINUTE;
    const failing = i === 15 || i === 16;
    return { service: 'payment', t, calls: 100, errors: failing ? 30 : 0, p99Ms: 200 };
  });
}

const neighbourhood: Neighbourhood = {
  related: new Map([['payment', { distance: 0, description: 'the alerting service payment' }]]),
  entryPoints: new Set(),
  calleesOf: () => new Set(),
};

describe('rankSuspects', () => {
  it('keeps blaming a deploy after its rollback ended the errors', () => {
    const deploy = change('deploy', 'deploy', 'v1.4.0', T0 + 15 * MINUTE + 5);
    const rollback = change('rollback', 'rollback', 'v1.3.2', T0 + 17 * MINUTE + 10);
    const [top] = rankSuspects({
      changes: [deploy, rollback],
      onset: new Date((T0 + 16 * MINUTE) * 1000),
      // Computed well after the recovery, as the snapshot at resolve is.
      at: new Date((T0 + 25 * MINUTE) * 1000),
      neighbourhood,
      red: new Map([['payment', paymentRed()]]),
      telemetryName: (service) => service,
      rootCauseServices: [],
      templates: [],
    });
    expect(top?.change.id).toBe('deploy');
    // Minutes 15 and 16; minute 17 is the rollback's (it came 10 s into it).
    expect(top?.reasons).toContain('payment error rate 0.0% → 30% within 1 min after deploy v1.4.0');
    expect(top?.score).toBeGreaterThanOrEqual(CONFIDENT_SUSPECT_SCORE);
  });

  it('blames a deploy whose errors lasted the one minute before its rollback', () => {
    // The demo's bad deploy: rolled back a minute later, a second into the next minute.
    const deploy = change('deploy', 'deploy', 'v1.4.0', T0 + 15 * MINUTE + 1);
    const rollback = change('rollback', 'rollback', 'v1.3.2', T0 + 16 * MINUTE + 1);
    const red = paymentRed().map((m) => (m.t === T0 + 16 * MINUTE ? { ...m, errors: 1 } : m));
    const [top] = rankSuspects({
      changes: [deploy, rollback],
      onset: new Date((T0 + 15 * MINUTE + 20) * 1000),
      at: new Date((T0 + 20 * MINUTE) * 1000),
      neighbourhood,
      red: new Map([['payment', red]]),
      telemetryName: (service) => service,
      rootCauseServices: [],
      templates: [],
    });
    expect(top?.change.id).toBe('deploy');
    expect(top?.reasons).toContain('payment error rate 0.0% → 30% within 1 min after deploy v1.4.0');
    expect(top?.score).toBeGreaterThanOrEqual(CONFIDENT_SUSPECT_SCORE);
  });
});
