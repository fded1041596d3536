import { param, type SqlFragment, sql, type TelemetryStore } from '../../stores/telemetry/index.ts';

/** One step bucket of RED from cairn_red_1m; durations in ns. */
export interface RedBucketRow {
  /** Bucket start, epoch seconds. */
  t: number;
  calls: number;
  errors: number;
  /** p50, p95, p99 in ns. */
  q: [number, number, number];
}

/** The only SQL over cairn_red_1m (migration 0003). */
export interface RedStore {
  /**
   * Buckets of `stepSeconds` (aligned to the epoch) whose start lies in `[fromSeconds, toSeconds)`,
   * for a service and optionally one operation. Buckets without requests are absent.
   */
  buckets(input: {
    service: string;
    operation: string | undefined;
    fromSeconds: number;
    toSeconds: number;
    stepSeconds: number;
  }): Promise<RedBucketRow[]>;
}

/** Creates the RED queries over `telemetry`. */
export function createRedStore(telemetry: TelemetryStore): RedStore {
  return {
    buckets({ service, operation, fromSeconds, toSeconds, stepSeconds }) {
      const step = param(stepSeconds, 'UInt32');
      const byOperation: SqlFragment = operation === undefined ? sql`` : sql`AND SpanName = ${operation}`;
      return telemetry.query<RedBucketRow>(sql`
        SELECT toUInt32(intDiv(toUInt32(Minute), ${step}) * ${step}) AS t,
               toUInt32(countMerge(Calls)) AS calls,
               toUInt32(countIfMerge(Errors)) AS errors,
               quantilesMerge(0.5, 0.95, 0.99)(DurationQuantiles) AS q
        FROM cairn_red_1m
        WHERE ServiceName = ${service} ${byOperation}
          AND Minute >= toDateTime(${param(fromSeconds, 'UInt32')})
          AND Minute < toDateTime(${param(toSeconds, 'UInt32')})
        GROUP BY t
        ORDER BY t`);
    },
  };
}
