import type { ShopService } from './topology.ts';

/** Something wrong with the shop right now, put there by a scenario and removed when it ends. */
export interface Fault {
  /** Who added it (a scenario name); removing by id ends it. */
  id: string;
  service?: ShopService;
  /** Extra probability that the service's own work fails. */
  errorRate?: number;
  /** What the failing code says in its error log and span status. */
  errorMessage?: string;
  /** Multiplier on the service's own processing time. */
  latencyFactor?: number;
  /** Multiplier on every client span to this database system, whoever calls it. */
  database?: { system: 'postgresql' | 'redis'; latencyFactor: number };
  /** CPU utilization (0-1) the service reports while the fault lasts. */
  cpu?: number;
  /**
   * Trouble on the service's network interface, as `tc netem` makes it: packets leaving (`egress`)
   * or entering (`ingress`) the pod wait `delayMs`, and each is lost with `lossRate` (a lost segment
   * is sent again after TCP's retransmission timeout).
   */
  network?: { direction: 'ingress' | 'egress' | 'both'; delayMs: number; lossRate?: number };
  /** Multiplier on the service's own database calls (its database is slow, not everyone's). */
  ownDatabaseFactor?: number;
  /** The service is not running: connections to it are refused. */
  down?: boolean;
  /** Share of requests in which the service's code throws part-way, writing no log line. */
  silentExceptionRate?: number;
  /** Share of requests in which a changed return value sends the service down an early-return branch. */
  changedReturnRate?: number;
  /** Garbage-collection pauses: share of requests that meet one, and how long it stops the service. */
  gcPause?: { rate: number; pauseMs: number };
}

/** What the faults in effect do to one service, merged. */
export interface ServiceEffects {
  /** Extra delay of packets leaving and entering the service, and their loss probability. */
  egressDelayMs: number;
  ingressDelayMs: number;
  egressLoss: number;
  ingressLoss: number;
  ownDatabaseFactor: number;
  down: boolean;
  silentExceptionRate: number;
  changedReturnRate: number;
  gcPauseRate: number;
  gcPauseMs: number;
}

/** The faults in effect; the request simulator reads them for every span it plans. */
export interface Faults {
  add(fault: Fault): void;
  remove(id: string): void;
  active(): readonly Fault[];
  errorOf(service: ShopService): { rate: number; message: string | undefined };
  latencyFactorOf(service: ShopService): number;
  databaseFactorOf(system: 'postgresql' | 'redis'): number;
  cpuOf(service: ShopService): number | undefined;
  /** Network, database, availability and code-path effects on one service. */
  effectsOf(service: ShopService): ServiceEffects;
}

export function createFaults(): Faults {
  const faults = new Map<string, Fault>();
  const forService = (service: ShopService) =>
    [...faults.values()].filter((fault) => fault.service === service);
  return {
    add: (fault) => {
      faults.set(fault.id, fault);
    },
    remove: (id) => {
      faults.delete(id);
    },
    active: () => [...faults.values()],
    errorOf: (service) => {
      let rate = 0;
      let message: string | undefined;
      for (const fault of forService(service)) {
        rate += fault.errorRate ?? 0;
        message ??= fault.errorMessage;
      }
      return { rate: Math.min(1, rate), message };
    },
    latencyFactorOf: (service) =>
      forService(service).reduce((factor, fault) => factor * (fault.latencyFactor ?? 1), 1),
    databaseFactorOf: (system) =>
      [...faults.values()].reduce(
        (factor, fault) =>
          fault.database?.system === system ? factor * fault.database.latencyFactor : factor,
        1,
      ),
    cpuOf: (service) => forService(service).find((fault) => fault.cpu !== undefined)?.cpu,
    effectsOf: (service) => mergeEffects(forService(service)),
  };
}

function mergeEffects(faults: readonly Fault[]): ServiceEffects {
  const effects: ServiceEffects = {
    egressDelayMs: 0,
    ingressDelayMs: 0,
    egressLoss: 0,
    ingressLoss: 0,
    ownDatabaseFactor: 1,
    down: false,
    silentExceptionRate: 0,
    changedReturnRate: 0,
    gcPauseRate: 0,
    gcPauseMs: 0,
  };
  for (const fault of faults) {
    const net = fault.network;
    if (net) {
      if (net.direction !== 'ingress') {
        effects.egressDelayMs += net.delayMs;
        effects.egressLoss = Math.max(effects.egressLoss, net.lossRate ?? 0);
      }
      if (net.direction !== 'egress') {
        effects.ingressDelayMs += net.delayMs;
        effects.ingressLoss = Math.max(effects.ingressLoss, net.lossRate ?? 0);
      }
    }
    effects.ownDatabaseFactor *= fault.ownDatabaseFactor ?? 1;
    effects.down ||= fault.down === true;
    effects.silentExceptionRate = Math.min(1, effects.silentExceptionRate + (fault.silentExceptionRate ?? 0));
    effects.changedReturnRate = Math.min(1, effects.changedReturnRate + (fault.changedReturnRate ?? 0));
    if (fault.gcPause) {
      effects.gcPauseRate = Math.min(1, effects.gcPauseRate + fault.gcPause.rate);
      effects.gcPauseMs = Math.max(effects.gcPauseMs, fault.gcPause.pauseMs);
    }
  }
  return effects;
}
