import { withQuery } from '../../lib/query-string.ts';
import { formatBytes, formatCores } from '../cost/cost-format.ts';

/** A value in its resource's unit: bytes as MiB/GiB, cores as millicores or cores, counts as numbers. */
export function formatAmount(unit: 'bytes' | 'cores' | 'count'): (value: number) => string {
  if (unit === 'bytes') return formatBytes;
  if (unit === 'cores') return formatCores;
  return (value) => String(Math.round(value * 100) / 100);
}

/** What the metric forecast form holds, as the page URL keeps it (`/capacity?selector=…`). */
export interface MetricForecastParams {
  selector: string;
  agg: string;
  limit: string;
}

/** The API request for the form's values, or null when no selector is given. */
export function metricForecastPath(p: MetricForecastParams): string | null {
  const selector = p.selector.trim();
  if (selector === '') return null;
  return withQuery('/api/v1/capacity/metric', {
    selector,
    agg: p.agg === 'avg' ? undefined : p.agg,
    limit: p.limit.trim(),
  });
}

/** `{instance="node-a:9100", job="node"}`: a series' labels as a selector reads them. */
export function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

const PHRASES = {
  exhausted: ['runs out', 'run out'],
  limit: ['reaches the limit', 'reach the limit'],
} as const;

/** The badge of a forecast: when it runs out (or reaches the limit) within the horizon, or that it does not. */
export function whenText(days: number | null, horizonDays: number, what: keyof typeof PHRASES): string {
  const [does, not] = PHRASES[what];
  return days === null ? `does not ${not} in ${horizonDays} days` : `${does} in ${days.toFixed(1)} days`;
}
