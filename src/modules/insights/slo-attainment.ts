import type { Insights } from './contract.ts';

/** The availability the platform promises: DORA's "uptime 99.9 %". */
export const ATTAINMENT_TARGET_PERCENT = 99.9;
/** Services without `cairn.dev/tier` are grouped under this name. */
export const NO_TIER = 'untiered';

/** One service's requests over the window (server spans, errors = status Error). */
export interface ServiceAvailability {
  service: string;
  tier: string | null;
  total: number;
  bad: number;
}

/**
 * SLO attainment per tier against 99.9 %: per tier, how many services served requests in the
 * window, how many of those kept availability ≥ 99.9 % (attainment = meeting / measured), the
 * tier's request-weighted availability, and its worst service. Services that served nothing are
 * counted but not measured. Tiers in name order, `untiered` last.
 */
export function sloAttainmentByTier(
  services: readonly ServiceAvailability[],
  targetPercent = ATTAINMENT_TARGET_PERCENT,
): Insights['sloAttainment'] {
  const tiers = new Map<string, ServiceAvailability[]>();
  for (const service of services) {
    const tier = service.tier ?? NO_TIER;
    tiers.set(tier, [...(tiers.get(tier) ?? []), service]);
  }
  const availability = (s: { total: number; bad: number }) => (100 * (s.total - s.bad)) / s.total;
  const byTier = [...tiers]
    .sort(([a], [b]) => (a === NO_TIER ? 1 : b === NO_TIER ? -1 : a.localeCompare(b)))
    .map(([tier, list]) => {
      const measured = list.filter((s) => s.total > 0);
      const meeting = measured.filter((s) => availability(s) >= targetPercent);
      const total = measured.reduce((sum, s) => sum + s.total, 0);
      const bad = measured.reduce((sum, s) => sum + s.bad, 0);
      const worst = [...measured].sort(
        (a, b) => availability(a) - availability(b) || a.service.localeCompare(b.service),
      )[0];
      return {
        tier,
        services: list.length,
        measured: measured.length,
        meeting: meeting.length,
        attainmentPercent: measured.length === 0 ? null : (100 * meeting.length) / measured.length,
        availabilityPercent: total === 0 ? null : availability({ total, bad }),
        worst: worst ? { service: worst.service, availabilityPercent: availability(worst) } : null,
      };
    });
  return { targetPercent, byTier };
}

/**
 * Reads every catalog service's requests over a window through the SLO module's RED counts, one
 * query per service (a catalog holds tens of services; chDB runs one query at a time anyway).
 */
export function createServiceAvailabilityReader(deps: {
  services(): Promise<ReadonlyArray<{ name: string; tier: string | null; telemetryName: string }>>;
  counts(service: string, fromSeconds: number, toSeconds: number): Promise<{ total: number; bad: number }>;
}) {
  return async (fromMs: number, toMs: number): Promise<ServiceAvailability[]> => {
    const rows: ServiceAvailability[] = [];
    for (const service of await deps.services()) {
      const counts = await deps.counts(service.telemetryName, fromMs / 1000, toMs / 1000);
      rows.push({ service: service.name, tier: service.tier, total: counts.total, bad: counts.bad });
    }
    return rows;
  };
}
