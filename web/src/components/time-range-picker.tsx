import { REFRESH_INTERVALS, RELATIVE_RANGES, type TimeRange } from '../lib/time-range.ts';
import { formatUtc } from './time.tsx';

interface TimeRangePickerProps {
  range: TimeRange;
  onRange: (key: string) => void;
  onRefresh: (key: string) => void;
  onRefreshNow: () => void;
}

/** The time range and auto-refresh controls; both live in the URL, so a view can be shared as is. */
export function TimeRangePicker({ range, onRange, onRefresh, onRefreshNow }: TimeRangePickerProps) {
  return (
    <div className="range-picker">
      <label className="range-field">
        <span className="visually-hidden">Time range</span>
        <select
          value={range.key}
          onChange={(event) => onRange(event.target.value)}
          title={`${formatUtc(new Date(range.from))} → ${formatUtc(new Date(range.to))}`}
        >
          {range.key === 'custom' ? <option value="custom">Custom range</option> : null}
          {RELATIVE_RANGES.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="range-field">
        <span className="visually-hidden">Auto-refresh</span>
        <select value={range.refresh} onChange={(event) => onRefresh(event.target.value)}>
          {REFRESH_INTERVALS.map((r) => (
            <option key={r.key} value={r.key}>
              {r.key === 'off' ? 'Auto-refresh off' : r.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={onRefreshNow}>
        Refresh
      </button>
    </div>
  );
}
