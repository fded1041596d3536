import type { RootCauseService } from '../contract.ts';
import type { NamedDependencies } from './named-dependencies.ts';
import { type ServiceAnomaly, strengthOf } from './service-anomaly.ts';
import type { CallEdgeRow } from './span-signals.store.ts';
import type { TraceScope } from './trace-scope.ts';

/**
 * What an anomaly that an anomalous callee explains still weighs: half, and never more than half of
 * that callee's own strength. Not nothing — the explained part is still a symptom of this service,
 * and ranks it above services that show nothing — but always below the callee that explains it.
 */
const EXPLAINED_WEIGHT = 0.5;

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
 * The services to judge again on their clean traces only: every anomalous candidate that
 * (transitively, by the call graph of parent/child spans) calls an anomalous service, paired with
 * those callees, and every anomalous candidate that logged errors naming a service it calls after
 * onset (`namingErrors`). Undefined when there is none — nothing to localise.
 */
export function localisationScope(
  anomalies: readonly ServiceAnomaly[],
  reachable: Map<string, Set<string>>,
  candidates: Set<string> | undefined,
  dependencies: NamedDependencies,
  namingErrors: ReadonlySet<string> = new Set(),
): TraceScope | undefined {
  const anomalous = new Set(anomalies.filter((a) => a.strength > 0).map((a) => a.service));
  const explaining = new Set(anomalies.filter((a) => traceBorneStrength(a) > 0).map((a) => a.service));
  const services = new Set<string>();
  const callers: string[] = [];
  const callees: string[] = [];
  for (const service of anomalous) {
    if (candidates !== undefined && !candidates.has(service)) continue;
    if (namingErrors.has(service)) services.add(service);
    for (const callee of reachable.get(service) ?? []) {
      if (!explaining.has(callee)) continue;
      services.add(service);
      callers.push(service);
      callees.push(callee);
    }
  }
  return services.size === 0 ? undefined : { services: [...services], callers, callees, dependencies };
}

/**
 * Ranks anomalous services. A service that calls an anomalous service (or logged errors naming a
 * dependency) is judged twice: on all its traces (`anomalies`) and on its clean traces — never
 * reaching an anomalous callee, holding no such error (`clean`, from a second reading restricted by
 * {@link localisationScope}). What it shows in its clean traces is its own and counts fully; the
 * rest is explained by the callee and counts at {@link EXPLAINED_WEIGHT},
 * capped at that weight of the callee's strength, so an explained caller always ranks below the
 * callee that explains it. Ties go to the service whose anomaly started first. Scores map the
 * strength s to s / (s + 1), a confidence in [0, 1).
 */
export function localise(
  anomalies: readonly ServiceAnomaly[],
  reachable: Map<string, Set<string>>,
  candidates: Set<string> | undefined,
  clean: ReadonlyMap<string, ServiceAnomaly> = new Map(),
): RootCauseService[] {
  const strength = new Map(anomalies.map((a) => [a.service, traceBorneStrength(a)]));
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
      // Services read again on their clean traces have an entry (strength 0 when nothing is left).
      const own = clean.get(a.service);
      if (own === undefined) {
        return { anomaly: a, final: a.strength, reasons: [...a.signals.map((s) => s.reason), ...a.notes] };
      }
      // A signal can only weaken when fewer traces are read; a stronger clean reading is noise of
      // the smaller sample, not more evidence.
      const ownStrength = Math.min(own.strength, a.strength);
      const explained = Math.min(
        (a.strength - ownStrength) * EXPLAINED_WEIGHT,
        explainerStrength * EXPLAINED_WEIGHT,
      );
      const final = ownStrength + explained;
      const ownReasons = ownStrength > 0 ? own.signals.map((s) => s.reason) : [];
      const note = explainedNote(a.service, explainer, ownStrength > 0, ownStrength < a.strength);
      const whole = a.signals.map((s) => s.reason).filter((r) => !ownReasons.includes(r));
      return { anomaly: a, final, reasons: [...ownReasons, ...note, ...whole, ...a.notes] };
    });
  // A service whose whole anomaly lies in traces where it could not reach a healthy-looking
  // dependency is left with nothing of its own and nothing to inherit: it is not a root cause.
  const kept = ranked.filter((r) => r.final > 0);
  kept.sort(
    (x, y) =>
      y.final - x.final ||
      (x.anomaly.firstAnomalyMs ?? Number.POSITIVE_INFINITY) -
        (y.anomaly.firstAnomalyMs ?? Number.POSITIVE_INFINITY) ||
      x.anomaly.service.localeCompare(y.anomaly.service),
  );
  return kept.map(({ anomaly, final, reasons }) => ({
    service: anomaly.service,
    score: Math.round((final / (final + 1)) * 1000) / 1000,
    reasons,
  }));
}

/**
 * The part of an anomaly that shows in the traces themselves (errors, self time, log lines, event
 * flow), which is what can explain a caller's traces. A callee whose only anomaly is a resource
 * gauge did not behave differently in any trace, so it takes no trace away from its callers; when
 * it slows them down, its own spans' latency shows that, and that does.
 */
function traceBorneStrength(anomaly: ServiceAnomaly): number {
  return anomaly.signals.filter((s) => s.kind !== 'saturation').reduce((sum, s) => sum + strengthOf(s.z), 0);
}

/** Why a service that was read again on its clean traces ranks where it does. */
function explainedNote(
  service: string,
  explainer: string | undefined,
  showsOwn: boolean,
  weakened: boolean,
): string[] {
  if (explainer !== undefined) {
    return [
      showsOwn
        ? `${service} calls ${explainer}, which is anomalous too; in the traces that never reach an anomalous ` +
          `callee ${service} still shows the changes above, so they are its own`
        : `${service} calls ${explainer}, which is anomalous too; in the traces that never reach an anomalous ` +
          `callee ${service} shows no change of its own, so its anomaly is taken as inherited from ${explainer}`,
    ];
  }
  if (!weakened) return [];
  return [
    showsOwn
      ? `${service} logged errors naming a service it calls; in the traces without them it still shows the changes above`
      : `${service} logged errors naming a service it calls; in the traces without them it shows no change of its own, ` +
        'so its anomaly is taken as its dependency failing',
  ];
}
