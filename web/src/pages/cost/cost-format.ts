import type { AllocationResponse } from '../../api/contracts.ts';

/** Dollars with cents, or with four decimals below a dollar (a day of one container is cents). */
export function formatUsd(value: number): string {
  return `$${Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(4)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export function formatCores(cores: number): string {
  return cores >= 1 ? `${cores.toFixed(2)} cores` : `${Math.round(cores * 1000)}m`;
}

/** One row per name: daily costs (one per step), the window's total, and this week against the last. */
export interface CostRow {
  name: string;
  daily: number[];
  totalUsd: number;
  lastWeekUsd: number;
  previousWeekUsd: number;
  changeUsd: number;
}

/** Daily totals per name from a stepped allocation answer; the last 7 steps against the 7 before. */
export function costRows(response: AllocationResponse): CostRow[] {
  const names = new Set(response.data.flatMap((set) => Object.keys(set)));
  const rows = [...names].map((name) => {
    const daily = response.data.map((set) => set[name]?.totalCost ?? 0);
    const lastWeekUsd = daily.slice(-7).reduce((t, v) => t + v, 0);
    const previousWeekUsd = daily.slice(-14, -7).reduce((t, v) => t + v, 0);
    return {
      name,
      daily,
      totalUsd: daily.reduce((t, v) => t + v, 0),
      lastWeekUsd,
      previousWeekUsd,
      changeUsd: lastWeekUsd - previousWeekUsd,
    };
  });
  return rows.sort((a, b) => b.totalUsd - a.totalUsd);
}

/** The rows whose week-over-week change is largest either way, idle and unallocated left out. */
export function topMovers(rows: readonly CostRow[], count = 5): CostRow[] {
  return rows
    .filter((r) => !r.name.startsWith('__') && r.changeUsd !== 0)
    .sort((a, b) => Math.abs(b.changeUsd) - Math.abs(a.changeUsd))
    .slice(0, count);
}
