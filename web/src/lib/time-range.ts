import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

/** Relative ranges offered by the picker; the key is what the URL carries (`?range=1h`). */
export const RELATIVE_RANGES = [
  { key: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { key: '1h', label: 'Last hour', ms: 60 * 60_000 },
  { key: '6h', label: 'Last 6 hours', ms: 6 * 60 * 60_000 },
  { key: '24h', label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  { key: '7d', label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
] as const;

/** Auto-refresh choices (`?refresh=30s`); `off` is the default. */
export const REFRESH_INTERVALS = [
  { key: 'off', label: 'Off', ms: 0 },
  { key: '10s', label: 'Every 10 s', ms: 10_000 },
  { key: '30s', label: 'Every 30 s', ms: 30_000 },
  { key: '1m', label: 'Every minute', ms: 60_000 },
  { key: '5m', label: 'Every 5 minutes', ms: 300_000 },
] as const;

export interface TimeRange {
  /** The relative key (`1h`), or `custom` when the URL carries absolute `from`/`to`. */
  key: string;
  label: string;
  from: number;
  to: number;
  refresh: string;
  refreshMs: number;
}

/** Parses `?from=&to=` as epoch ms or ISO; null unless both are valid and ordered. */
export function parseAbsolute(from: string | null, to: string | null): { from: number; to: number } | null {
  if (!from || !to) return null;
  const parse = (value: string) => (/^\d+$/.test(value) ? Number(value) : Date.parse(value));
  const start = parse(from);
  const end = parse(to);
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end) return null;
  return { from: start, to: end };
}

/**
 * Resolves the page's time range from the URL (so every view is shareable) against `now`.
 * Falls back to `fallback` (a relative key) when the URL names none or an unknown one.
 */
export function resolveTimeRange(params: URLSearchParams, now: number, fallback = '1h'): TimeRange {
  const refresh = REFRESH_INTERVALS.find((r) => r.key === params.get('refresh')) ?? REFRESH_INTERVALS[0];
  const absolute = parseAbsolute(params.get('from'), params.get('to'));
  if (absolute) {
    return { key: 'custom', label: 'Custom range', ...absolute, refresh: refresh.key, refreshMs: 0 };
  }
  const relative =
    RELATIVE_RANGES.find((r) => r.key === params.get('range')) ??
    RELATIVE_RANGES.find((r) => r.key === fallback) ??
    RELATIVE_RANGES[1];
  return {
    key: relative.key,
    label: relative.label,
    from: now - relative.ms,
    to: now,
    refresh: refresh.key,
    refreshMs: refresh.ms,
  };
}

/**
 * The time range of the current page, from the URL, plus setters that write the URL. A relative
 * range is pinned to the moment it was resolved, and moves forward on `refreshNow()` and on every
 * auto-refresh tick, so requests stay stable between refreshes.
 */
export function useTimeRange(fallback = '1h') {
  const [params, setParams] = useSearchParams();
  const [now, setNow] = useState(() => Date.now());
  const range = useMemo(() => resolveTimeRange(params, now, fallback), [params, now, fallback]);

  useEffect(() => {
    if (range.refreshMs === 0) return;
    const timer = setInterval(() => {
      // A hidden tab does not need fresh data; it refreshes when the user looks again.
      if (document.visibilityState === 'visible') setNow(Date.now());
    }, range.refreshMs);
    return () => clearInterval(timer);
  }, [range.refreshMs]);

  const setParam = useCallback(
    (changes: Record<string, string | null>) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const setRange = useCallback(
    (key: string) => {
      setNow(Date.now());
      setParam({ range: key, from: null, to: null });
    },
    [setParam],
  );
  const setRefresh = useCallback(
    (key: string) => setParam({ refresh: key === 'off' ? null : key }),
    [setParam],
  );
  const refreshNow = useCallback(() => setNow(Date.now()), []);

  return { range, setRange, setRefresh, refreshNow, params, setParam };
}

/**
 * The `ms` before the moment the component mounted, fixed for its lifetime: for sections with a
 * window of their own ("changes in the last 24 hours") outside the page's time range. The window
 * moves only when the page is opened again, so the request URL is the same on every render.
 */
export function usePinnedWindow(ms: number): { from: number; to: number } {
  const [now] = useState(() => Date.now());
  return useMemo(() => ({ from: now - ms, to: now }), [now, ms]);
}

/** `from`/`to` as query parameters for the API (epoch ms, which every Cairn endpoint accepts). */
export function rangeQuery(range: { from: number; to: number }): Record<string, string> {
  return { from: String(Math.floor(range.from)), to: String(Math.ceil(range.to)) };
}
