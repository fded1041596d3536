import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import type { ChangeService } from '../changes/index.ts';
import type { IncidentStore } from '../incidents/index.ts';
import { computeInsights, type InsightSupportRequest } from './compute-insights.ts';
import type { Insights, InsightsQuery } from './contract.ts';
import { type ServiceAvailability, sloAttainmentByTier } from './slo-attainment.ts';

const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;
/** Most changes one answer reads. */
const MAX_CHANGES = 100_000;

export interface InsightsServiceDeps {
  changes: Pick<ChangeService, 'list'>;
  incidents: Pick<IncidentStore, 'listStartedBetween'>;
  /** Support requests created in [from, to) (the support module's store). */
  supportRequests: (from: string, to: string) => Promise<readonly InsightSupportRequest[]>;
  /** Every catalog service's requests and errors in [fromMs, toMs), with its tier. */
  serviceAvailability: (fromMs: number, toMs: number) => Promise<readonly ServiceAvailability[]>;
  clock: Clock;
}

/** Platform value: self-service adoption, MTTR and pages per week. */
export function createInsightsService({
  changes,
  incidents,
  supportRequests,
  serviceAvailability,
  clock,
}: InsightsServiceDeps) {
  return {
    async insights(query: InsightsQuery): Promise<Insights> {
      const toMs = query.to ? Date.parse(query.to) : clock.now().getTime();
      const fromMs = query.from ? Date.parse(query.from) : toMs - DEFAULT_WINDOW_MS;
      if (fromMs >= toMs) {
        throw new InputError(
          `query.from: ${new Date(fromMs).toISOString()} is not before to ${new Date(toMs).toISOString()}`,
          'query.from',
        );
      }
      const from = new Date(fromMs).toISOString();
      const to = new Date(toMs).toISOString();
      const [changeList, incidentRows, requests, availability] = await Promise.all([
        changes.list({ from, to, limit: MAX_CHANGES }),
        incidents.listStartedBetween(from, to),
        supportRequests(from, to),
        serviceAvailability(fromMs, toMs),
      ]);
      const insights = computeInsights(
        changeList.map((c) => ({
          kind: c.kind,
          source: c.source,
          atMs: Date.parse(c.at),
          service: c.service,
        })),
        incidentRows.map((row) => ({
          severity: row.severity,
          startedAtMs: Date.parse(row.started_at),
          resolvedAtMs: row.resolved_at ? Date.parse(row.resolved_at) : null,
          paged: row.paged === 1,
          services: JSON.parse(row.services) as string[], // written by the incident store as a JSON array
        })),
        fromMs,
        toMs,
        requests,
      );
      return { ...insights, sloAttainment: sloAttainmentByTier(availability) };
    },
  };
}

export type InsightsService = ReturnType<typeof createInsightsService>;
