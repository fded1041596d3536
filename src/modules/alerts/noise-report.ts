import type { IncidentOutcome } from '../incidents/index.ts';
import type { AlertEventRow } from './alert.store.ts';
import type { RuleNoise } from './noise-contract.ts';

const TRANSIENT_MS = 5 * 60_000;

/**
 * Per rule, how its firings went and what to do about it. A firing is one (fingerprint,
 * startsAt) that fired; its duration comes from the matching resolved event.
 */
export function buildNoiseReport(
  events: readonly AlertEventRow[],
  incidents: readonly IncidentOutcome[],
  pagedIncidents: readonly IncidentOutcome[],
): RuleNoise[] {
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  const resolvedAt = new Map<string, AlertEventRow>();
  for (const event of events) {
    if (event.status === 'resolved') resolvedAt.set(`${event.fingerprint} ${event.starts_at}`, event);
  }
  const rules = new Map<string, { firings: AlertEventRow[]; severities: Set<string> }>();
  for (const event of events) {
    if (event.status !== 'firing') continue;
    let entry = rules.get(event.rule);
    if (!entry) {
      entry = { firings: [], severities: new Set() };
      rules.set(event.rule, entry);
    }
    entry.firings.push(event);
    entry.severities.add(event.severity);
  }

  const report: RuleNoise[] = [];
  for (const [rule, { firings, severities }] of rules) {
    const durations: number[] = [];
    let transient = 0;
    let flapping = 0;
    let acknowledged = 0;
    let ledToAction = 0;
    let noisy = 0;
    for (const firing of firings) {
      const resolved = resolvedAt.get(`${firing.fingerprint} ${firing.starts_at}`);
      const endMs = resolved ? Date.parse(resolved.ends_at ?? resolved.received_at) : undefined;
      const duration = endMs === undefined ? undefined : endMs - Date.parse(firing.starts_at);
      if (duration !== undefined) durations.push(duration / 1000);
      const isTransient = duration !== undefined && duration < TRANSIENT_MS;
      const isFlapping = firing.flapping === 1;
      const incident = firing.incident_id ? byId.get(firing.incident_id) : undefined;
      if (isTransient) transient++;
      if (isFlapping) flapping++;
      if (incident?.acknowledged) acknowledged++;
      if (incident?.actioned) ledToAction++;
      if (isTransient || isFlapping || !incident?.actioned) noisy++;
    }
    const paged = pagedIncidents.filter((incident) => incident.pagedRule === rule).length;
    const fired = firings.length;
    report.push({
      rule,
      fired,
      resolvedWithin5m: transient,
      flapping,
      acknowledged,
      paged,
      medianDurationSeconds: median(durations),
      ledToAction,
      noiseScore: Math.round((noisy / fired) * 100) / 100,
      recommendation: recommend({
        rule,
        fired,
        transient,
        flapping,
        paged,
        ledToAction,
        critical: severities.has('critical'),
      }),
    });
  }
  return report.sort(
    (a, b) => b.noiseScore - a.noiseScore || b.fired - a.fired || a.rule.localeCompare(b.rule),
  );
}

function recommend(stats: {
  rule: string;
  fired: number;
  transient: number;
  flapping: number;
  paged: number;
  ledToAction: number;
  critical: boolean;
}): string | null {
  if (stats.flapping > 0) {
    return `add \`for: 10m\`: it flapped (${stats.flapping} of ${stats.fired} firings while flapping), so its notifications were held`;
  }
  if (stats.transient * 2 >= stats.fired && stats.fired >= 2) {
    return `add \`for: 10m\`: ${stats.transient} of ${stats.fired} firings resolved within 5 minutes`;
  }
  if (stats.ledToAction > 0) return null;
  if (stats.paged > 0) {
    return `replace with the SLO burn-rate alert: it paged ${stats.paged} time${stats.paged === 1 ? '' : 's'} and nobody acted on it`;
  }
  if (stats.critical && stats.fired >= 2) {
    return `route as warning: ${stats.fired} critical firings and none led to an action`;
  }
  return null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(value * 10) / 10;
}
