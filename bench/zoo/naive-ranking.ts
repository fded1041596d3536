import { sql, type TelemetryStore } from '../../src/stores/telemetry/index.ts';

/** Fewest percentage points of error-rate rise for the naive baseline to name a service. */
const MIN_RISE = 0.01;

/**
 * The naive baseline the zoo compares with: services ranked by how much their span error rate rose
 * after onset against the 30 minutes before, every erroring span counted as its service's own (no
 * propagation, no latency, logs or gauges). Services whose rate rose by less than a point are not
 * named, so a fault that shows no errors leaves the list empty.
 */
export async function naiveRanking(store: TelemetryStore, onset: Date, at: Date): Promise<string[]> {
  const from = new Date(onset.getTime() - 30 * 60_000);
  const rows = await store.query<{ service: string; rise: number }>(sql`SELECT ServiceName AS service,
  countIf(StatusCode = 'Error' AND Timestamp >= ${onset}) / greatest(countIf(Timestamp >= ${onset}), 1)
    - countIf(StatusCode = 'Error' AND Timestamp < ${onset}) / greatest(countIf(Timestamp < ${onset}), 1) AS rise
FROM otel_traces WHERE Timestamp >= ${from} AND Timestamp < ${at}
GROUP BY service HAVING rise >= ${MIN_RISE} ORDER BY rise DESC, service`);
  return rows.map((r) => r.service);
}
