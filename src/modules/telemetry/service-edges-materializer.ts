import type { Clock } from '../../kernel/clock.ts';
import type { TelemetryStore } from '../../stores/telemetry/index.ts';
import { createServiceEdgesStore } from './service-edges.store.ts';
import type { TimeRange } from './time-range.ts';

const MINUTE_MS = 60_000;

/**
 * A minute is closed — its edges are materialised — once this long has passed after its end. Spans
 * are exported when they end, so a caller span from the minute's last second arrives after its own
 * duration plus the exporter's batching delay; spans arriving later than this are not counted in the
 * graph for minutes already materialised (the trade-off docs/adr/0003-service-graph.md describes).
 */
export const CLOSE_LAG_MS = 90_000;
/** The most minutes one run pairs, so catching up after a pause is a series of bounded runs. */
export const MAX_MINUTES_PER_RUN = 60;
/** On the first run, how far back materialising starts; older ranges are paired at query time. */
export const INITIAL_LOOKBACK_MS = 24 * 60 * MINUTE_MS;
/** How often the leader runs the job; a minute closes every 60 s, so a run usually has one to do. */
export const MATERIALIZE_INTERVAL_MS = 20_000;

/** What one run did: the minutes it materialised (null when none were due) and the watermark after. */
export interface MaterializeOutcome {
  materialised: TimeRange | null;
  progress: TimeRange | null;
}

/** A periodic job for the leader-elected scheduler (structurally a server/scheduler PeriodicJob). */
export interface ServiceEdgesJob {
  name: string;
  intervalMs: number;
  run(): Promise<void>;
}

/** The job that fills cairn_service_edges_1m, and a way to run it once (tests, the benchmark). */
export interface ServiceEdgesMaterializer {
  runOnce(): Promise<MaterializeOutcome>;
  job: ServiceEdgesJob;
}

/**
 * Materialises the service-graph edges of closed minutes after the watermark, oldest first, at most
 * {@link MAX_MINUTES_PER_RUN} per run. Idempotent: a minute is paired once, and rows left by a run that
 * stopped between inserting and recording progress are deleted before those minutes are paired again.
 * Runs must not overlap (the scheduler guarantees it on the one leader).
 */
export function createServiceEdgesMaterializer(deps: {
  telemetry: TelemetryStore;
  clock: Clock;
}): ServiceEdgesMaterializer {
  const edges = createServiceEdgesStore(deps.telemetry);

  const runOnce = async (): Promise<MaterializeOutcome> => {
    const now = deps.clock.now();
    const closedEnd = floorMinute(now.getTime() - CLOSE_LAG_MS);
    const progress = await edges.progress();
    let first: number;
    if (progress) {
      first = progress.from.getTime();
    } else {
      const earliest = await edges.firstSpanMinute({
        from: new Date(closedEnd - INITIAL_LOOKBACK_MS),
        to: new Date(closedEnd),
      });
      // Nothing to pair yet: start when the first span shows up, not at an arbitrary "now".
      if (!earliest) return { materialised: null, progress: null };
      first = earliest.getTime();
    }
    const start = progress ? progress.to.getTime() : first;
    const end = Math.min(closedEnd, start + MAX_MINUTES_PER_RUN * MINUTE_MS);
    if (end <= start) return { materialised: null, progress };
    const window = { from: new Date(start), to: new Date(end) };
    await edges.discardFrom(window.from);
    await edges.materialise(window);
    const next = { from: new Date(first), to: window.to };
    await edges.recordProgress(next, now);
    return { materialised: window, progress: next };
  };

  return {
    runOnce,
    job: {
      name: 'service-edges-materialize',
      intervalMs: MATERIALIZE_INTERVAL_MS,
      run: async () => {
        await runOnce();
      },
    },
  };
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}
