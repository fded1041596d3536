import { describe, expect, it } from 'vitest';
import type { Change } from '../changes/index.ts';
import { commitTimesFromPushes } from './push-commits.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function change(fields: Partial<Change> & Pick<Change, 'id' | 'kind' | 'at'>): Change {
  return {
    service: 'checkout',
    mapped: true,
    sourceRef: 'acme-shop/checkout',
    source: 'github',
    environment: 'production',
    version: null,
    previousVersion: null,
    revision: null,
    commits: [],
    author: null,
    status: 'succeeded',
    startedAt: null,
    finishedAt: null,
    url: null,
    description: null,
    recordedAt: fields.at,
    ...fields,
  };
}
const commit = (sha: string, atMs: number, parent: string | null) => ({
  sha,
  at: iso(atMs),
  message: null,
  author: null,
  parent,
});
const push = (id: string, commits: ReturnType<typeof commit>[], service = 'checkout') =>
  change({
    id,
    service,
    kind: 'push',
    environment: 'main',
    at: commits.at(-1)?.at ?? iso(T0),
    revision: commits.at(-1)?.sha ?? null,
    commits,
  });
const deploy = (id: string, revision: string, atMs: number, extra: Partial<Change> = {}) =>
  change({ id, kind: 'deploy', revision, at: iso(atMs), ...extra });

describe('commitTimesFromPushes', () => {
  const pushes = [
    push('p1', [commit('a1', T0, null), commit('a2', T0 + HOUR, 'a1')]),
    push('p2', [commit('b1', T0 + 3 * HOUR, 'a2')]),
    push('p3', [commit('c1', T0 + 5 * HOUR, 'b1'), commit('c2', T0 + 6 * HOUR, 'c1')]),
    // The same commit pushed again (or imported) counts once.
    { ...push('p3-again', [commit('c1', T0 + 5 * HOUR, 'b1')]), at: iso(T0 + 7 * HOUR) },
  ];

  it('walks first parents from the revision back to the previous deployment’s revision', () => {
    const deployments = [
      deploy('d1', 'a2', T0 + 2 * HOUR),
      deploy('d2', 'c1', T0 + 7 * HOUR),
      deploy('d3', 'a2', T0 + 8 * HOUR, { kind: 'rollback' }),
      deploy('d4', 'c2', T0 + 9 * HOUR),
      deploy('own', 'c2', T0 + 10 * HOUR, {
        commits: [{ sha: 'c2', at: iso(T0), message: null, author: null }],
      }),
      deploy('unknown-revision', 'f00d', T0 + 11 * HOUR),
      deploy('staging', 'c2', T0 + 12 * HOUR, { environment: 'staging' }),
    ];
    const result = commitTimesFromPushes(deployments, pushes);
    expect(Object.fromEntries(result)).toEqual({
      // First deployment known: only the push that brought a2.
      d1: [T0 + HOUR, T0],
      // c1 back to a2 (excluded).
      d2: [T0 + 5 * HOUR, T0 + 3 * HOUR],
      // Redeploying an older revision ships nothing.
      d3: [],
      // After the rollback to a2, c2 ships c2, c1 and b1 again.
      d4: [T0 + 6 * HOUR, T0 + 5 * HOUR, T0 + 3 * HOUR],
      // Staging's first deployment: the push of c2 (p3).
      staging: [T0 + 6 * HOUR, T0 + 5 * HOUR],
    });
  });

  it('stops at commits made before the previous deployment when the pushes never reached its revision', () => {
    const cartPushes = [
      push('x', [commit('x1', T0, null), commit('x2', T0 + 2 * HOUR, 'x1')], 'cart'),
      push('y', [commit('y1', T0 + 4 * HOUR, 'x2')], 'cart'),
    ];
    const deployments = [
      deploy('old', 'not-pushed', T0 + HOUR, { service: 'cart' }),
      deploy('new', 'y1', T0 + 5 * HOUR, { service: 'cart' }),
    ];
    expect(Object.fromEntries(commitTimesFromPushes(deployments, cartPushes))).toEqual({
      new: [T0 + 4 * HOUR, T0 + 2 * HOUR],
    });
  });
});
