import type { EventCounts, ServiceSlo, SloDataSource, SloObjective } from './contract.ts';
import { objectivesFromAnnotations } from './slo-objectives.ts';

/** Percentages keep four decimals: enough for 99.9999 %, without float noise such as 99.98999999. */
function roundPercent(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Availability and error budget of a window, in percent. The budget is the share of requests the
 * objective allows to fail (0.1 % of them for 99.9 %); what is left is 100 % minus the part of it the
 * failed requests used, so it goes below zero when more failed than allowed (99.99 % objective, 81 %
 * availability: 1,900 budgets used, -189,900 % left). Null figures when there were no requests, and
 * no budget without an objective.
 */
export function availabilityBudget(
  objectivePercent: number | null,
  counts: EventCounts,
): Pick<ServiceSlo, 'availabilityPercent' | 'errorBudgetRemainingPercent'> {
  if (counts.total <= 0) return { availabilityPercent: null, errorBudgetRemainingPercent: null };
  const failedPercent = (100 * counts.bad) / counts.total;
  const availabilityPercent = roundPercent(100 - failedPercent);
  if (objectivePercent === null || objectivePercent >= 100 || objectivePercent <= 0) {
    return { availabilityPercent, errorBudgetRemainingPercent: null };
  }
  // Integers in hundred-thousandths of a percent, so 100 - 99.99 is exactly 0.01 and not 0.0100000000000051.
  const allowedFailedPercent = (10_000_000 - Math.round(objectivePercent * 100_000)) / 100_000;
  const spentPercent = (100 * failedPercent) / allowedFailedPercent;
  return { availabilityPercent, errorBudgetRemainingPercent: roundPercent(100 - spentPercent) };
}

/** The service as the catalog knows it: its name, the name its spans carry, and its annotations. */
export interface SloTarget {
  name: string;
  telemetryName: string;
  annotations: Record<string, string>;
}

/** Reads a service's SLO figures over `[from, to)`. */
export type ServiceSloReader = (target: SloTarget, window: { from: Date; to: Date }) => Promise<ServiceSlo>;

export interface ServiceSloReaderDeps {
  /** Objectives from cairn.yaml; they win over the service's annotations, as for burn-rate alerts. */
  configObjectives: () => SloObjective[];
  data: SloDataSource;
}

/** The objective that applies to `target`: cairn.yaml first, then its catalog annotations. */
export function objectiveFor(
  target: SloTarget,
  kind: SloObjective['kind'],
  configObjectives: SloObjective[],
): SloObjective | null {
  const service = target.telemetryName;
  return (
    configObjectives.find((o) => o.service === service && o.kind === kind) ??
    objectivesFromAnnotations([{ name: target.name, annotations: target.annotations }]).find(
      (o) => o.kind === kind,
    ) ??
    null
  );
}

/**
 * The SLO card's figures: the objectives that apply to the service and, over the window, its
 * requests, failures, availability and error budget left, from the per-minute RED table.
 */
export function createServiceSloReader({ configObjectives, data }: ServiceSloReaderDeps): ServiceSloReader {
  return async (target, window) => {
    const objectives = configObjectives();
    const availability = objectiveFor(target, 'availability', objectives);
    const latency = objectiveFor(target, 'latency', objectives);
    const counts = await data.counts(
      availability ?? { service: target.telemetryName, kind: 'availability', target: 0 },
      window.from.getTime() / 1000,
      window.to.getTime() / 1000,
    );
    const objectivePercent = availability?.target ?? null;
    return {
      availabilityObjectivePercent: objectivePercent,
      latencyObjectiveP99Ms: latency?.thresholdMs ?? null,
      requests: counts.total,
      failedRequests: counts.bad,
      ...availabilityBudget(objectivePercent, counts),
    };
  };
}

/** The figures when no telemetry is at hand: the objectives only, nothing measured. */
export function objectivesOnlySlo(target: SloTarget): ServiceSlo {
  return {
    availabilityObjectivePercent: objectiveFor(target, 'availability', [])?.target ?? null,
    latencyObjectiveP99Ms: objectiveFor(target, 'latency', [])?.thresholdMs ?? null,
    requests: 0,
    failedRequests: 0,
    availabilityPercent: null,
    errorBudgetRemainingPercent: null,
  };
}
