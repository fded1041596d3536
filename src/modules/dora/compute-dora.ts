import { classifyFailures, isRework } from './classify-failures.ts';
import type { DoraReport } from './contract.ts';
import { deploymentFrequency } from './deployment-frequency.ts';
import { changeLeadTime } from './lead-time.ts';
import { failRateLevel, frequencyLevel, leadTimeLevel, recoveryLevel } from './levels.ts';
import { DAY_MS, type Deployment, type DoraIncident, inWindow, type Window } from './model.ts';
import { median } from './percentile.ts';

export type DoraMetrics = Omit<DoraReport, 'scope' | 'name' | 'from' | 'to' | 'environments'>;

interface WindowMetrics {
  frequency: ReturnType<typeof deploymentFrequency>;
  leadTime: ReturnType<typeof changeLeadTime>;
  failed: number;
  failRatePercent: number | null;
  recoveriesMs: number[];
  unrecovered: number;
  rework: number;
  reworkPercent: number | null;
}

/**
 * The five DORA metrics for the deployments `inScope` selects, in `window` and in the window of
 * the same length before it (for the trend). `deployments` and `incidents` hold everything around
 * both windows (all services): failures are attributed on the whole history, then counted in scope.
 */
export function computeDora(
  deployments: readonly Deployment[],
  incidents: readonly DoraIncident[],
  window: Window,
  inScope: (deployment: Deployment) => boolean,
): DoraMetrics {
  const failures = classifyFailures(deployments, incidents);
  const serviceOf = new Map(deployments.map((d) => [d.id, d.service]));
  const previousWindow = { fromMs: 2 * window.fromMs - window.toMs, toMs: window.fromMs };

  const measure = (range: Window): WindowMetrics & { list: Deployment[] } => {
    const list = deployments
      .filter((d) => inScope(d) && inWindow(d.atMs, range))
      .sort((a, b) => a.atMs - b.atMs);
    const failedList = list.flatMap((d) => failures.get(d.id) ?? []);
    const recoveriesMs = failedList.flatMap((f) =>
      f.recoveredAtMs === null ? [] : [f.recoveredAtMs - f.deployment.atMs],
    );
    const rework = list.filter((d) => isRework(d, incidents, (id) => serviceOf.get(id))).length;
    return {
      list,
      frequency: deploymentFrequency(list, range),
      leadTime: changeLeadTime(list),
      failed: failedList.length,
      failRatePercent: list.length === 0 ? null : (failedList.length / list.length) * 100,
      recoveriesMs,
      unrecovered: failedList.length - recoveriesMs.length,
      rework,
      reworkPercent: list.length === 0 ? null : (rework / list.length) * 100,
    };
  };

  const now = measure(window);
  const before = measure(previousWindow);
  const recoveryMedian = median(now.recoveriesMs);
  const previousRecoveryMedian = median(before.recoveriesMs);

  return {
    services: [...new Set(now.list.map((d) => d.service))].sort(),
    deploymentFrequency: {
      ...now.frequency,
      level: frequencyLevel(now.frequency.bucket),
      previousPerDay: before.frequency.perDay,
      trend: trend(now.frequency.perDay, before.frequency.perDay, 'higher'),
    },
    changeLeadTime: {
      ...now.leadTime,
      level: leadTimeLevel(now.leadTime.medianMs),
      previousMedianMs: before.leadTime.medianMs,
      trend: trend(now.leadTime.medianMs, before.leadTime.medianMs, 'lower'),
    },
    changeFailRate: {
      failed: now.failed,
      deployments: now.list.length,
      percent: now.failRatePercent,
      level: failRateLevel(now.failRatePercent),
      previousPercent: before.failRatePercent,
      trend: trend(now.failRatePercent, before.failRatePercent, 'lower'),
      failures: now.list.flatMap((d) => {
        const failure = failures.get(d.id);
        if (!failure) return [];
        return [
          {
            deploymentId: d.id,
            service: d.service,
            version: d.version,
            at: new Date(d.atMs).toISOString(),
            reasons: failure.reasons,
            recoveredAt:
              failure.recoveredAtMs === null ? null : new Date(failure.recoveredAtMs).toISOString(),
          },
        ];
      }),
    },
    recoveryTime: {
      recovered: now.recoveriesMs.length,
      unrecovered: now.unrecovered,
      medianMs: recoveryMedian,
      level: recoveryLevel(recoveryMedian),
      previousMedianMs: previousRecoveryMedian,
      trend: trend(recoveryMedian, previousRecoveryMedian, 'lower'),
    },
    reworkRate: {
      rework: now.rework,
      deployments: now.list.length,
      percent: now.reworkPercent,
      level: null,
      previousPercent: before.reworkPercent,
      trend: trend(now.reworkPercent, before.reworkPercent, 'lower'),
    },
    weeks: weeklySeries(now.list, failures, window),
    months: monthlySeries(now.list, failures, window),
  };
}

function trend(current: number | null, previous: number | null, better: 'higher' | 'lower') {
  if (current === null || previous === null) return null;
  if (current === previous) return 'unchanged' as const;
  return current > previous === (better === 'higher') ? ('better' as const) : ('worse' as const);
}

function weeklySeries(list: readonly Deployment[], failures: ReadonlyMap<string, unknown>, window: Window) {
  const weekMs = 7 * DAY_MS;
  const weeks = Math.max(1, Math.ceil((window.toMs - window.fromMs) / weekMs));
  return Array.from({ length: weeks }, (_, index) => {
    const range = {
      fromMs: window.fromMs + index * weekMs,
      toMs: Math.min(window.toMs, window.fromMs + (index + 1) * weekMs),
    };
    const inWeek = list.filter((d) => inWindow(d.atMs, range));
    return {
      start: new Date(range.fromMs).toISOString(),
      deployments: inWeek.length,
      failed: inWeek.filter((d) => failures.has(d.id)).length,
    };
  });
}

/** UTC calendar months overlapping the window, each cut to the window (the first and last may be partial). */
function monthlySeries(list: readonly Deployment[], failures: ReadonlyMap<string, unknown>, window: Window) {
  const months: {
    start: string;
    end: string;
    deployments: number;
    failed: number;
    changeFailPercent: number | null;
  }[] = [];
  const first = new Date(window.fromMs);
  for (
    let monthMs = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
    monthMs < window.toMs;
    monthMs = Date.UTC(new Date(monthMs).getUTCFullYear(), new Date(monthMs).getUTCMonth() + 1, 1)
  ) {
    const nextMs = Date.UTC(new Date(monthMs).getUTCFullYear(), new Date(monthMs).getUTCMonth() + 1, 1);
    const range = { fromMs: Math.max(window.fromMs, monthMs), toMs: Math.min(window.toMs, nextMs) };
    const inMonth = list.filter((d) => inWindow(d.atMs, range));
    const failed = inMonth.filter((d) => failures.has(d.id)).length;
    months.push({
      start: new Date(range.fromMs).toISOString(),
      end: new Date(range.toMs).toISOString(),
      deployments: inMonth.length,
      failed,
      changeFailPercent: inMonth.length === 0 ? null : (failed * 100) / inMonth.length,
    });
  }
  return months;
}
