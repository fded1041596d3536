import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../incidents/index.ts';
import { earlierIncidentWindows } from './earlier-incidents.ts';

const current = {
  id: 'now',
  services: ['checkout', 'payment'],
  startedAt: '2026-03-01T10:00:00.000Z',
  alerts: [],
};
const range = { from: new Date('2026-03-01T09:25:00Z'), to: new Date('2026-03-01T10:00:00Z') };

function incident(
  id: string,
  services: string[],
  startedAt: string,
  resolvedAt: string | null,
): IncidentSummary {
  return {
    id,
    title: id,
    status: resolvedAt ? 'resolved' : 'open',
    severity: 'critical',
    services,
    startedAt: `2026-03-01T${startedAt}:00.000Z`,
    acknowledgedAt: null,
    resolvedAt: resolvedAt ? `2026-03-01T${resolvedAt}:00.000Z` : null,
    paged: true,
  };
}

describe('earlier incidents left out of the baseline', () => {
  it('takes the windows of incidents on a shared service that overlap the range; open ones until its end', () => {
    const windows = earlierIncidentWindows(
      current,
      [
        incident('repeat', ['payment'], '09:40', '09:48'),
        incident('long', ['checkout', 'cart'], '08:00', '09:30'),
        incident('still-open', ['checkout'], '09:55', null),
        incident('elsewhere', ['search'], '09:40', '09:50'),
        incident('before', ['payment'], '08:00', '09:20'),
        incident('now', ['checkout'], '10:00', null),
      ],
      range,
    );
    expect(
      windows.map((w) => `${w.from.toISOString().slice(11, 16)}-${w.to.toISOString().slice(11, 16)}`),
    ).toEqual(['09:40-09:48', '08:00-09:30', '09:55-10:00']);
  });
});
