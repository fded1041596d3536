/**
 * The zoo's telemetry: the demo shop's traffic on a simulated clock, with faults injected at
 * scheduled times. Spans and logs leave through the services' real OpenTelemetry SDKs (the shop's
 * planner and emitter, with explicit timestamps); resource gauges, which an SDK always stamps with
 * the wall clock, are sent as OTLP/JSON with the simulated time.
 */
import type { Random } from '../../src/demo/random.ts';
import { createFaults, type Fault } from '../../src/demo/shop/faults.ts';
import { planRequest } from '../../src/demo/shop/request-planner.ts';
import { type ServiceTelemetry, startServiceTelemetry } from '../../src/demo/shop/service-telemetry.ts';
import { emitPlannedRequest } from '../../src/demo/shop/span-emitter.ts';
import {
  ENTRY_POINTS,
  SERVICE_PROFILES,
  SHOP_SERVICES,
  type ShopService,
} from '../../src/demo/shop/topology.ts';
import {
  BASE_MEMORY_BYTES,
  FAULT_CLASSES,
  type FaultClassName,
  type Injection,
} from '../../src/demo/zoo/fault-classes.ts';
import { exportBatches } from '../rca/otlp-http-export.ts';
import { type GaugePoint, gaugesRequest } from '../rca/otlp-json.ts';

/** One scheduled fault. */
export interface ZooFault {
  index: number;
  className: FaultClassName;
  /** The service at fault; undefined for a load shift (nothing should be named). */
  truth: ShopService | undefined;
  onsetMs: number;
  endMs: number;
  description: string;
  injection: Injection;
  /** Where it was injected (for a load shift: the entry service). */
  service: ShopService;
}

export interface ZooPlan {
  faults: ZooFault[];
  startMs: number;
  endMs: number;
}

/**
 * Spreads `perClass` faults of each class over a timeline: a warm-up, then one slot per fault in a
 * seeded random order, each fault on a seeded random eligible service, starting one minute into its
 * slot and lasting `faultMinutes` (the context is read when it ends, and the incident resolved).
 */
export function planZoo(options: {
  classes: readonly FaultClassName[];
  perClass: number;
  random: Random;
  endMs: number;
  warmupMinutes: number;
  slotMinutes: number;
  faultMinutes: number;
}): ZooPlan {
  const { random, classes, perClass } = options;
  const order = classes.flatMap((name) => Array.from({ length: perClass }, () => name));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j] as FaultClassName, order[i] as FaultClassName];
  }
  const minute = 60_000;
  const startMs = options.endMs - (options.warmupMinutes + order.length * options.slotMinutes) * minute;
  const faults = order.map((className, index) => {
    const type = FAULT_CLASSES[className];
    const service = type.eligible[Math.floor(random.next() * type.eligible.length)] ?? 'frontend';
    const injection = type.inject(service, random);
    const onsetMs = startMs + (options.warmupMinutes + index * options.slotMinutes + 1) * minute;
    return {
      index,
      className,
      truth: injection.truth,
      service,
      onsetMs,
      endMs: onsetMs + options.faultMinutes * minute,
      description: injection.description,
      injection,
    };
  });
  return { faults, startMs, endMs: options.endMs };
}

export interface ZooTarget {
  url: string;
  token: string;
}

/** Counts of what was sent. */
export interface ZooTraffic {
  requests: number;
  gaugePoints: number;
}

const GAUGE_INTERVAL_MS = 30_000;
const TICK_MS = 1000;

