import type { Change } from '../../changes/index.ts';
import type { Fix, IncidentContext, Rollback, SimilarIncident, Suspect } from './contract.ts';
import { CONFIDENT_SUSPECT_SCORE, minutes } from './rank-suspects.ts';

/** The catalog annotation linking a service to its runbook. */
export const RUNBOOK_ANNOTATION = 'cairn.dev/runbook';

/** A resolved incident, as similarity and "how was it fixed" read it. */
export interface PastIncident {
  id: string;
  title: string;
  services: readonly string[];
  rules: readonly string[];
  startedAt: string;
  resolvedAt: string | null;
  /** The timeline's resolve entry ("Resolved by alice"), if any. */
  resolvedNote: string | null;
  context: IncidentContext | null;
}

/** Past incidents scoring below this are not shown. */
const SIMILARITY_THRESHOLD = 0.3;
const MAX_SIMILAR = 3;

/**
 * The rollback for the top suspect: only a confident deploy (or rollback) with a version, back to
 * the newest earlier successful deploy of that service with another version, else to the
 * `previousVersion` the change itself reported.
 */
export function proposeRollback(top: Suspect | undefined, history: readonly Change[]): Rollback | null {
  if (!top || top.score < CONFIDENT_SUSPECT_SCORE) return null;
  const { change } = top;
  if (!change.service || !change.version || (change.kind !== 'deploy' && change.kind !== 'rollback'))
    return null;
  const earlier = history
    .filter(
      (c) =>
        c.id !== change.id &&
        c.service === change.service &&
        c.environment === change.environment &&
        (c.kind === 'deploy' || c.kind === 'rollback') &&
        c.status === 'succeeded' &&
        c.version !== null &&
        c.version !== change.version &&
        Date.parse(c.at) < Date.parse(change.at),
    )
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  const toVersion = earlier?.version ?? change.previousVersion;
  if (!toVersion) return null;
  return { type: 'rollback', service: change.service, fromVersion: change.version, toVersion };
}

/**
 * Runbooks in the order a responder wants them: the alert's own `runbook_url`, then the runbook of
 * the top suspect's service, the root-cause services and the incident's services; one per URL.
 */
export function collectRunbooks(input: {
  alerts: ReadonlyArray<{ rule: string; annotations: Readonly<Record<string, string>> }>;
  services: readonly string[];
  annotationsOf: (service: string) => Readonly<Record<string, string>> | undefined;
}): Fix['runbooks'] {
  const seen = new Set<string>();
  const out: Fix['runbooks'] = [];
  const add = (title: string, url: string | undefined) => {
    if (!url || seen.has(url)) return;
    seen.add(url);
    out.push({ title, url });
  };
  for (const alert of input.alerts) add(`${alert.rule} runbook`, alert.annotations.runbook_url);
  for (const service of input.services)
    add(`${service} runbook`, input.annotationsOf(service)?.[RUNBOOK_ANNOTATION]);
  return out;
}

/**
 * Resolved incidents like this one: 0.4 × shared services (Jaccard) + 0.4 × shared alert rules +
 * 0.2 × shared error-message templates; at least {@link SIMILARITY_THRESHOLD}, best first.
 */
export function findSimilarIncidents(
  current: { services: readonly string[]; rules: readonly string[]; templates: readonly string[] },
  past: readonly PastIncident[],
): SimilarIncident[] {
  return past
    .map((incident) => {
      const templates = incident.context?.evidence.topErrorTemplates.map((t) => t.template) ?? [];
      const score =
        0.4 * jaccard(current.services, incident.services) +
        0.4 * jaccard(current.rules, incident.rules) +
        0.2 * jaccard(current.templates, templates);
      return { incident, score };
    })
    .filter(({ score }) => score >= SIMILARITY_THRESHOLD)
    .sort(
      (a, b) => b.score - a.score || (b.incident.resolvedAt ?? '').localeCompare(a.incident.resolvedAt ?? ''),
    )
    .slice(0, MAX_SIMILAR)
    .map(({ incident }) => ({
      id: incident.id,
      title: incident.title,
      resolvedAt: incident.resolvedAt,
      resolution: resolutionOf(incident),
    }));
}

function resolutionOf(incident: PastIncident): string {
  const parts: string[] = [];
  const took = incident.resolvedAt
    ? ` after ${minutes((Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt)) / 60_000)}`
    : '';
  parts.push(`${incident.resolvedNote ?? 'Resolved'}${took}`);
  const rollback = incident.context?.fix.rollback;
  if (rollback)
    parts.push(
      `proposed fix: roll ${rollback.service} back from ${rollback.fromVersion} to ${rollback.toVersion}`,
    );
  const top = incident.context?.suspects[0];
  if (top && top.score >= CONFIDENT_SUSPECT_SCORE)
    parts.push(`top suspect: ${top.reasons[0] ?? top.change.kind}`);
  const cause = incident.context?.rootCauseServices[0];
  if (cause) parts.push(`root cause ranked first: ${cause.service}`);
  return parts.join('; ');
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared++;
  return shared / (left.size + right.size - shared);
}
