import { SLO_ANNOTATIONS, type SloObjective, type SloObjectiveSource } from './contract.ts';

/** The `slo.objectives` config entries as objectives (one per target given). */
export function objectivesFromConfig(
  entries: ReadonlyArray<{
    service: string;
    availability?: number | undefined;
    latencyP99Ms?: number | undefined;
  }>,
): SloObjective[] {
  return entries.flatMap((entry) => [
    ...(entry.availability === undefined
      ? []
      : [{ service: entry.service, kind: 'availability' as const, target: entry.availability }]),
    ...(entry.latencyP99Ms === undefined
      ? []
      : [{ service: entry.service, kind: 'latency' as const, target: 99, thresholdMs: entry.latencyP99Ms }]),
  ]);
}

/** Catalog annotation naming the OTel service.name of a component, when it differs from its name. */
const TELEMETRY_NAME_ANNOTATION = 'cairn.dev/telemetry-service-name';

/**
 * Objectives declared by catalog annotations (`cairn.dev/slo-availability: "99.9"`,
 * `cairn.dev/slo-latency-p99-ms: "300"`); malformed values are skipped.
 */
export function objectivesFromAnnotations(
  services: ReadonlyArray<{ name: string; annotations: Record<string, string> }>,
): SloObjective[] {
  return objectivesFromConfig(
    services.map((service) => {
      const availability = Number(service.annotations[SLO_ANNOTATIONS.availability]);
      const latency = Number(service.annotations[SLO_ANNOTATIONS.latencyP99Ms]);
      return {
        // Burn rates are read by the name spans carry, which the catalog may map to another name.
        service: service.annotations[TELEMETRY_NAME_ANNOTATION] || service.name,
        availability: availability > 0 && availability < 100 ? availability : undefined,
        latencyP99Ms: Number.isInteger(latency) && latency > 0 ? latency : undefined,
      };
    }),
  );
}

/** Objectives from several sources; for one service and kind, the first source wins (config first). */
export function mergeObjectiveSources(sources: SloObjectiveSource[]): SloObjectiveSource {
  return {
    async objectives() {
      const seen = new Set<string>();
      const merged: SloObjective[] = [];
      for (const source of sources) {
        for (const objective of await source.objectives()) {
          const key = `${objective.service}\u0000${objective.kind}`;
          if (seen.has(key)) continue;
          seen.add(key);
          merged.push(objective);
        }
      }
      return merged;
    },
  };
}
