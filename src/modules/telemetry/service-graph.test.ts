import { describe, expect, it } from 'vitest';
import { assembleServiceGraph } from './service-graph.ts';

const stats = { calls: 2, errors: 1, p50Ms: 5, p99Ms: 9 };

describe('assembleServiceGraph', () => {
  it('keeps service stats for services, edge totals for virtual nodes and the user node', () => {
    const graph = assembleServiceGraph(
      [
        { level: 'edge', source: 'user', target: 'web', targetKind: 'service', ...stats },
        { level: 'edge', source: 'web', target: 'postgresql', targetKind: 'database', ...stats },
        { level: 'edge', source: 'web', target: 'api', targetKind: 'external', ...stats },
        {
          level: 'source',
          source: 'user',
          target: '',
          targetKind: 'service',
          calls: 7,
          errors: 0,
          p50Ms: 1,
          p99Ms: 2,
        },
        {
          level: 'target',
          source: '',
          target: 'postgresql',
          targetKind: 'database',
          calls: 4,
          errors: 2,
          p50Ms: 3,
          p99Ms: 4,
        },
        {
          level: 'target',
          source: '',
          target: 'api',
          targetKind: 'external',
          calls: 9,
          errors: 9,
          p50Ms: 9,
          p99Ms: 9,
        },
      ],
      [
        { service: 'web', calls: 10, errors: 0, p50Ms: 20, p99Ms: 30 },
        { service: 'api', calls: 3, errors: 0, p50Ms: 1, p99Ms: 1 },
      ],
    );
    expect(graph.nodes).toEqual([
      // `api` is named by peer.service but is also a traced service: it stays a service.
      { name: 'api', kind: 'service', calls: 3, errors: 0, p50Ms: 1, p99Ms: 1 },
      { name: 'postgresql', kind: 'database', calls: 4, errors: 2, p50Ms: 3, p99Ms: 4 },
      { name: 'user', kind: 'user', calls: 7, errors: 0, p50Ms: 1, p99Ms: 2 },
      { name: 'web', kind: 'service', calls: 10, errors: 0, p50Ms: 20, p99Ms: 30 },
    ]);
    expect(graph.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      'user->web',
      'web->api',
      'web->postgresql',
    ]);
  });
});
