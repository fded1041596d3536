import type { Insights } from './contract.ts';

/** The change kinds self-service adoption counts. */
export const ADOPTION_KINDS = ['deploy', 'rollback', 'scale', 'config'] as const;
const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface InsightChange {
  kind: string;
  source: string;
  atMs: number;
  service?: string | null;
}

/** How long after an open incident started an action still counts as answering its page. */
const OPEN_INCIDENT_ACTION_MS = 24 * 3600 * 1000;

export interface InsightIncident {
  severity: string;
  startedAtMs: number;
  resolvedAtMs: number | null;
  paged: boolean;
  services?: readonly string[];
}

export interface InsightSupportRequest {
  topic: string;
  atMs: number;
  resolution: 'self-service' | 'platform-team' | null;
}

/**
 * Adoption, MTTR, pages per week and support load for [fromMs, toMs); inputs may hold more, they
 * are filtered here.
 */
export function computeInsights(
  changes: readonly InsightChange[],
  incidents: readonly InsightIncident[],
  fromMs: number,
  toMs: number,
  supportRequests: readonly InsightSupportRequest[] = [],
): Omit<Insights, 'sloAttainment'> {
  const within = (atMs: number) => atMs >= fromMs && atMs < toMs;
  const counted = changes.filter(
    (c) => within(c.atMs) && (ADOPTION_KINDS as readonly string[]).includes(c.kind),
  );
  const share = (list: readonly InsightChange[]) => {
    const viaCairn = list.filter((c) => c.source === 'cairn-action').length;
    return { viaCairn, all: list.length, percent: list.length === 0 ? null : (viaCairn / list.length) * 100 };
  };
  const inWindow = incidents.filter((i) => within(i.startedAtMs));
  const resolved = inWindow.filter((i) => i.resolvedAtMs !== null);
  const durations = (list: readonly InsightIncident[]) =>
    list.map((i) => (i.resolvedAtMs as number) - i.startedAtMs);
  const severities = [...new Set(resolved.map((i) => i.severity))].sort();
  const weeks = Math.max(1, Math.ceil((toMs - fromMs) / WEEK_MS));
  const requests = supportRequests.filter((r) => within(r.atMs));
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    adoption: {
      ...share(counted),
      byKind: Object.fromEntries(
        ADOPTION_KINDS.map((kind) => [kind, share(counted.filter((c) => c.kind === kind))]),
      ),
    },
    mttr: {
      resolved: resolved.length,
      medianMs: median(durations(resolved)),
      bySeverity: severities.map((severity) => {
        const list = resolved.filter((i) => i.severity === severity);
        return { severity, resolved: list.length, medianMs: median(durations(list)) };
      }),
    },
    pagesPerWeek: Array.from({ length: weeks }, (_, index) => {
      const startMs = fromMs + index * WEEK_MS;
      return {
        start: new Date(startMs).toISOString(),
        pages: inWindow.filter(
          (i) => i.paged && i.startedAtMs >= startMs && i.startedAtMs < startMs + WEEK_MS,
        ).length,
      };
    }),
    pagesLedToAction: pagesLedToAction(
      inWindow.filter((i) => i.paged),
      changes.filter((c) => c.source === 'cairn-action'),
    ),
    supportRequests: summarizeSupport(requests, fromMs, weeks),
  };
}

/**
 * Pages answered with a Cairn action: a paged incident counts when an action changed one of its
 * services between the page and the resolution (for an open incident, within 24 h of the page).
 */
function pagesLedToAction(
  paged: readonly InsightIncident[],
  actions: readonly InsightChange[],
): Insights['pagesLedToAction'] {
  const led = paged.filter((incident) => {
    const untilMs = incident.resolvedAtMs ?? incident.startedAtMs + OPEN_INCIDENT_ACTION_MS;
    return actions.some(
      (a) =>
        a.atMs >= incident.startedAtMs &&
        a.atMs <= untilMs &&
        a.service != null &&
        (incident.services ?? []).includes(a.service),
    );
  }).length;
  return {
    pages: paged.length,
    ledToAction: led,
    percent: paged.length === 0 ? null : (led * 100) / paged.length,
  };
}

function summarizeSupport(
  requests: readonly InsightSupportRequest[],
  fromMs: number,
  weeks: number,
): Insights['supportRequests'] {
  const countByTopic = (list: readonly InsightSupportRequest[]) => {
    const counts = new Map<string, number>();
    for (const r of list) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
    return counts;
  };
  const selfServiceResolved = requests.filter((r) => r.resolution === 'self-service').length;
  return {
    total: requests.length,
    selfServiceResolved,
    selfServicePercent: requests.length === 0 ? null : (selfServiceResolved * 100) / requests.length,
    byTopic: [...countByTopic(requests)]
      .map(([topic, count]) => ({ topic, requests: count }))
      .sort((a, b) => b.requests - a.requests || a.topic.localeCompare(b.topic)),
    perWeek: Array.from({ length: weeks }, (_, index) => {
      const startMs = fromMs + index * WEEK_MS;
      const inWeek = requests.filter((r) => r.atMs >= startMs && r.atMs < startMs + WEEK_MS);
      return {
        start: new Date(startMs).toISOString(),
        requests: inWeek.length,
        byTopic: Object.fromEntries([...countByTopic(inWeek)].sort(([a], [b]) => a.localeCompare(b))),
      };
    }),
  };
}

/** Median, the middle two averaged; null for none. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
