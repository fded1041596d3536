import type { Clock } from '../../kernel/clock.ts';
import type { IncomingAlert } from '../alerts/index.ts';
import { type BurnVerdict, evaluateObjective } from './burn-rate.ts';
import type { SloDataSource, SloObjective, SloObjectiveSource } from './contract.ts';

export interface SloEvaluatorDeps {
  objectives: SloObjectiveSource;
  data: SloDataSource;
  /** The alert intake: SLO alerts go through the same dedup, grouping and paging as any other. */
  alerts: {
    find(fingerprint: string): Promise<{ status: string; startsAt: string } | undefined>;
    ingest(alerts: readonly IncomingAlert[]): Promise<unknown>;
  };
  clock: Clock;
  /** Bad events each window needs before it may alert (config `slo.minBadEvents`). */
  minBadEvents: number;
}

/** One evaluated objective and tier, and the alert state change it produced, if any. */
export interface SloEvaluation {
  objective: SloObjective;
  verdict: BurnVerdict;
  change: IncomingAlert | null;
}

const RULE = { availability: 'SLOAvailabilityBurnRate', latency: 'SLOLatencyBurnRate' } as const;

/** The fingerprint of an objective's alert for one tier: stable across evaluations and replicas. */
export function sloFingerprint(objective: SloObjective, tier: BurnVerdict['tier']): string {
  return `slo:${objective.service}:${objective.kind}:${tier}`;
}

/**
 * Evaluates every objective's burn rates at the clock's now and fires or resolves its alerts:
 * page tier (14.4× 1h/5m, 6× 6h/30m) as critical, ticket tier (3× 1d/2h, 1× 3d/6h) as warning.
 */
export function createSloEvaluator(deps: SloEvaluatorDeps) {
  return {
    async evaluate(): Promise<SloEvaluation[]> {
      const now = deps.clock.now();
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const evaluations: SloEvaluation[] = [];
      for (const objective of await deps.objectives.objectives()) {
        for (const verdict of await evaluateObjective(objective, deps.data, nowSeconds, deps.minBadEvents)) {
          const fingerprint = sloFingerprint(objective, verdict.tier);
          const current = await deps.alerts.find(fingerprint);
          const firing = current?.status === 'firing';
          let change: IncomingAlert | null = null;
          if (verdict.burning && !firing) change = sloAlert(objective, verdict, fingerprint, now, null);
          if (!verdict.burning && firing && current) {
            change = sloAlert(objective, verdict, fingerprint, new Date(current.startsAt), now);
          }
          evaluations.push({ objective, verdict, change });
        }
      }
      const changes = evaluations.flatMap((evaluation) => (evaluation.change ? [evaluation.change] : []));
      if (changes.length > 0) await deps.alerts.ingest(changes);
      return evaluations;
    },
  };
}

function sloAlert(
  objective: SloObjective,
  verdict: BurnVerdict,
  fingerprint: string,
  startsAt: Date,
  endsAt: Date | null,
): IncomingAlert {
  const what =
    objective.kind === 'availability'
      ? `${objective.target}% availability`
      : `${objective.target}% of requests under ${objective.thresholdMs} ms`;
  return {
    source: 'slo',
    fingerprint,
    status: endsAt ? 'resolved' : 'firing',
    labels: {
      alertname: RULE[objective.kind],
      service: objective.service,
      severity: verdict.tier === 'page' ? 'critical' : 'warning',
      slo: objective.kind,
      window: verdict.window.label,
    },
    annotations: {
      summary: `${objective.service} is burning its ${what} error budget ${verdict.burnRateLong}× too fast (${verdict.window.label})`,
      burn_rate_long: String(verdict.burnRateLong),
      burn_rate_short: String(verdict.burnRateShort),
      threshold: String(verdict.window.factor),
    },
    startsAt,
    endsAt,
    groupKey: null,
    generatorUrl: null,
  };
}

export type SloEvaluator = ReturnType<typeof createSloEvaluator>;
