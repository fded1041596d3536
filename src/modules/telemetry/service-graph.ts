import type { GraphEdge, GraphNode, NodeKind, ServiceGraph } from './contract.ts';
import { USER_NODE } from './otel-vocabulary.ts';
import type { GraphRow, ServiceStatsRow } from './service-graph.store.ts';

const EMPTY = { calls: 0, errors: 0, p50Ms: null, p99Ms: null } as const;

/**
 * Builds the graph a client sees from the aggregate rows:
 * - a service node carries its own requests (Server/Consumer spans), even when nothing traced
 *   calls it, and appears with zero calls when it only calls others;
 * - a database or external node carries the calls made to it (client-side durations);
 * - the `user` node carries the requests that entered the system untraced.
 * A virtual node whose name is also a traced service is that service.
 */
export function assembleServiceGraph(
  rows: readonly GraphRow[],
  services: readonly ServiceStatsRow[],
): ServiceGraph {
  const edges: GraphEdge[] = [];
  const nodes = new Map<string, GraphNode>();
  for (const s of services) {
    nodes.set(s.service, {
      name: s.service,
      kind: 'service',
      calls: s.calls,
      errors: s.errors,
      p50Ms: s.p50Ms,
      p99Ms: s.p99Ms,
    });
  }
  const ensure = (name: string, kind: NodeKind) => {
    if (!nodes.has(name)) nodes.set(name, { name, kind, ...EMPTY });
  };
  for (const row of rows) {
    const { calls, errors, p50Ms, p99Ms } = row;
    if (row.level === 'edge') {
      edges.push({ source: row.source, target: row.target, calls, errors, p50Ms, p99Ms });
      ensure(row.source, row.source === USER_NODE ? 'user' : 'service');
      ensure(row.target, row.targetKind);
    } else if (
      row.level === 'target' &&
      row.targetKind !== 'service' &&
      nodes.get(row.target)?.kind !== 'service'
    ) {
      nodes.set(row.target, { name: row.target, kind: row.targetKind, calls, errors, p50Ms, p99Ms });
    } else if (row.level === 'source' && row.source === USER_NODE) {
      nodes.set(USER_NODE, { name: USER_NODE, kind: 'user', calls, errors, p50Ms, p99Ms });
    }
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  edges.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  return { nodes: [...nodes.values()].sort(byName), edges };
}
