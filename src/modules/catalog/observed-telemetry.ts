/**
 * What telemetry has seen, as the catalog needs it. The telemetry module implements it from the
 * service graph; until then compose.ts passes `noObservedTelemetry`.
 */
export interface ObservedTelemetry {
  listObservedServices(range: { from: Date; to: Date }): Promise<string[]>;
  listObservedEdges(range: { from: Date; to: Date }): Promise<Array<{ source: string; target: string }>>;
}

/** Telemetry that has seen nothing: services come from the catalog alone. */
export const noObservedTelemetry: ObservedTelemetry = {
  listObservedServices: async () => [],
  listObservedEdges: async () => [],
};
