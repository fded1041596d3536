import type { EdgeRow } from './edge-signals.store.ts';

/**
 * Network faults from the physics of a call. A delay or loss on one pod's interface (tc netem)
 * touches every packet entering or leaving that pod: every call into it and every call it makes
 * waits longer on the wire (client span minus the callee's server span), and calls that lose too
 * much fail on the client with no answer from the callee's spans. Its own work does not change, so
 * self time, errors and logs of its spans say nothing; its edges say it all.
 *
 * So each edge (caller → callee) is tested on its own — wire time against the edge's baseline p95
 * (binomial, as for self time), transport failures against the edge's baseline rate (Poisson) —
 * and a troubled edge is blamed on the endpoint that explains it: the service most of whose edges
 * are troubled. A callee whose calls from several callers all slowed, or a caller whose calls to
 * several callees all slowed, explains them; a caller whose only troubled call is the one to that
 * service is cleared, and so is a callee whose only troubled call comes from it. A service that is
 * down has no spans of its own after onset: only its inbound edges are testable, and they all fail.
 */
export interface NetworkSuspect {
  service: string;
  z: number;
  /** The sentence, without a word on the service's own spans (see {@link withOwnSpans}). */
  reason: string;
  /** The same sentence with {@link OWN_SPANS_SLOT} where a word on its own spans goes. */
  template: string;
  /** The troubled edges it explains. */
  edges: EdgeTrouble[];
}

/** One edge's trouble after onset. */
export interface EdgeTrouble {
  caller: string;
  callee: string;
  /** Binomial z of calls slower on the wire than the edge's baseline p95 (0 when not testable). */
  wireZ: number;
  /** Poisson z of transport failures against the edge's baseline rate (0 when none). */
  failureZ: number;
  baselineMedianWireMs: number;
  afterMedianWireMs: number;
  afterCalls: number;
  afterTransportErrors: number;
  baselineTransportErrors: number;
  baselineCalls: number;
}

const Z_THRESHOLD = 3;
const P95_EXCEEDANCE = 0.05;
/** Fewest comparable calls after onset for a wire-time test (as for self time). */
const MIN_CALLS = 10;
/**
 * A service explains its troubled edges when at least half of its testable edges are troubled: a
 * fault on its interface touches all of them (loss touches each in proportion, and half leaves
 * room for an edge too quiet to reach three sigma), while a neighbour shares only the one edge.
 */
const MIN_TROUBLED_SHARE = 0.5;

/** Per edge: its trouble after onset, or nothing testable. */
export function edgeTroubles(rows: readonly EdgeRow[]): { tested: EdgeTrouble[]; troubled: EdgeTrouble[] } {
  const merged = new Map<string, EdgeRow[]>();
  for (const row of rows) {
    if (row.caller === row.callee) continue;
    const key = `${row.caller}\u0000${row.callee}`;
    merged.set(key, [...(merged.get(key) ?? []), row]);
  }
  const tested: EdgeTrouble[] = [];
  for (const parts of merged.values()) {
    const first = parts[0];
    if (!first) continue;
    const sum = (pick: (r: EdgeRow) => number) => parts.reduce((s, r) => s + pick(r), 0);
    const comparable = sum((r) => r.comparable);
    const slower = sum((r) => r.slower);
    const afterCalls = sum((r) => r.afterCalls);
    const baselineCalls = sum((r) => r.baselineCalls);
    const afterTransportErrors = sum((r) => r.afterTransportErrors);
    const baselineTransportErrors = sum((r) => r.baselineTransportErrors);
    if (afterCalls === 0) continue;
    const expected = comparable * P95_EXCEEDANCE;
    const wireZ =
      comparable >= MIN_CALLS ? (slower - expected) / Math.sqrt(expected * (1 - P95_EXCEEDANCE)) : 0;
    const rate = baselineCalls > 0 ? baselineTransportErrors / baselineCalls : 0;
    const failureZ =
      afterTransportErrors > 0
        ? (afterTransportErrors - rate * afterCalls) / Math.sqrt(rate * afterCalls + 1)
        : 0;
    // The busiest operation speaks for the edge's medians.
    const busiest = parts.reduce((a, b) => (b.comparable > a.comparable ? b : a), first);
    tested.push({
      caller: first.caller,
      callee: first.callee,
      wireZ,
      failureZ,
      baselineMedianWireMs: busiest.baselineMedianWireMs,
      afterMedianWireMs: busiest.afterMedianWireMs,
      afterCalls,
      afterTransportErrors,
      baselineTransportErrors,
      baselineCalls,
    });
  }
  const troubled = tested.filter((e) => Math.max(e.wireZ, e.failureZ) >= Z_THRESHOLD);
  return { tested, troubled };
}

