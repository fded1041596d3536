import type { Random } from '../random.ts';
import type { Fault } from '../shop/faults.ts';
import { OPERATIONS, SHOP_SERVICES, type ShopService } from '../shop/topology.ts';

/**
 * The fault zoo: one class per way a service goes wrong, each with the physical model it follows.
 * An injection is the {@link Fault} the request planner applies while it lasts, plus what the
 * service's resource gauges read meanwhile, and (for the time-dependent ones) a step per simulated
 * second. The classes are written from how the fault behaves, never from how a ranking reads it.
 */
export interface FaultClass {
  name: FaultClassName;
  /** The physical model, one sentence (docs/rca.md lists them). */
  physics: string;
  /** Services it may be injected on: where the model applies. */
  eligible: readonly ShopService[];
  inject(service: ShopService, random: Random): Injection;
}

export const FAULT_CLASS_NAMES = [
  'network-delay-ingress',
  'network-delay-egress',
  'packet-loss',
  'cpu-saturation',
  'memory-leak',
  'slow-database',
  'dependency-outage',
  'silent-exception',
  'changed-return-value',
  'bad-config-deploy',
  'noisy-neighbour',
] as const;
export type FaultClassName = (typeof FAULT_CLASS_NAMES)[number];

/** Resource gauge levels a service reports; undefined = what its load gives. */
export interface GaugeOverride {
  cpu?: number;
  memoryBytes?: number;
  gcPauseRatio?: number;
}

/** One fault in effect, from its onset. */
export interface Injection {
  /** The service at fault, or undefined when nothing is (a load shift). */
  truth: ShopService | undefined;
  /** What the planner applies; its `id` is set by whoever schedules it. */
  fault: Omit<Fault, 'id'>;
  /** A sentence naming what was injected, with its parameters. */
  description: string;
  /** A new version rolls out with the fault (a deploy); the previous one comes back after it. */
  deployVersion?: string;
  /** An entry route whose traffic is multiplied while it lasts (a load shift). */
  traffic?: { route: string; factor: number };
  /** Gauge levels while it lasts. */
  gauges?(elapsedMs: number): GaugeOverride;
  /**
   * Per simulated second since onset: changes to the fault (a leak filling the heap, a restart).
   * Returns true when the service restarted in this second (a new instance comes up).
   */
  step?(elapsedMs: number, fault: Fault): boolean;
}

/** A service's resident memory with nothing wrong, and the container limit it is killed at. */
export const BASE_MEMORY_BYTES = 250 * 1024 * 1024;
export const MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;
/** Seconds a killed container takes to come back (image cached, readiness probe passes). */
const RESTART_SECONDS = 8;

const ALL: readonly ShopService[] = SHOP_SERVICES;
const BACKENDS: readonly ShopService[] = SHOP_SERVICES.filter((s) => s !== 'frontend');
/** Services that own a database (cart: redis; catalog and checkout: postgres). */
const WITH_DATABASE: readonly ShopService[] = ['cart', 'productcatalog', 'checkout'];
/** Services whose operations do further work a changed value can skip. */
const WITH_STEPS: readonly ShopService[] = ALL.filter((service) =>
  Object.values(OPERATIONS).some((op) => op.service === service && op.steps.length > 0),
);

const between = (random: Random, low: number, high: number) => low + (high - low) * random.next();

const networkDelay = (direction: 'ingress' | 'egress'): FaultClass => ({
  name: `network-delay-${direction}`,
  physics:
    `tc netem delays every packet ${direction === 'ingress' ? 'entering' : 'leaving'} the pod: each call into ` +
    'it and each call it makes waits on the wire once per request or response leg; its own work is unchanged',
  eligible: ALL,
  inject: (service, random) => {
    const delayMs = Math.round(between(random, 100, 500));
    return {
      truth: service,
      fault: { service, network: { direction, delayMs } },
      description: `${direction} delay of ${delayMs} ms on ${service}`,
    };
  },
});

