import type { TimeRange } from './time-range.ts';

const MINUTE_MS = 60_000;

/** How a range's calls are read: merged minutes from the edge table, and live pairing for the rest. */
export interface GraphReadPlan {
  /** Whole minutes read from cairn_service_edges_1m; null when none are usable. */
  materialised: TimeRange | null;
  /** Windows paired at query time (at most two: the head and the tail of the range). */
  live: TimeRange[];
}

/**
 * Splits `range` by anchor time: the whole minutes inside it that are also inside `progress` come
 * from the edge table, and the rest — partial minutes at either end, minutes before the job's first
 * minute and the not-yet-closed tail — is paired live. The parts tile the range, so every call is
 * counted once, exactly as a live query over the whole range would count it.
 */
export function planGraphRead(range: TimeRange, progress: TimeRange | null): GraphReadPlan {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (!progress) return { materialised: null, live: [range] };
  const start = Math.max(Math.ceil(from / MINUTE_MS) * MINUTE_MS, progress.from.getTime());
  const end = Math.min(Math.floor(to / MINUTE_MS) * MINUTE_MS, progress.to.getTime());
  if (start >= end) return { materialised: null, live: [range] };
  const live: TimeRange[] = [];
  if (from < start) live.push({ from: range.from, to: new Date(start) });
  if (end < to) live.push({ from: new Date(end), to: range.to });
  return { materialised: { from: new Date(start), to: new Date(end) }, live };
}
