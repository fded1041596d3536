/**
 * Demo time. Scenario time runs `speed` times faster than the wall clock, so `--speed 10` plays a
 * 60-second scenario offset in 6 seconds. Telemetry timestamps stay on the wall clock: Cairn only
 * ever sees real, current data, exactly as from a user's services.
 */
export interface DemoClock {
  readonly speed: number;
  /** Wall-clock milliseconds for a span of scenario seconds. */
  wallMs(scenarioSeconds: number): number;
  /** The simulated hour of day (0-24) at a wall-clock time: one simulated day per wall hour at speed 1. */
  hourOfDay(wallMs: number): number;
}

/**
 * Minutes of past shop traffic replayed at start: enough for before/after comparisons (RED is per
 * minute). Here rather than beside the replay so the CLI can show it without loading the shop.
 */
export const DEFAULT_HISTORY_MINUTES = 15;

/** The simulated day starts mid-morning so a newcomer sees busy traffic first. */
const START_HOUR = 10;
/** At speed 1 a simulated day lasts one wall-clock hour, so its shape is visible in a session. */
const SIMULATED_HOURS_PER_WALL_HOUR = 24;

export function createDemoClock({ speed, startedAtMs }: { speed: number; startedAtMs: number }): DemoClock {
  if (!(speed > 0)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  return {
    speed,
    wallMs: (scenarioSeconds) => (scenarioSeconds * 1000) / speed,
    hourOfDay: (wallMs) => {
      const elapsedHours = ((wallMs - startedAtMs) / 3_600_000) * SIMULATED_HOURS_PER_WALL_HOUR * speed;
      return (((START_HOUR + elapsedHours) % 24) + 24) % 24;
    },
  };
}

/**
 * Share of peak traffic at an hour of day: a night trough of 25% around 04:00, the peak at 16:00
 * (a raised cosine, the usual shape of a consumer shop's day).
 */
export function dailyTrafficShare(hourOfDay: number): number {
  const phase = (2 * Math.PI * (hourOfDay - 4)) / 24;
  return 0.25 + 0.75 * (0.5 - 0.5 * Math.cos(phase));
}

/** Timers that can all be cancelled at shutdown, so a stopped demo leaves nothing scheduled. */
export interface Timers {
  after(ms: number, run: () => void | Promise<void>): void;
  every(ms: number, run: () => void | Promise<void>): void;
  /** Cancels everything scheduled; later calls to after/every do nothing. */
  clear(): void;
  /** Resolves when the runs already started have finished (after clear(), before closing the server). */
  settled(): Promise<void>;
}

export function createTimers(onError: (error: unknown) => void): Timers {
  const pending = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let cleared = false;
  const guard = (run: () => void | Promise<void>) => () => {
    if (cleared) return;
    const done: Promise<void> = Promise.resolve()
      .then(run)
      .catch(onError)
      .finally(() => running.delete(done));
    running.add(done);
  };
  return {
    after: (ms, run) => {
      if (cleared) return;
      const timer: NodeJS.Timeout = setTimeout(
        () => {
          pending.delete(timer);
          guard(run)();
        },
        Math.max(0, ms),
      );
      pending.add(timer);
    },
    every: (ms, run) => {
      if (cleared) return;
      pending.add(setInterval(guard(run), Math.max(1, ms)));
    },
    clear: () => {
      cleared = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
    settled: async () => {
      await Promise.all([...running]);
    },
  };
}
