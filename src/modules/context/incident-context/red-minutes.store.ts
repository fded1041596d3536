import { sql, type TelemetryStore } from '../../../stores/telemetry/index.ts';

/** One minute of one service's RED (Server and Consumer spans, from cairn_red_1m). */
export interface RedMinute {
  service: string;
  /** Minute start, epoch seconds. */
  t: number;
  calls: number;
  errors: number;
  p99Ms: number;
}

/** RED of one service over a whole window; p99 merged exactly from the quantile states. */
export interface RedWindow {
  service: string;
  calls: number;
  errors: number;
  p99Ms: number | null;
}

/**
 * Per-minute RED of `services` in [from, to). One scan of the pre-aggregated table answers every
 * before/after comparison of every change, so the cost does not grow with the number of changes.
 */
export async function queryRedMinutes(
  store: TelemetryStore,
  services: readonly string[],
  from: Date,
  to: Date,
): Promise<RedMinute[]> {
  if (services.length === 0) return [];
  const rows = await store.query<RedMinute>(sql`
    SELECT ServiceName AS service,
           toUInt32(Minute) AS t,
           toUInt32(countMerge(Calls)) AS calls,
           toUInt32(countIfMerge(Errors)) AS errors,
           quantilesMerge(0.5, 0.95, 0.99)(DurationQuantiles)[3] / 1e6 AS p99Ms
    FROM cairn_red_1m
    WHERE ServiceName IN ${services}
      AND Minute >= toStartOfMinute(${from}) AND Minute < ${to}
    GROUP BY service, t
    ORDER BY service, t`);
  return rows;
}

/** RED of `services` in [from, to) as one window each; services without requests are absent. */
export async function queryRedWindow(
  store: TelemetryStore,
  services: readonly string[],
  from: Date,
  to: Date,
): Promise<RedWindow[]> {
  if (services.length === 0) return [];
  return store.query<RedWindow>(sql`
    SELECT ServiceName AS service,
           toUInt32(countMerge(Calls)) AS calls,
           toUInt32(countIfMerge(Errors)) AS errors,
           quantilesMerge(0.5, 0.95, 0.99)(DurationQuantiles)[3] / 1e6 AS p99Ms
    FROM cairn_red_1m
    WHERE ServiceName IN ${services}
      AND Minute >= toStartOfMinute(${from}) AND Minute < ${to}
    GROUP BY service`);
}
