import type { SloDataSource, SloObjective } from '../../slo/index.ts';
import type { AffectedService, Impact } from './contract.ts';
import type { RedWindow } from './red-minutes.store.ts';
import { duration, percent } from './red-shift.ts';
import type { Neighbourhood } from './service-neighbourhood.ts';

/** Error budgets are stated over a 30-day period, as SLO tooling usually does. */
const BUDGET_PERIOD_MINUTES = 30 * 24 * 60;

/** What impact is computed from; RED windows already loaded. */
export interface ImpactInputs {
  incidentServices: readonly string[];
  neighbourhood: Neighbourhood;
  baseline: readonly RedWindow[];
  current: readonly RedWindow[];
  baselineMinutes: number;
  onset: Date;
  at: Date;
  objectives: readonly SloObjective[];
  sloData: SloDataSource;
}

/** A service is affected when its error rate at least doubled (+1 point, ≥ 3 errors) or its p99 grew 1.5× (+20 ms). */
function isAffected(s: AffectedService): boolean {
  const { baseline, current } = s.errorRate;
  const errors = s.errors >= 3 && current >= Math.max(2 * baseline, baseline + 0.01);
  const p99 = s.p99Ms.baseline !== null && s.p99Ms.current !== null;
  const slower =
    p99 &&
    s.requests >= 5 &&
    (s.p99Ms.current ?? 0) >= Math.max(1.5 * (s.p99Ms.baseline ?? 0), (s.p99Ms.baseline ?? 0) + 20);
  return errors || slower;
}

/**
 * Impact since onset: every related service's RED now against its baseline, the user-facing entry
 * points among the affected ones, failed requests there, and the error budget the affected
 * services' objectives lost (budget = what 30 days at the baseline request rate allow).
 */
export async function assessImpact(inputs: ImpactInputs): Promise<Impact> {
  const base = new Map(inputs.baseline.map((row) => [row.service, row]));
  const all = inputs.current.map((now): AffectedService => {
    const before = base.get(now.service);
    return {
      service: now.service,
      userFacing: inputs.neighbourhood.entryPoints.has(now.service),
      errorRate: {
        baseline: before && before.calls > 0 ? before.errors / before.calls : 0,
        current: now.calls > 0 ? now.errors / now.calls : 0,
      },
      p99Ms: { baseline: round(before?.p99Ms ?? null), current: round(now.p99Ms) },
      requests: now.calls,
      errors: now.errors,
    };
  });
  const services = all
    .filter((s) => isAffected(s))
    .sort(
      (a, b) =>
        Number(b.userFacing) - Number(a.userFacing) ||
        b.errors - a.errors ||
        a.service.localeCompare(b.service),
    );
  const entryPoints = services.filter((s) => s.userFacing).map((s) => s.service);
  const counted =
    entryPoints.length > 0
      ? services.filter((s) => s.userFacing)
      : services.filter((s) => inputs.incidentServices.includes(s.service));
  const requestsAffected = counted.reduce((n, s) => n + s.errors, 0);
  const sloBudgetBurned = await budgets(inputs, new Set(services.map((s) => s.service)), base);
  const noData = inputs.current.length === 0 && inputs.baseline.length === 0;
  return {
    summary: noData
      ? noTelemetry(inputs)
      : summarise(services, all.length, requestsAffected, sloBudgetBurned),
    telemetry: !noData,
    services,
    entryPoints,
    requestsAffected,
    sloBudgetBurned,
  };
}

async function budgets(
  inputs: ImpactInputs,
  affected: Set<string>,
  base: Map<string, RedWindow>,
): Promise<Impact['sloBudgetBurned']> {
  const out: Impact['sloBudgetBurned'] = [];
  const from = inputs.onset.getTime() / 1000;
  const to = inputs.at.getTime() / 1000;
  for (const objective of inputs.objectives.filter((o) => affected.has(o.service))) {
    const { bad } = await inputs.sloData.counts(objective, from, to);
    const rate = (base.get(objective.service)?.calls ?? 0) / inputs.baselineMinutes;
    const budgetEvents = Math.round((1 - objective.target / 100) * rate * BUDGET_PERIOD_MINUTES * 10) / 10;
    out.push({
      service: objective.service,
      objective:
        objective.kind === 'availability'
          ? `availability ${objective.target}%`
          : `p99 under ${objective.thresholdMs} ms`,
      badEvents: bad,
      budgetEvents,
      percentBurned: budgetEvents > 0 ? Math.round((bad / budgetEvents) * 1000) / 10 : 0,
    });
  }
  return out;
}

function summarise(
  services: readonly AffectedService[],
  checked: number,
  failed: number,
  burns: Impact['sloBudgetBurned'],
): string {
  const first = services[0];
  if (!first)
    return `No service around the incident left its error rate or p99 baseline since onset (${checked} checked).`;
  const p99 =
    first.p99Ms.baseline !== null && first.p99Ms.current !== null
      ? `, p99 ${duration(first.p99Ms.baseline)} → ${duration(first.p99Ms.current)}`
      : '';
  const parts = [
    `${first.service}${first.userFacing ? ' (user-facing)' : ''} error rate ${percent(first.errorRate.baseline)} → ${percent(first.errorRate.current)}${p99}`,
    `${services.length} service${services.length === 1 ? '' : 's'} affected`,
    `${failed} failed request${failed === 1 ? '' : 's'} since onset`,
  ];
  const worst = [...burns].sort((a, b) => b.percentBurned - a.percentBurned)[0];
  if (worst && worst.percentBurned > 0)
    parts.push(`${worst.percentBurned}% of ${worst.service} ${worst.objective} budget burned`);
  return parts.join('; ');
}

function noTelemetry(inputs: ImpactInputs): string {
  const who = inputs.incidentServices.length > 0 ? inputs.incidentServices.join(', ') : 'any service';
  return `No traces are stored for ${who} or the services around it since ${new Date(inputs.onset.getTime() - inputs.baselineMinutes * 60_000).toISOString()}, so impact cannot be measured.`;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
