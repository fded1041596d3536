import { useMemo } from 'react';
import type { LogRecord } from '../../api/contracts.ts';
import { TimeSeriesChart } from '../../components/time-series-chart.tsx';
import { formatCount } from '../../lib/format.ts';

const BUCKETS = 60;

/**
 * Volume over the range, counted from the records loaded (the newest page). The API has no
 * volume endpoint yet, so when the page is full the caption says the count covers only it.
 */
export function LogHistogram({
  logs,
  from,
  to,
  truncated,
}: {
  logs: LogRecord[];
  from: number;
  to: number;
  truncated: boolean;
}) {
  const { times, counts } = useMemo(() => {
    const width = Math.max((to - from) / BUCKETS, 1);
    const bucketCounts = new Array<number>(BUCKETS).fill(0);
    for (const log of logs) {
      const index = Math.floor((Date.parse(log.timestamp) - from) / width);
      if (index >= 0 && index < BUCKETS) bucketCounts[index] = (bucketCounts[index] ?? 0) + 1;
    }
    return { times: bucketCounts.map((_, i) => from + i * width), counts: bucketCounts };
  }, [logs, from, to]);
  const series = useMemo(() => [{ label: 'Logs', values: counts, color: '#3f7fbf' }], [counts]);
  return (
    <TimeSeriesChart
      title={truncated ? `Volume of the newest ${logs.length} matching logs` : 'Log volume'}
      times={times}
      series={series}
      formatValue={formatCount}
      height={120}
      kind="bars"
    />
  );
}
