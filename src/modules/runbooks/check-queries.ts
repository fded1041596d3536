import type { IncidentContext } from '../context/index.ts';
import type { LogList, MetricQueryResult, RedSeries, ServiceGraph } from '../telemetry/index.ts';
import type { Check, CheckQuery, WalkedCheck } from './contract.ts';
import { hoursUntilEmpty } from './disk-forecast.ts';

/** Telemetry queries a check may run beyond what the incident context computed (the telemetry module's). */
export interface RunbookTelemetry {
  red(service: string, range: { from: Date; to: Date }): Promise<RedSeries>;
  searchLogs(input: { from: Date; to: Date; service: string; q: string; limit: number }): Promise<LogList>;
  /** `labels` match data-point attributes exactly. */
  queryMetric(input: {
    from: Date;
    to: Date;
    name: string;
    agg: 'rate' | 'max' | 'avg';
    labels: Record<string, string>;
  }): Promise<MetricQueryResult>;
  serviceGraph(range: { from: Date; to: Date }): Promise<ServiceGraph>;
}

/** What every check reads: the incident's context, its services and their callees. */
export interface CheckInput {
  context: IncidentContext;
  services: readonly string[];
  /** Services the incident's services call, directly or further down, around onset. */
  callees: readonly string[];
  telemetry: RunbookTelemetry;
}

/** A check's answer, and values later action inputs may use (`deploy.version`, `service`, `node`). */
export type CheckAnswer = Pick<WalkedCheck, 'answer' | 'evidence' | 'value'> & {
  values: Record<string, string>;
};

type CheckRunner = (check: Check, input: CheckInput) => Promise<CheckAnswer>;

/** Metric names read by the resource checks (cAdvisor, kube-state-metrics, node-exporter). */
export const CPU_USAGE_METRIC = 'container_cpu_usage_seconds_total';
export const CPU_LIMIT_METRIC = 'kube_pod_container_resource_limits';
export const DISK_FREE_METRIC = 'node_filesystem_avail_bytes';

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const onsetOf = (c: IncidentContext) => new Date(c.evidence.windows.onset);
const atOf = (c: IncidentContext) => new Date(c.evidence.windows.at);

/** Deploys on the incident's services or their callees in the minutes before onset, best suspect first. */
const deployBeforeOnset: CheckRunner = async (check, { context, services, callees }) => {
  const scope = new Set(check.service ? [check.service] : [...services, ...callees]);
  const onsetMs = onsetOf(context).getTime();
  const hit = context.suspects.find(({ change }) => {
    const atMs = Date.parse(change.at);
    return (
      change.kind === 'deploy' &&
      change.service !== null &&
      scope.has(change.service) &&
      atMs <= onsetMs &&
      atMs >= onsetMs - check.withinMinutes * 60_000
    );
  });
  if (!hit?.change.service) {
    return {
      answer: 'no',
      evidence: `no deploy on ${[...scope].sort().join(', ') || 'the incident services'} in the ${check.withinMinutes} min before onset`,
      value: null,
      values: noValues(),
    };
  }
  const { change } = hit;
  const service = hit.change.service;
  const rollback = context.fix.rollback;
  const previous =
    rollback && rollback.service === change.service && rollback.fromVersion === change.version
      ? rollback.toVersion
      : change.previousVersion;
  const minutesBefore = Math.round((onsetMs - Date.parse(change.at)) / 60_000);
  const relation = services.includes(service) ? '' : ` (a callee of ${services.join(', ')})`;
  return {
    answer: 'yes',
    evidence: `deploy ${service}${relation} ${change.version ?? '(no version)'}${previous ? ` (was ${previous})` : ''} ${minutesBefore} min before onset`,
    value: minutesBefore,
    values: {
      'deploy.service': service,
      'deploy.version': change.version ?? '',
      'deploy.previousVersion': previous ?? '',
      'deploy.environment': change.environment ?? '',
      service,
    },
  };
};

/** The error rate since onset: from the context's impact when it has the service, else from RED. */
const errorRate: CheckRunner = async (check, { context, services, telemetry }) => {
  const threshold = check.abovePercent ?? 0;
  const targets = check.service ? [check.service] : services;
  let worst: { service: string; fraction: number } | null = null;
  for (const service of targets) {
    const fraction = await errorFraction(service, context, telemetry);
    if (fraction !== null && (!worst || fraction > worst.fraction)) worst = { service, fraction };
  }
  if (!worst)
    return {
      answer: 'unknown',
      evidence: `no requests of ${targets.join(', ')} stored since onset`,
      value: null,
      values: noValues(),
    };
  const above = worst.fraction * 100 > threshold;
  return {
    answer: above ? 'yes' : 'no',
    evidence: `${worst.service} error rate ${percent(worst.fraction)} since onset (threshold ${threshold}%)`,
    value: Math.round(worst.fraction * 1000) / 10,
    values: { service: worst.service },
  };
};

async function errorFraction(
  service: string,
  context: IncidentContext,
  telemetry: RunbookTelemetry,
): Promise<number | null> {
  const impact = context.impact.services.find((s) => s.service === service);
  if (impact && impact.requests > 0) return impact.errors / impact.requests;
  const red = await telemetry.red(service, { from: onsetOf(context), to: atOf(context) });
  let calls = 0;
  let errors = 0;
  for (const point of red.points) {
    calls += point.rate;
    errors += point.rate * point.errorRate;
  }
  return calls > 0 ? errors / calls : null;
}