/** The services that explain the troubled edges, strongest explanation first. */
export function networkSuspects(rows: readonly EdgeRow[]): NetworkSuspect[] {
  const { tested, troubled } = edgeTroubles(rows);
  const incident = new Map<string, EdgeTrouble[]>();
  for (const edge of tested) {
    for (const service of [edge.caller, edge.callee])
      incident.set(service, [...(incident.get(service) ?? []), edge]);
  }
  const troubledSet = new Set(troubled);
  const remaining = new Set(troubled);
  const suspects: NetworkSuspect[] = [];
  const picked = new Set<string>();
  while (remaining.size > 0) {
    let best: { service: string; share: number; mine: EdgeTrouble[]; z: number } | undefined;
    for (const [service, edges] of incident) {
      if (picked.has(service)) continue;
      const mine = edges.filter((e) => troubledSet.has(e));
      const open = mine.filter((e) => remaining.has(e));
      if (open.length === 0) continue;
      const share = mine.length / edges.length;
      if (share < MIN_TROUBLED_SHARE) continue;
      const z = Math.max(...mine.map(edgeZ));
      // The service explaining the most troubled edges first: a leaf callee of the faulty service
      // has all of its one edge troubled too, and is explained with the others.
      const better =
        !best ||
        mine.length > best.mine.length ||
        (mine.length === best.mine.length && share > best.share) ||
        (mine.length === best.mine.length && share === best.share && z > best.z);
      if (better) best = { service, share, mine, z };
    }
    if (!best) break;
    picked.add(best.service);
    for (const edge of best.mine) remaining.delete(edge);
    const all = incident.get(best.service) ?? [];
    const template = describe(best.service, best.mine, all);
    suspects.push({
      service: best.service,
      z: best.z,
      reason: withOwnSpans(template, ''),
      template,
      edges: best.mine,
    });
  }
  return suspects;
}

function edgeZ(edge: EdgeTrouble): number {
  return Math.max(edge.wireZ, edge.failureZ);
}

/** A sentence a person can check against the client and server spans of the edges named. */
function describe(service: string, mine: readonly EdgeTrouble[], all: readonly EdgeTrouble[]): string {
  const parts: string[] = [];
  const inbound = mine.filter((e) => e.callee === service);
  const outbound = mine.filter((e) => e.caller === service);
  const slowIn = inbound.filter((e) => e.wireZ >= Z_THRESHOLD);
  const slowOut = outbound.filter((e) => e.wireZ >= Z_THRESHOLD);
  const delta = (edges: readonly EdgeTrouble[]) =>
    ms(median(edges.map((e) => e.afterMedianWireMs - e.baselineMedianWireMs)));
  const names = (edges: readonly EdgeTrouble[], pick: (e: EdgeTrouble) => string) =>
    edges.map(pick).sort().join(', ');
  // The word on its own spans follows the first claim: the wire slowed, its own work did not.
  const slot = () => (parts.length === 0 ? OWN_SPANS_SLOT : '');
  if (slowIn.length > 0) {
    parts.push(
      `calls into ${service} from ${count(slowIn.length, 'caller')} took +${delta(slowIn)} on the wire after onset` +
        `${slot()} (from ${names(slowIn, (e) => e.caller)}; client span minus ${service}'s server span, median)`,
    );
  }
  if (slowOut.length > 0) {
    parts.push(
      `its calls to ${count(slowOut.length, 'service')} took +${delta(slowOut)} on the wire while their server spans ` +
        `did not account for it${slot()} (to ${names(slowOut, (e) => e.callee)})`,
    );
  }
  const failedIn = inbound.filter((e) => e.failureZ >= Z_THRESHOLD);
  const failedOut = outbound.filter((e) => e.failureZ >= Z_THRESHOLD);
  if (failedIn.length > 0) {
    const n = failedIn.reduce((s, e) => s + e.afterTransportErrors, 0);
    const before = failedIn.reduce((s, e) => s + e.baselineTransportErrors, 0);
    parts.push(
      `${n} calls into ${service} from ${count(failedIn.length, 'caller')} (${names(failedIn, (e) => e.caller)}) failed ` +
        `after onset with no failing span of ${service} under them (${before} in baseline)`,
    );
  }
  if (failedOut.length > 0) {
    const n = failedOut.reduce((s, e) => s + e.afterTransportErrors, 0);
    parts.push(
      `${n} of its calls to ${names(failedOut, (e) => e.callee)} failed with no failing server span under them`,
    );
  }
  return (
    `${service}: ${parts.join('; ')} — ${mine.length} of its ${all.length} active call edges changed ` +
    "(a caller's or callee's own trouble would change only the edge it shares with it)"
  );
}

/** Where {@link withOwnSpans} puts its clause in a suspect's sentence. */
export const OWN_SPANS_SLOT = '\u0000own spans\u0000';

/**
 * The suspect's sentence with what its own spans did: a delay on the pod's interface slows the
 * calls, not the work the service does itself, and saying so lets a reader check the claim against
 * its server spans' self time. `clause` is e.g. '; its own spans did not slow', or '' when unknown.
 */
export function withOwnSpans(template: string, clause: string): string {
  return template.replace(OWN_SPANS_SLOT, clause);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? 0
    : sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function ms(value: number): string {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}
