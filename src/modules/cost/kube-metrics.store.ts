import {
  inInstantRange,
  param,
  type SqlFragment,
  sql,
  type TelemetryStore,
} from '../../stores/telemetry/index.ts';

/**
 * The kube-state-metrics, cAdvisor and node-exporter series cost and capacity read, as Prometheus
 * remote write stores them (one otel_metrics_gauge row per sample, labels in `Attributes`) or as
 * OTLP does after a Collector's Prometheus receiver (gauges likewise; counters as cumulative
 * otel_metrics_sum rows).
 */
export const KUBE_METRICS = {
  requests: 'kube_pod_container_resource_requests',
  limits: 'kube_pod_container_resource_limits',
  podLabels: 'kube_pod_labels',
  podInfo: 'kube_pod_info',
  podOwner: 'kube_pod_owner',
  nodeCapacity: 'kube_node_status_capacity',
  nodeAllocatable: 'kube_node_status_allocatable',
  nodeLabels: 'kube_node_labels',
  pvcRequest: 'kube_persistentvolumeclaim_resource_requests_storage_bytes',
  podPvc: 'kube_pod_spec_volumes_persistentvolumeclaims_info',
  lastTerminated: 'kube_pod_container_status_last_terminated_reason',
  cpuUsage: 'container_cpu_usage_seconds_total',
  memoryWorkingSet: 'container_memory_working_set_bytes',
  fsAvail: 'node_filesystem_avail_bytes',
  fsSize: 'node_filesystem_size_bytes',
} as const;

/** One series' samples within one bucket (an hour, a day, five minutes). */
export interface BucketRow {
  metric: string;
  labels: Record<string, string>;
  /** Bucket start, epoch seconds. */
  t: number;
  avg: number;
  max: number;
  first: number;
  last: number;
  /** Times of the first and last sample in the bucket, epoch seconds. */
  firstSeconds: number;
  lastSeconds: number;
}

export interface BucketQuery {
  metrics: readonly string[];
  fromSeconds: number;
  toSeconds: number;
  stepSeconds: number;
  /** Only series whose label `key` equals `value`. */
  where?: ReadonlyArray<[string, string]>;
}

/**
 * OTLP's cumulative temporality: what a Collector's Prometheus receiver sends for a counter. A
 * delta sum would need adding up rather than differencing, so it is not read.
 */
const CUMULATIVE = 2;

/** The only SQL of the cost and capacity modules. */
export interface KubeMetricsStore {
  buckets(query: BucketQuery): Promise<BucketRow[]>;
}

export function createKubeMetricsStore(telemetry: TelemetryStore): KubeMetricsStore {
  return {
    async buckets(q) {
      if (q.metrics.length === 0) return [];
      const step = param(q.stepSeconds, 'UInt32');
      let cond: SqlFragment = sql`MetricName IN ${param([...q.metrics], 'Array(String)')} AND ${inInstantRange(
        'TimeUnix',
        { from: new Date(q.fromSeconds * 1000), to: new Date(q.toSeconds * 1000) },
      )}`;
      for (const [key, value] of q.where ?? []) cond = sql`${cond} AND Attributes[${key}] = ${value}`;
      const rows = await telemetry.query<BucketRow>(sql`
        SELECT MetricName AS metric, CAST(Attributes, 'Map(String, String)') AS labels,
               toUInt32(intDiv(toUInt32(toDateTime(TimeUnix)), ${step}) * ${step}) AS t,
               avg(Value) AS avg, max(Value) AS max,
               argMin(Value, TimeUnix) AS first, argMax(Value, TimeUnix) AS last,
               toFloat64(toUnixTimestamp64Milli(min(TimeUnix))) / 1000 AS firstSeconds,
               toFloat64(toUnixTimestamp64Milli(max(TimeUnix))) / 1000 AS lastSeconds
        FROM (
          SELECT MetricName, Attributes, TimeUnix, Value FROM otel_metrics_gauge WHERE ${cond}
          UNION ALL
          SELECT MetricName, Attributes, TimeUnix, Value FROM otel_metrics_sum
          WHERE ${cond} AND AggregationTemporality = ${param(CUMULATIVE, 'Int32')}
        )
        GROUP BY metric, labels, t
        ORDER BY metric, toString(labels), t`);
      return rows.map((r) => ({
        ...r,
        t: Number(r.t),
        avg: Number(r.avg),
        max: Number(r.max),
        first: Number(r.first),
        last: Number(r.last),
        firstSeconds: Number(r.firstSeconds),
        lastSeconds: Number(r.lastSeconds),
      }));
    },
  };
}

/**
 * Per-bucket rates of a cumulative counter, per series key. A bucket's increase starts from the
 * previous bucket's last sample when that bucket is the one just before, so no interval is lost;
 * a drop (a container restart) counts the new value from zero.
 */
export function counterRates(
  rows: readonly BucketRow[],
  stepSeconds: number,
  keyOf: (labels: Record<string, string>) => string,
): Map<string, Map<number, number>> {
  const bySeries = new Map<string, BucketRow[]>();
  for (const r of rows) {
    const key = keyOf(r.labels);
    const list = bySeries.get(key) ?? [];
    list.push(r);
    bySeries.set(key, list);
  }
  const out = new Map<string, Map<number, number>>();
  for (const [key, list] of bySeries) {
    list.sort((a, b) => a.t - b.t);
    const rates = new Map<number, number>();
    let previous: BucketRow | undefined;
    for (const r of list) {
      const adjacent = previous !== undefined && previous.t === r.t - stepSeconds;
      const fromValue = adjacent && previous ? previous.last : r.first;
      const fromSeconds = adjacent && previous ? previous.lastSeconds : r.firstSeconds;
      const seconds = r.lastSeconds - fromSeconds;
      if (seconds > 0) rates.set(r.t, (r.last >= fromValue ? r.last - fromValue : r.last) / seconds);
      previous = r;
    }
    out.set(key, rates);
  }
  return out;
}