/** A log line with the pattern's words since onset: the context's error templates first, then a log search. */
const logPattern: CheckRunner = async (check, { context, services, telemetry }) => {
  const pattern = check.pattern ?? '';
  const needle = pattern.toLowerCase();
  const template = context.evidence.topErrorTemplates.find(
    (t) =>
      t.after > 0 && (t.template.toLowerCase().includes(needle) || t.example.toLowerCase().includes(needle)),
  );
  if (template) {
    return {
      answer: 'yes',
      evidence: `"${template.example}" logged ${template.after} times by ${template.service} since onset (${template.before} before)`,
      value: template.after,
      values: { service: template.service },
    };
  }
  for (const service of check.service ? [check.service] : services) {
    const found = await telemetry.searchLogs({
      from: onsetOf(context),
      to: atOf(context),
      service,
      q: pattern,
      limit: 1,
    });
    const first = found.items[0];
    if (first)
      return {
        answer: 'yes',
        evidence: `${service} logged "${first.body}" at ${first.timestamp}`,
        value: null,
        values: { service },
      };
  }
  return {
    answer: 'no',
    evidence: `no log line with "${pattern}" since onset`,
    value: null,
    values: noValues(),
  };
};

/** Peak CPU usage since onset against the container's CPU limit, per service (container label). */
const cpuOfLimit: CheckRunner = async (check, { context, services, callees, telemetry }) => {
  const threshold = check.abovePercent ?? 0;
  const targets = check.service ? [check.service] : [...services, ...callees];
  const from = new Date(onsetOf(context).getTime() - 15 * 60_000);
  const to = atOf(context);
  let worst: { service: string; percentOfLimit: number } | null = null;
  for (const service of targets) {
    const usage = await telemetry.queryMetric({
      from,
      to,
      name: CPU_USAGE_METRIC,
      agg: 'rate',
      labels: { container: service },
    });
    const limit = await telemetry.queryMetric({
      from,
      to,
      name: CPU_LIMIT_METRIC,
      agg: 'max',
      labels: { container: service, resource: 'cpu' },
    });
    const peak = maxPoint(usage.series);
    const cores = maxPoint(limit.series);
    if (peak === null || !cores) continue;
    const percentOfLimit = (peak / cores) * 100;
    if (!worst || percentOfLimit > worst.percentOfLimit) worst = { service, percentOfLimit };
  }
  if (!worst)
    return {
      answer: 'unknown',
      evidence: `no ${CPU_USAGE_METRIC} with a CPU limit for ${targets.join(', ')}`,
      value: null,
      values: noValues(),
    };
  return {
    answer: worst.percentOfLimit > threshold ? 'yes' : 'no',
    evidence: `${worst.service} CPU peaked at ${worst.percentOfLimit.toFixed(0)}% of its limit since onset (threshold ${threshold}%)`,
    value: Math.round(worst.percentOfLimit),
    values: { service: worst.service },
  };
};

/** Free disk space per node over the last 6 h, extrapolated linearly to zero. */
const diskFills: CheckRunner = async (check, { context, telemetry }) => {
  const to = atOf(context);
  const result = await telemetry.queryMetric({
    from: new Date(to.getTime() - 6 * 3_600_000),
    to,
    name: DISK_FREE_METRIC,
    agg: 'avg',
    labels: {},
  });
  let soonest: { node: string; hours: number } | null = null;
  for (const series of result.series) {
    const points = series.points.flatMap((p) =>
      p.v === null ? [] : [{ tMs: Date.parse(p.t), freeBytes: p.v }],
    );
    const hours = hoursUntilEmpty(points);
    const node = series.labels.node ?? series.labels.instance ?? 'unknown node';
    if (hours !== null && (!soonest || hours < soonest.hours)) soonest = { node, hours };
  }
  if (result.series.length === 0)
    return {
      answer: 'unknown',
      evidence: `no ${DISK_FREE_METRIC} in the last 6 h`,
      value: null,
      values: noValues(),
    };
  if (!soonest)
    return {
      answer: 'no',
      evidence: 'free disk space is not falling on any node (last 6 h)',
      value: null,
      values: noValues(),
    };
  const hours = Math.round(soonest.hours * 10) / 10;
  return {
    answer: soonest.hours <= check.withinHours ? 'yes' : 'no',
    evidence: `disk of ${soonest.node} fills in ${hours} h at the last 6 h rate (linear extrapolation; horizon ${check.withinHours} h)`,
    value: hours,
    values: { node: soonest.node },
  };
};

function maxPoint(series: ReadonlyArray<{ points: ReadonlyArray<{ v: number | null }> }>): number | null {
  let max: number | null = null;
  for (const s of series)
    for (const p of s.points) if (p.v !== null && (max === null || p.v > max)) max = p.v;
  return max;
}

/** The registry of check queries: adding a query is adding an entry. */
export const CHECK_RUNNERS: Readonly<Record<CheckQuery, CheckRunner>> = {
  'deploy-before-onset': deployBeforeOnset,
  'error-rate': errorRate,
  'log-pattern': logPattern,
  'cpu-of-limit': cpuOfLimit,
  'disk-fills': diskFills,
};

/** An answer that sets no variables. */
function noValues(): Record<string, string> {
  return {};
}
