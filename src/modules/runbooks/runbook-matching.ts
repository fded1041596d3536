import type { Runbook } from './contract.ts';

/** What an incident offers to match runbooks against. */
export interface IncidentFacts {
  alerts: ReadonlyArray<{ rule: string; labels: Readonly<Record<string, string>>; source: string | null }>;
  services: readonly string[];
  /** Catalog tags of the incident's services. */
  tags: readonly string[];
}

/** Rules Cairn's SLO evaluator raises. */
const SLO_RULES = new Set(['SLOAvailabilityBurnRate', 'SLOLatencyBurnRate']);

/**
 * Why a runbook applies to an incident: each applies-to entry that holds, as a phrase
 * ("alert FrontendErrors"); empty when it does not apply. Labels must all match one alert.
 */
export function matchRunbook(runbook: Runbook, facts: IncidentFacts): string[] {
  const { alerts, labels, services, tags, slo } = runbook.appliesTo;
  const reasons: string[] = [];
  for (const alert of facts.alerts) if (alerts.includes(alert.rule)) reasons.push(`alert ${alert.rule}`);
  const wanted = Object.entries(labels);
  if (wanted.length > 0 && facts.alerts.some((a) => wanted.every(([k, v]) => a.labels[k] === v)))
    reasons.push(`labels ${wanted.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  for (const service of facts.services) if (services.includes(service)) reasons.push(`service ${service}`);
  for (const tag of facts.tags) if (tags.includes(tag)) reasons.push(`tag ${tag}`);
  if (slo && facts.alerts.some((a) => a.source === 'slo' || SLO_RULES.has(a.rule)))
    reasons.push('SLO burn-rate alert');
  return [...new Set(reasons)];
}

/** Alert rules a matched runbook names: their Prometheus `runbook_url` gives way to it. */
export function rulesCovered(runbook: Runbook, facts: IncidentFacts): string[] {
  return facts.alerts.filter((a) => runbook.appliesTo.alerts.includes(a.rule)).map((a) => a.rule);
}