/** Plays the plan's whole timeline into Cairn at `target`, `rps` frontend requests per second. */
export async function playZoo(
  plan: ZooPlan,
  target: ZooTarget,
  random: Random,
  rps: number,
): Promise<ZooTraffic> {
  const faults = createFaults();
  const otlp = {
    url: target.url,
    token: target.token,
    environment: 'production',
    metricIntervalMs: 86_400_000,
  };
  const versions = new Map<ShopService, string>(SHOP_SERVICES.map((s) => [s, SERVICE_PROFILES[s].version]));
  const start = (service: ShopService) =>
    startServiceTelemetry(
      SERVICE_PROFILES[service].telemetryName,
      versions.get(service) ?? 'v0',
      otlp,
      () => 0,
    );
  const instances = new Map<ShopService, ServiceTelemetry>(SHOP_SERVICES.map((s) => [s, start(s)]));
  const retired: ServiceTelemetry[] = [];
  const restart = (service: ShopService) => {
    const previous = instances.get(service);
    if (previous) retired.push(previous);
    instances.set(service, start(service));
  };
  const instanceOf = (service: ShopService) => {
    const instance = instances.get(service);
    if (!instance) throw new Error(`no instance of ${service}`);
    return instance;
  };
  const served = new Map<ShopService, number>();
  const active = new Map<number, { zoo: ZooFault; fault: Fault }>();
  let gauges: GaugePoint[] = [];
  let requests = 0;
  let gaugePoints = 0;

  const flush = async () => {
    await Promise.all([...instances.values(), ...retired].map((i) => i.flush()));
    await Promise.all(retired.splice(0).map((i) => i.shutdown()));
    if (gauges.length > 0) {
      await exportBatches(target, 'metrics', [gauges], gaugesRequest, () => {});
      gaugePoints += gauges.length;
      gauges = [];
    }
  };

  for (let atMs = plan.startMs; atMs < plan.endMs; atMs += TICK_MS) {
    for (const zoo of plan.faults) {
      if (zoo.onsetMs === atMs) {
        const fault: Fault = { ...zoo.injection.fault, id: `zoo-${zoo.index}` };
        faults.add(fault);
        active.set(zoo.index, { zoo, fault });
        if (zoo.injection.deployVersion) {
          versions.set(zoo.service, zoo.injection.deployVersion);
          restart(zoo.service);
        }
      } else if (zoo.endMs === atMs) {
        faults.remove(`zoo-${zoo.index}`);
        active.delete(zoo.index);
        if (zoo.injection.deployVersion) {
          versions.set(zoo.service, SERVICE_PROFILES[zoo.service].version);
          restart(zoo.service);
        }
      }
    }
    let extra: { route: string; rate: number } | undefined;
    for (const { zoo, fault } of active.values()) {
      if (zoo.injection.step?.(atMs - zoo.onsetMs, fault) && zoo.service) restart(zoo.service);
      const traffic = zoo.injection.traffic;
      if (traffic) {
        const share = (ENTRY_POINTS.find((e) => e.value === traffic.route)?.weight ?? 0) / 100;
        extra = { route: traffic.route, rate: rps * share * (traffic.factor - 1) };
      }
    }
    const count = random.poisson(rps);
    const surged = extra ? random.poisson(extra.rate) : 0;
    for (let i = 0; i < count + surged; i++) {
      const entry = i >= count && extra ? extra.route : random.weighted(ENTRY_POINTS);
      const plan = planRequest(entry, random, faults);
      const endMs = atMs + random.next() * TICK_MS;
      emitPlannedRequest(plan, endMs - plan.durationMs, instanceOf, (service) =>
        served.set(service, (served.get(service) ?? 0) + 1),
      );
      requests++;
    }
    if ((atMs - plan.startMs) % GAUGE_INTERVAL_MS === GAUGE_INTERVAL_MS - TICK_MS) {
      gauges.push(...gaugesAt(atMs, served, active, random, rps));
      served.clear();
    }
    if ((atMs - plan.startMs) % 60_000 === 60_000 - TICK_MS) await flush();
  }
  await flush();
  await Promise.all([...instances.values()].map((i) => i.shutdown()));
  return { requests, gaugePoints };
}

/**
 * Each service's CPU, memory and GC gauges for the last interval: CPU in proportion to the requests
 * it served (a load shift moves it, per request it stays the same), memory and GC flat with a little
 * jitter, unless a fault in effect says otherwise.
 */
function gaugesAt(
  atMs: number,
  served: ReadonlyMap<ShopService, number>,
  active: ReadonlyMap<number, { zoo: ZooFault; fault: Fault }>,
  random: Random,
  rps: number,
): GaugePoint[] {
  const timeNs = BigInt(atMs) * 1_000_000n;
  const points: GaugePoint[] = [];
  for (const service of SHOP_SERVICES) {
    const resource = resourceOf(service);
    const perSecond = (served.get(service) ?? 0) / (GAUGE_INTERVAL_MS / 1000);
    const jitter = () => 0.95 + 0.1 * random.next();
    let cpu = Math.min(1, (0.02 + (SERVICE_PROFILES[service].peakCpu * perSecond) / rps) * jitter());
    let memoryBytes = BASE_MEMORY_BYTES * (0.98 + 0.04 * random.next());
    let gcPauseRatio = 0.01 * jitter();
    for (const { zoo } of active.values()) {
      if (zoo.service !== service || !zoo.injection.gauges) continue;
      const override = zoo.injection.gauges(atMs - zoo.onsetMs);
      cpu = override.cpu !== undefined ? override.cpu * jitter() : cpu;
      memoryBytes = override.memoryBytes ?? memoryBytes;
      gcPauseRatio = override.gcPauseRatio ?? gcPauseRatio;
    }
    points.push(
      { resource, name: 'process.cpu.utilization', unit: '1', timeNs, value: Math.min(1, cpu) },
      { resource, name: 'process.memory.usage', unit: 'By', timeNs, value: memoryBytes },
      { resource, name: 'process.runtime.gc.pause_ratio', unit: '1', timeNs, value: gcPauseRatio },
    );
  }
  return points;
}

const resources = new Map<ShopService, Record<string, string>>();
function resourceOf(service: ShopService): Record<string, string> {
  let resource = resources.get(service);
  if (!resource) {
    resource = { 'service.name': SERVICE_PROFILES[service].telemetryName, 'service.namespace': 'shop' };
    resources.set(service, resource);
  }
  return resource;
}
