import { type DemoClock, dailyTrafficShare, type Timers } from '../demo-clock.ts';
import type { Random } from '../random.ts';
import { createFaults, type Faults } from './faults.ts';
import { releaseFault, releaseFaultId } from './releases.ts';
import { planRequest } from './request-planner.ts';
import { createRequestStats, type RequestStats } from './request-stats.ts';
import { type OtlpTarget, type ServiceTelemetry, startServiceTelemetry } from './service-telemetry.ts';
import { emitPlannedRequest } from './span-emitter.ts';
import { ENTRY_POINTS, SERVICE_PROFILES, SHOP_SERVICES, type ShopService } from './topology.ts';

export interface ShopOptions {
  target: OtlpTarget;
  clock: DemoClock;
  random: Random;
  timers: Timers;
  /** Frontend requests per second at the daily peak. */
  peakRps: number;
  /** The version each service runs at start (what its Argo CD application has synced). */
  versions: (service: ShopService) => string;
  now?: () => number;
}

/** The running shop: its services' instances, the faults in effect, and its request counters. */
export interface Shop {
  readonly faults: Faults;
  readonly stats: RequestStats;
  versionOf(service: ShopService): string;
  /** Replaces the service's instance with one running `version` (what a rollout does), bugs and all. */
  deploy(service: ShopService, version: string): Promise<void>;
  /** Starts the traffic loop. */
  start(): void;
  /** Simulates `count` frontend requests now; returns their trace ids. */
  simulate(count: number): string[];
  /**
   * Replays the last `minutes` of ordinary traffic with past timestamps, so Cairn starts with a
   * baseline: a change right after start can then be compared with what came before it.
   */
  backfill(minutes: number): Promise<void>;
  /** Exports everything buffered, then stops every exporter. */
  shutdown(): Promise<void>;
}

const TICK_MS = 250;
const BACKFILL_FLUSH_EVERY_MS = 15_000;

/**
 * Builds the shop. Requests are generated in-process, with no network between the services, but
 * every span, log and metric leaves through a real OpenTelemetry SDK exporter over OTLP/HTTP.
 */
export function createShop({
  target,
  clock,
  random,
  timers,
  peakRps,
  versions,
  now = Date.now,
}: ShopOptions): Shop {
  const faults = createFaults();
  const stats = createRequestStats();
  const trafficShare = () => dailyTrafficShare(clock.hourOfDay(now()));
  const cpuOf = (service: ShopService) => {
    const saturated = faults.cpuOf(service);
    if (saturated !== undefined) return Math.min(1, saturated + (random.next() - 0.5) * 0.04);
    const base = SERVICE_PROFILES[service].peakCpu * (0.15 + 0.85 * trafficShare());
    return Math.max(0.01, base * (0.9 + 0.2 * random.next()));
  };
  const instances = new Map<ShopService, ServiceTelemetry>();
  const retiring = new Set<Promise<void>>();
  const start = (service: ShopService, version: string) => {
    // The release's own bug, if it has one, comes and goes with the instance running it.
    faults.remove(releaseFaultId(service));
    const bug = releaseFault(service, version);
    if (bug) faults.add(bug);
    return startServiceTelemetry(SERVICE_PROFILES[service].telemetryName, version, target, () =>
      cpuOf(service),
    );
  };
  for (const service of SHOP_SERVICES) instances.set(service, start(service, versions(service)));
  const instanceOf = (service: ShopService): ServiceTelemetry => {
    const instance = instances.get(service);
    if (!instance) throw new Error(`no instance of ${service}`);
    return instance;
  };

  const simulateAt = (count: number, nowMs: number): string[] => {
    const traceIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const plan = planRequest(random.weighted(ENTRY_POINTS), random, faults);
      // Requests end within the last tick, never in the future: Cairn sees finished spans.
      const endMs = nowMs - random.next() * TICK_MS;
      traceIds.push(
        emitPlannedRequest(plan, endMs - plan.durationMs, instanceOf, (service, failed) =>
          stats.record(service, failed, endMs),
        ),
      );
    }
    return traceIds;
  };
  const simulate = (count: number) => simulateAt(count, now());
  const perTick = (atMs: number) =>
    random.poisson((peakRps * dailyTrafficShare(clock.hourOfDay(atMs)) * TICK_MS) / 1000);

  return {
    faults,
    stats,
    versionOf: (service) => instanceOf(service).version,
    deploy: async (service, version) => {
      const previous = instanceOf(service);
      instances.set(service, start(service, version));
      // The old instance drains in the background (its exporters flush); shutdown() waits for it.
      const retired = previous.shutdown().finally(() => retiring.delete(retired));
      retiring.add(retired);
    },
    start: () => {
      timers.every(TICK_MS, () => {
        simulate(perTick(now()));
      });
    },
    simulate,
    backfill: async (minutes) => {
      const endMs = now();
      for (let atMs = endMs - minutes * 60_000; atMs < endMs; atMs += TICK_MS) {
        simulateAt(perTick(atMs), atMs);
        // Export every 15 simulated seconds: the SDK queues are bounded and would drop the rest,
        // and a smaller flush stays within Cairn's ingest admission and write-queue caps.
        if ((atMs - endMs) % BACKFILL_FLUSH_EVERY_MS === 0) {
          await Promise.all([...instances.values()].map((instance) => instance.flush()));
        }
      }
      await Promise.all([...instances.values()].map((instance) => instance.flush()));
    },
    shutdown: async () => {
      await Promise.all([...retiring]);
      await Promise.all([...instances.values()].map((instance) => instance.shutdown()));
    },
  };
}
