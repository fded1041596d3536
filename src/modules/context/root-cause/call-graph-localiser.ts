import type { RootCauseService } from '../contract.ts';
import type { ServiceAnomaly } from './service-anomaly.ts';
import type { CallEdgeRow } from './span-signals.store.ts';

/**
 * How much of a caller's anomaly is forgiven when a callee it (transitively) depends on is at least
 * as anomalous: half. Not all of it — a caller can be broken too — but enough that a symptom
 * explained by a callee ranks below that callee, while still above services that show nothing.
 */
const EXPLAINED_DISCOUNT = 0.5;

/** Callees reachable from each service, following observed calls. */
export function reachableCallees(edges: readonly CallEdgeRow[]): Map<string, Set<string>> {
  const direct = new Map<string, Set<string>>();
  for (const { caller, callee } of edges) {
    const set = direct.get(caller) ?? new Set<string>();
    set.add(callee);
    direct.set(caller, set);
  }
  const reachable = new Map<string, Set<string>>();
  for (const start of direct.keys()) {
    const seen = new Set<string>();
    const queue = [...(direct.get(start) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop();
      if (next === undefined || seen.has(next) || next === start) continue;
      seen.add(next);
      queue.push(...(direct.get(next) ?? []));
    }
    reachable.set(start, seen);
  }
  return reachable;
}

/**
 * The services a root cause may be among: the symptom services and everything they call. Without
 * symptom services every service is a candidate; when traces never show them calling anything, only
 * the symptom services themselves are (a service nothing links to the symptom is a stranger to it).
 */
export function candidateServices(
  symptoms: readonly string[],
  reachable: Map<string, Set<string>>,
): Set<string> | undefined {
  if (symptoms.length === 0) return undefined;
  const known = symptoms.filter((s) => reachable.has(s));
  const set = new Set<string>(symptoms);
  for (const s of known) for (const callee of reachable.get(s) ?? []) set.add(callee);
  return set;
}

/**
 * Ranks anomalous services: an anomaly that an equally or more anomalous callee explains is
 * discounted, so the deepest anomalous service wins; ties go to the service whose anomaly started
 * first. Scores map the strength s to s / (s + 1), a confidence in [0, 1).
 */
export function localise(
  anomalies: readonly ServiceAnomaly[],
  reachable: Map<string, Set<string>>,
  candidates: Set<string> | undefined,
): RootCauseService[] {
  const strength = new Map(anomalies.map((a) => [a.service, a.strength]));
  const ranked = anomalies
    .filter((a) => a.strength > 0 && (candidates === undefined || candidates.has(a.service)))
    .map((a) => {
      let explainer: string | undefined;
      let explainerStrength = 0;
      for (const callee of reachable.get(a.service) ?? []) {
        const s = strength.get(callee) ?? 0;
        if (s > explainerStrength) {
          explainer = callee;
          explainerStrength = s;
        }
      }
      const explained = Math.min(1, explainerStrength / a.strength);
      const final = a.strength * (1 - EXPLAINED_DISCOUNT * explained);
      const reasons = [...a.signals.map((s) => s.reason), ...a.notes];
      if (explainer !== undefined && explained > 0) {
        reasons.push(
          `${a.service} calls ${explainer}, which is anomalous too, so part of this anomaly is likely ` +
            `inherited from it (score discounted by ${Math.round(EXPLAINED_DISCOUNT * explained * 100)}%)`,
        );
      }
      return { anomaly: a, final, reasons };
    });
  ranked.sort(
    (x, y) =>
      y.final - x.final ||
      (x.anomaly.firstAnomalyMs ?? Number.POSITIVE_INFINITY) -
        (y.anomaly.firstAnomalyMs ?? Number.POSITIVE_INFINITY) ||
      x.anomaly.service.localeCompare(y.anomaly.service),
  );
  return ranked.map(({ anomaly, final, reasons }) => ({
    service: anomaly.service,
    score: Math.round((final / (final + 1)) * 1000) / 1000,
    reasons,
  }));
}