export const FAULT_CLASSES: Record<FaultClassName, FaultClass> = {
  'network-delay-ingress': networkDelay('ingress'),
  'network-delay-egress': networkDelay('egress'),
  'packet-loss': {
    name: 'packet-loss',
    physics:
      "tc netem drops packets on the pod's interface: a lost segment is resent after TCP's 200 ms retransmission " +
      'timeout (doubling), and a call whose legs lose too much misses its 1 s deadline on the client',
    eligible: ALL,
    inject: (service, random) => {
      const lossRate = Math.round(between(random, 0.2, 0.4) * 100) / 100;
      return {
        truth: service,
        fault: { service, network: { direction: 'both', delayMs: 0, lossRate } },
        description: `${Math.round(lossRate * 100)}% packet loss on ${service}`,
      };
    },
  },
  'cpu-saturation': {
    name: 'cpu-saturation',
    physics:
      'a busy loop or a hungry sidecar takes the CPU limit: the service is throttled, its own work queues ' +
      '(self time × 1 / (1 − utilisation)), its CPU gauge sits at the limit',
    eligible: ALL,
    inject: (service, random) => {
      const cpu = between(random, 0.95, 1);
      const latencyFactor = between(random, 3, 8);
      return {
        truth: service,
        fault: { service, cpu, latencyFactor },
        description: `CPU of ${service} at ${Math.round(cpu * 100)}%, own work ×${latencyFactor.toFixed(1)}`,
        gauges: () => ({ cpu }),
      };
    },
  },
  'memory-leak': {
    name: 'memory-leak',
    physics:
      'the heap grows linearly; the fuller it is, the more requests meet a stop-the-world collection; at the ' +
      'container limit the pod is killed (calls to it are refused until it restarts) and the leak starts over',
    eligible: ALL,
    inject: (service, random) => {
      const secondsToLimit = between(random, 50, 100);
      const leakPerMs = (MEMORY_LIMIT_BYTES - BASE_MEMORY_BYTES) / (secondsToLimit * 1000);
      let since = 0;
      const fill = (elapsedMs: number) =>
        Math.min(1, ((elapsedMs - since) * leakPerMs) / (MEMORY_LIMIT_BYTES - BASE_MEMORY_BYTES));
      return {
        truth: service,
        fault: { service },
        description: `memory leak in ${service}, killed at the limit every ~${Math.round(secondsToLimit)} s`,
        gauges: (elapsedMs) => {
          const full = fill(elapsedMs);
          return {
            memoryBytes: BASE_MEMORY_BYTES + full * (MEMORY_LIMIT_BYTES - BASE_MEMORY_BYTES),
            gcPauseRatio: 0.01 + 0.3 * full ** 2,
          };
        },
        step: (elapsedMs, fault) => {
          const restartedFor = elapsedMs - since - secondsToLimit * 1000;
          if (restartedFor >= 0 && restartedFor < RESTART_SECONDS * 1000) {
            fault.down = true;
            fault.gcPause = undefined;
            return false;
          }
          if (restartedFor >= RESTART_SECONDS * 1000) {
            since = elapsedMs;
            fault.down = false;
            return true;
          }
          const full = fill(elapsedMs);
          fault.gcPause = { rate: 0.6 * full ** 2, pauseMs: 80 + 220 * full };
          return false;
        },
      };
    },
  },
  'slow-database': {
    name: 'slow-database',
    physics:
      "the service's own database answers slowly (a missing index, a lock): its database client spans take " +
      'longer, and it logs slow queries; nothing else changes',
    eligible: WITH_DATABASE,
    inject: (service, random) => {
      const factor = between(random, 5, 20);
      return {
        truth: service,
        fault: { service, ownDatabaseFactor: factor },
        description: `${service}'s database ×${factor.toFixed(1)} slower`,
      };
    },
  },
  'dependency-outage': {
    name: 'dependency-outage',
    physics:
      'the service is not running: every connection to it is refused at once, so its callers fail fast with ' +
      'no server span below their client span, and it writes nothing itself',
    eligible: BACKENDS,
    inject: (service) => ({
      truth: service,
      fault: { service, down: true },
      description: `${service} down (connection refused)`,
      gauges: () => ({ cpu: 0 }),
    }),
  },
  'silent-exception': {
    name: 'silent-exception',
    physics:
      'a code path throws part-way through the request and nothing logs it: the instrumentation marks the ' +
      'server span as failed and the rest of the work is skipped',
    eligible: ALL,
    inject: (service, random) => {
      const rate = between(random, 0.2, 0.6);
      return {
        truth: service,
        fault: { service, silentExceptionRate: rate },
        description: `${service} throws in ${Math.round(rate * 100)}% of requests, logging nothing`,
      };
    },
  },
  'changed-return-value': {
    name: 'changed-return-value',
    physics:
      'a method returns a different value (an empty list, a cached default): the service takes its early-return ' +
      'branch and skips the rest of its work, with no error and no log',
    eligible: WITH_STEPS,
    inject: (service, random) => {
      const rate = between(random, 0.3, 0.7);
      return {
        truth: service,
        fault: { service, changedReturnRate: rate },
        description: `${service} returns early in ${Math.round(rate * 100)}% of requests`,
      };
    },
  },
  'bad-config-deploy': {
    name: 'bad-config-deploy',
    physics:
      'a new version rolls out with a wrong setting: the new pods fail the requests that read it, logging ' +
      'the configuration error',
    eligible: ALL,
    inject: (service, random) => {
      const rate = between(random, 0.2, 0.5);
      return {
        truth: service,
        fault: {
          service,
          errorRate: rate,
          errorMessage: `invalid configuration: ${service}.upstream.timeout must be a duration, got "30"`,
        },
        description: `${service} deployed with a bad setting; ${Math.round(rate * 100)}% of requests fail`,
        deployVersion: `v9.${Math.floor(random.next() * 90) + 10}.0-config`,
      };
    },
  },
  'noisy-neighbour': {
    name: 'noisy-neighbour',
    physics:
      'a crawler multiplies the traffic of one page: the services behind it serve more requests and use ' +
      'CPU in proportion, but each request behaves as before — nothing is at fault',
    eligible: ['frontend'],
    inject: (_service, random) => {
      const routes = ['frontend/home', 'frontend/product', 'frontend/view-cart'];
      const route = routes[Math.floor(random.next() * routes.length)] ?? 'frontend/product';
      const factor = between(random, 3, 5);
      return {
        truth: undefined,
        fault: {},
        description: `traffic of ${route} ×${factor.toFixed(1)}, no fault`,
        traffic: { route, factor },
      };
    },
  },
};
