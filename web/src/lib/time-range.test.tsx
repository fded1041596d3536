import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../test-api.tsx';
import { resolveTimeRange, usePinnedWindow, useTimeRange } from './time-range.ts';

function AtLogs15m({ children }: { children: ReactNode }) {
  return <AppProviders path="/logs?range=15m">{children}</AppProviders>;
}

describe('resolveTimeRange', () => {
  it('resolves a relative range against the given moment, and reads absolute ones as given', () => {
    const now = 1_700_000_000_000;
    expect(resolveTimeRange(new URLSearchParams('range=6h&refresh=30s'), now)).toEqual({
      key: '6h',
      label: 'Last 6 hours',
      from: now - 6 * 3_600_000,
      to: now,
      refresh: '30s',
      refreshMs: 30_000,
    });
    expect(resolveTimeRange(new URLSearchParams('from=1000&to=2000'), now)).toMatchObject({
      key: 'custom',
      from: 1000,
      to: 2000,
      refreshMs: 0,
    });
    expect(resolveTimeRange(new URLSearchParams('range=bogus'), now).key).toBe('1h');
  });
});

describe('useTimeRange', () => {
  it('keeps the same window across renders, and moves it only on refresh', async () => {
    const { result, rerender } = renderHook(() => useTimeRange('1h'), { wrapper: AtLogs15m });
    const first = result.current.range;
    expect(first.to - first.from).toBe(15 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    rerender();
    rerender();
    expect(result.current.range).toBe(first);
    act(() => result.current.refreshNow());
    expect(result.current.range.to).toBeGreaterThan(first.to);
    expect(result.current.range.to - result.current.range.from).toBe(15 * 60_000);
  });
});

describe('usePinnedWindow', () => {
  it('is the same object on every render', async () => {
    const { result, rerender } = renderHook(() => usePinnedWindow(86_400_000), { wrapper: AppProviders });
    const first = result.current;
    expect(first.to - first.from).toBe(86_400_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    rerender();
    expect(result.current).toBe(first);
  });
});
