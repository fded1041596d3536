import type { Clock } from '../../kernel/clock.ts';
import { InputError, NotFoundError } from '../../kernel/errors.ts';
import type { TelemetryStore } from '../../stores/telemetry/index.ts';
import {
  ATTRIBUTE_PREFIX,
  type LogList,
  type LogSearchQuery,
  type MetricAgg,
  type MetricName,
  type MetricQuery,
  type MetricQueryResult,
  type RedSeries,
  type ServiceGraph,
  type Trace,
  type TraceSearchQuery,
  type TraceSummary,
} from './contract.ts';
import { cutLogPage, decodeLogCursor, encodeLogCursor, severityFloor, tokenizeQuery } from './log-search.ts';
import { createLogsStore } from './logs.store.ts';
import { queryMetricSeries } from './metric-query.ts';
import { createMetricsStore } from './metrics.store.ts';
import { createRedStore } from './red.store.ts';
import { createServiceGraphStore } from './service-graph.store.ts';
import { assembleServiceGraph } from './service-graph.ts';
import { epochSecondsToIso, nsToMs } from './time-format.ts';
import { bucketStarts, chooseStep, formatStep, resolveRange, type TimeRange } from './time-range.ts';
import { createTracesStore } from './traces.store.ts';

/** A `from`/`to` pair as it arrives from a route (both optional). */
export interface RangeInput {
  from?: Date | undefined;
  to?: Date | undefined;
}

/** The use cases behind the telemetry query API. */
export interface TelemetryQueryService {
  serviceGraph(input: RangeInput): Promise<ServiceGraph>;
  /** Which service calls which (and which the users call), without counts or latencies. */
  serviceEdges(input: RangeInput): Promise<{ source: string; target: string }[]>;
  red(
    service: string,
    input: RangeInput & { step?: number | undefined; operation?: string | undefined },
  ): Promise<RedSeries>;
  trace(traceId: string): Promise<Trace>;
  searchTraces(input: TraceSearchQuery): Promise<TraceSummary[]>;
  searchLogs(input: LogSearchQuery): Promise<LogList>;
  queryMetric(input: MetricQuery): Promise<MetricQueryResult>;
  metricNames(input: RangeInput & { service?: string | undefined }): Promise<MetricName[]>;
}

/** Dependencies of {@link createTelemetryQueryService}. */
export interface TelemetryQueryDeps {
  telemetry: TelemetryStore;
  clock: Clock;
}

const KNOWN_LOG_PARAMS = new Set(['from', 'to', 'service', 'severity', 'q', 'traceId', 'limit', 'cursor']);
const KNOWN_METRIC_PARAMS = new Set(['from', 'to', 'name', 'service', 'agg', 'step']);

/** Builds the query use cases over the telemetry store. */
export function createTelemetryQueryService({ telemetry, clock }: TelemetryQueryDeps): TelemetryQueryService {
  const graph = createServiceGraphStore(telemetry);
  const red = createRedStore(telemetry);
  const traces = createTracesStore(telemetry);
  const logs = createLogsStore(telemetry);
  const metrics = createMetricsStore(telemetry);
  const range = (input: RangeInput): TimeRange => resolveRange(input, clock.now());

  return {
    async serviceGraph(input) {
      const r = range(input);
      const [rows, services] = await Promise.all([graph.graphRows(r), graph.serviceStats(r)]);
      return assembleServiceGraph(rows, services);
    },

    serviceEdges(input) {
      return graph.edgePairs(range(input));
    },

    async red(service, input) {
      const r = range(input);
      const step = chooseStep(r, input.step);
      const starts = bucketStarts(r, step);
      const first = starts[0] ?? 0;
      const rows = await red.buckets({
        service,
        operation: input.operation,
        fromSeconds: first,
        toSeconds: (starts.at(-1) ?? first) + step,
        stepSeconds: step,
      });
      const byStart = new Map(rows.map((row) => [row.t, row]));
      const points = starts.map((t) => {
        const row = byStart.get(t);
        const calls = row?.calls ?? 0;
        return {
          t: epochSecondsToIso(t),
          rate: calls / step,
          errorRate: row && calls > 0 ? row.errors / calls : 0,
          p50Ms: row && calls > 0 ? nsToMs(row.q[0]) : null,
          p95Ms: row && calls > 0 ? nsToMs(row.q[1]) : null,
          p99Ms: row && calls > 0 ? nsToMs(row.q[2]) : null,
        };
      });
      return { service, operation: input.operation ?? null, step: formatStep(step), points };
    },

    async trace(traceId) {
      const window = await traces.window([traceId]);
      const spans = window ? await traces.spans(traceId, window) : [];
      if (!window || spans.length === 0) throw new NotFoundError(`Trace ${traceId} was not found`);
      const startMs = Math.min(...spans.map((s) => Date.parse(s.startTime)));
      const endMs = Math.max(...spans.map((s) => Date.parse(s.startTime) + s.durationMs));
      const logRecords = await traces.logs(
        traceId,
        Math.floor(startMs / 1000) - 60,
        Math.ceil(endMs / 1000) + 60,
      );
      return { traceId, spans, logs: logRecords };
    },

    async searchTraces(input) {
      const ids = await traces.findTraceIds({ ...input, range: range(input) });
      if (ids.length === 0) return [];
      const window = await traces.window(ids);
      return window ? traces.summaries(ids, window) : [];
    },

    async searchLogs(input) {
      const r = range(input);
      const attributes = extraParams(input, KNOWN_LOG_PARAMS).map(([key, value]): [string, string] => {
        if (!key.startsWith(ATTRIBUTE_PREFIX) || key.length === ATTRIBUTE_PREFIX.length) {
          throw new InputError(
            `query.${key}: unknown parameter; attribute filters are attr.<key>=<value>`,
            `query.${key}`,
          );
        }
        return [key.slice(ATTRIBUTE_PREFIX.length), value];
      });
      const cursor = input.cursor === undefined ? undefined : decodeLogCursor(input.cursor);
      const rows = await logs.search({
        range: r,
        service: input.service,
        severity: input.severity ? severityFloor(input.severity) : undefined,
        words: input.q === undefined ? undefined : tokenizeQuery(input.q),
        traceId: input.traceId,
        attributes,
        cursor,
        fetch: input.limit + (cursor?.skip ?? 0) + 1,
      });
      const { page, next } = cutLogPage(rows, cursor, input.limit);
      return { items: page.map((row) => row.log), nextCursor: next ? encodeLogCursor(next) : null };
    },

    async queryMetric(input) {
      const r = range(input);
      const step = chooseStep(r, input.step);
      const labels = extraParams(input, KNOWN_METRIC_PARAMS);
      const agg: MetricAgg = input.agg;
      const series = await queryMetricSeries(metrics, {
        name: input.name,
        service: input.service,
        labels,
        range: r,
        step,
        agg,
      });
      return { name: input.name, agg, step: formatStep(step), series };
    },

    async metricNames(input) {
      const r = range(input);
      return metrics.names({ service: input.service, range: r });
    },
  };
}

/** Query keys beyond the declared ones (label and attribute matchers), as string pairs. */
function extraParams(input: Record<string, unknown>, known: ReadonlySet<string>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(input)) {
    if (known.has(key)) continue;
    if (typeof value !== 'string')
      throw new InputError(`query.${key}: must be given once, as text`, `query.${key}`);
    pairs.push([key, value]);
  }
  return pairs;
}
