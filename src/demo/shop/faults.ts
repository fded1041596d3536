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
  };
}
