import { useMemo } from 'react';
import type { Change, RedSeries } from '../../api/contracts.ts';
import { type ChartMarker, type ChartSeries, TimeSeriesChart } from '../../components/time-series-chart.tsx';
import { formatMs, formatShare, rateFormatterFor } from '../../lib/format.ts';

const COLORS = { rate: '#3f7fbf', errors: '#d6453d', p50: '#2e9e6a', p95: '#d99a1c', p99: '#8a5cc2' };

/** Rate, errors and latency of a service, with its changes marked on the time axis. */
export function ServiceRedCharts({ red, changes }: { red: RedSeries; changes: Change[] }) {
  const times = useMemo(() => red.points.map((p) => Date.parse(p.t)), [red]);
  const markers = useMemo<ChartMarker[]>(
    () =>
      changes.map((c) => ({
        at: Date.parse(c.at),
        label:
          `${c.kind} ${c.version ?? c.revision?.slice(0, 10) ?? ''} by ${c.author ?? 'unknown'} (${c.status})`.replace(
            /\s+/g,
            ' ',
          ),
        tone: c.status === 'failed' || c.kind === 'rollback' ? 'danger' : 'change',
      })),
    [changes],
  );
  const rate = useMemo<ChartSeries[]>(
    () => [{ label: 'Requests', values: red.points.map((p) => p.rate), color: COLORS.rate }],
    [red],
  );
  const errors = useMemo<ChartSeries[]>(
    () => [{ label: 'Errors', values: red.points.map((p) => p.errorRate), color: COLORS.errors }],
    [red],
  );
  const latency = useMemo<ChartSeries[]>(
    () => [
      { label: 'p50', values: red.points.map((p) => p.p50Ms), color: COLORS.p50 },
      { label: 'p95', values: red.points.map((p) => p.p95Ms), color: COLORS.p95 },
      { label: 'p99', values: red.points.map((p) => p.p99Ms), color: COLORS.p99 },
    ],
    [red],
  );
  const formatRate = useMemo(() => rateFormatterFor(Math.max(0, ...red.points.map((p) => p.rate))), [red]);
  if (red.points.length === 0) {
    return <p className="muted chart-empty">No requests from this service in the range.</p>;
  }
  return (
    <div className="chart-grid">
      <TimeSeriesChart
        title="Request rate"
        times={times}
        series={rate}
        formatValue={formatRate}
        markers={markers}
      />
      <TimeSeriesChart
        title="Error rate"
        times={times}
        series={errors}
        formatValue={formatShare}
        markers={markers}
      />
      <TimeSeriesChart
        title="Latency"
        times={times}
        series={latency}
        formatValue={formatMs}
        markers={markers}
      />
    </div>
  );
}
