/** How a service relates to the incident's services along the call graph. */
export interface Relation {
  /** 0 for an incident service, else hops along the graph. */
  distance: number;
  /** "the alerting service frontend", "a callee of frontend (2 hops)", "a caller of payment (1 hop)". */
  description: string;
}

/** The call graph around an incident: declared plus observed edges, caller → callee. */
export interface Neighbourhood {
  /** Services related to the incident, with how (incident services, callees, callers). */
  readonly related: ReadonlyMap<string, Relation>;
  /** Services users call directly. */
  readonly entryPoints: ReadonlySet<string>;
  /** Every service reachable downstream of `service` (its callees, transitively), excluding itself. */
  calleesOf(service: string): Set<string>;
}

/** Callers further than this from an incident service are not searched for changes. */
export const MAX_CALLER_HOPS = 2;

/**
 * Builds the neighbourhood from caller → callee edges. Callees are followed to any depth (a
 * failing leaf surfaces at the entry point however deep it is); callers only {@link MAX_CALLER_HOPS}
 * hops up, since a change far upstream rarely breaks what it calls.
 */
export function buildNeighbourhood(
  incidentServices: readonly string[],
  edges: ReadonlyArray<readonly [string, string]>,
  entryPoints: Iterable<string>,
): Neighbourhood {
  const down = adjacency(edges, false);
  const up = adjacency(edges, true);
  const related = new Map<string, Relation>();
  for (const service of incidentServices) {
    related.set(service, { distance: 0, description: `the alerting service ${service}` });
  }
  const visit = (graph: Map<string, Set<string>>, maxHops: number, role: string) => {
    for (const origin of incidentServices) {
      for (const [service, hops] of distances(graph, origin, maxHops)) {
        const known = related.get(service);
        if (known && known.distance <= hops) continue;
        related.set(service, {
          distance: hops,
          description: `a ${role} of ${origin} (${hops} hop${hops === 1 ? '' : 's'})`,
        });
      }
    }
  };
  visit(down, Number.POSITIVE_INFINITY, 'callee');
  visit(up, MAX_CALLER_HOPS, 'caller');
  return {
    related,
    entryPoints: new Set(entryPoints),
    calleesOf: (service) => new Set(distances(down, service, Number.POSITIVE_INFINITY).keys()),
  };
}

function adjacency(
  edges: ReadonlyArray<readonly [string, string]>,
  reverse: boolean,
): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const [caller, callee] of edges) {
    if (caller === callee) continue;
    const [from, to] = reverse ? [callee, caller] : [caller, callee];
    let set = map.get(from);
    if (!set) {
      set = new Set();
      map.set(from, set);
    }
    set.add(to);
  }
  return map;
}

/** Breadth-first hop counts from `origin` (excluded), up to `maxHops`. */
function distances(graph: Map<string, Set<string>>, origin: string, maxHops: number): Map<string, number> {
  const seen = new Map<string, number>([[origin, 0]]);
  let frontier = [origin];
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const peer of graph.get(node) ?? []) {
        if (seen.has(peer)) continue;
        seen.set(peer, hop);
        next.push(peer);
      }
    }
    frontier = next;
  }
  seen.delete(origin);
  return seen;
}
