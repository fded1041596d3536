import { describe, expect, it } from 'vitest';
import { computeInsights } from './compute-insights.ts';

const T0 = Date.UTC(2030, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('computeInsights', () => {
  it('counts action-made changes of the adopted kinds, MTTR per severity, pages per week', () => {
    const result = computeInsights(
      [
        { kind: 'deploy', source: 'cairn-action', atMs: T0 + HOUR },
        { kind: 'deploy', source: 'github', atMs: T0 + 2 * HOUR },
        { kind: 'rollback', source: 'cairn-action', atMs: T0 + 3 * HOUR },
        { kind: 'scale', source: 'api', atMs: T0 + 4 * HOUR },
        // Not counted: another kind, and a change outside the window.
        { kind: 'feature-flag', source: 'cairn-action', atMs: T0 + 5 * HOUR },
        { kind: 'deploy', source: 'cairn-action', atMs: T0 - HOUR },
      ],
      [
        { severity: 'critical', startedAtMs: T0, resolvedAtMs: T0 + HOUR, paged: true },
        { severity: 'critical', startedAtMs: T0 + DAY, resolvedAtMs: T0 + DAY + 3 * HOUR, paged: true },
        {
          severity: 'warning',
          startedAtMs: T0 + 8 * DAY,
          resolvedAtMs: T0 + 8 * DAY + 10 * HOUR,
          paged: false,
        },
        { severity: 'warning', startedAtMs: T0 + 9 * DAY, resolvedAtMs: null, paged: true },
      ],
      T0,
      T0 + 14 * DAY,
    );
    expect(result.adoption).toEqual({
      viaCairn: 2,
      all: 4,
      percent: 50,
      byKind: {
        deploy: { viaCairn: 1, all: 2, percent: 50 },
        rollback: { viaCairn: 1, all: 1, percent: 100 },
        scale: { viaCairn: 0, all: 1, percent: 0 },
        config: { viaCairn: 0, all: 0, percent: null },
      },
    });
    expect(result.mttr).toEqual({
      resolved: 3,
      medianMs: 3 * HOUR,
      bySeverity: [
        { severity: 'critical', resolved: 2, medianMs: 2 * HOUR },
        { severity: 'warning', resolved: 1, medianMs: 10 * HOUR },
      ],
    });
    expect(result.pagesPerWeek).toEqual([
      { start: new Date(T0).toISOString(), pages: 2 },
      { start: new Date(T0 + 7 * DAY).toISOString(), pages: 1 },
    ]);
  });

  it('counts a page as led to an action when an action changed one of its services before it resolved', () => {
    const action = (service: string, atMs: number) => ({
      kind: 'restart',
      source: 'cairn-action',
      atMs,
      service,
    });
    const page = (services: string[], startedAtMs: number, resolvedAtMs: number | null) => ({
      severity: 'critical',
      startedAtMs,
      resolvedAtMs,
      paged: true,
      services,
    });
    const result = computeInsights(
      [
        action('payment', T0 + 30 * 60_000), // during the first page
        action('cart', T0 + DAY + 30 * 60_000), // another service than the second page's
        { kind: 'deploy', source: 'github', atMs: T0 + 2 * DAY + 60_000, service: 'checkout' }, // not an action
        action('checkout', T0 + 4 * DAY + 23 * HOUR), // open page, within 24 h
      ],
      [
        page(['payment', 'checkout'], T0, T0 + HOUR),
        page(['payment'], T0 + DAY, T0 + DAY + HOUR),
        page(['checkout'], T0 + 2 * DAY, T0 + 2 * DAY + HOUR),
        page(['checkout'], T0 + 4 * DAY, null),
      ],
      T0,
      T0 + 7 * DAY,
    );
    expect(result.pagesLedToAction).toEqual({ pages: 4, ledToAction: 2, percent: 50 });
  });

  it('gives nulls, not zeros, without data', () => {
    const result = computeInsights([], [], T0, T0 + DAY);
    expect(result.adoption.percent).toBeNull();
    expect(result.mttr).toEqual({ resolved: 0, medianMs: null, bySeverity: [] });
    expect(result.pagesPerWeek).toEqual([{ start: new Date(T0).toISOString(), pages: 0 }]);
    expect(result.pagesLedToAction).toEqual({ pages: 0, ledToAction: 0, percent: null });
    expect(result.supportRequests.selfServicePercent).toBeNull();
  });
});
