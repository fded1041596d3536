/** What the incident logic needs to know about how services connect. */
export interface ServiceTopology {
  /** Services within `maxHops` of `service` along declared or observed edges, either direction; excludes itself. */
  neighbours(service: string, maxHops: number): Promise<Set<string>>;
  /** Whether users call the service directly (a user-facing entry point). */
  isEntryPoint(service: string): Promise<boolean>;
}

/** Edges (caller → callee) and the services users call. */
export interface TopologyGraph {
  edges: ReadonlyArray<readonly [string, string]>;
  entryPoints: readonly string[];
}

/**
 * A topology over a graph loaded on demand and cached for `ttlMs`, so an alert storm reads the
 * graph once rather than per alert. A failed load keeps the last good graph.
 */
export function createGraphTopology(options: {
  load: () => Promise<TopologyGraph>;
  ttlMs?: number;
  now?: () => number;
}): ServiceTopology {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; adjacency: Map<string, Set<string>>; entryPoints: Set<string> } | undefined;
  let loading: Promise<NonNullable<typeof cached>> | undefined;

  const graph = async () => {
    if (cached && now() - cached.at < ttlMs) return cached;
    loading ??= options
      .load()
      .then((loaded) => {
        cached = {
          at: now(),
          adjacency: adjacencyOf(loaded.edges),
          entryPoints: new Set(loaded.entryPoints),
        };
        return cached;
      })
      .catch((error: unknown) => {
        if (cached) return cached;
        throw error;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  return {
    async neighbours(service, maxHops) {
      const { adjacency } = await graph();
      const seen = new Set([service]);
      let frontier = [service];
      for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
        const next: string[] = [];
        for (const node of frontier) {
          for (const peer of adjacency.get(node) ?? []) {
            if (!seen.has(peer)) {
              seen.add(peer);
              next.push(peer);
            }
          }
        }
        frontier = next;
      }
      seen.delete(service);
      return seen;
    },
    async isEntryPoint(service) {
      return (await graph()).entryPoints.has(service);
    },
  };
}

/** A fixed graph: for tests, and for setups that declare dependencies only. */
export function createStaticTopology(graph: TopologyGraph): ServiceTopology {
  return createGraphTopology({ load: async () => graph, ttlMs: Number.POSITIVE_INFINITY });
}

function adjacencyOf(edges: TopologyGraph['edges']): Map<string, Set<string>> {
  const adjacency = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let set = adjacency.get(a);
    if (!set) {
      set = new Set();
      adjacency.set(a, set);
    }
    set.add(b);
  };
  for (const [from, to] of edges) {
    if (from === to) continue;
    link(from, to);
    link(to, from);
  }
  return adjacency;
}
