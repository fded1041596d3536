import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders, stubApi } from '../test-api.tsx';
import { ApiError, apiFetch } from './client.ts';
import { apiQueryKey, isUnderPath, useApiMutation, useApiQuery } from './queries.ts';
import { retryDelayMs, shouldRetry } from './query-client.ts';

afterEach(() => vi.unstubAllGlobals());

describe('cache keys', () => {
  it('splits a URL into pathname and query, so lists can be invalidated by path', () => {
    expect(apiQueryKey('/api/v1/changes?service=cart&limit=8')).toEqual([
      'api',
      '/api/v1/changes',
      'service=cart&limit=8',
    ]);
    expect(apiQueryKey('/api/v1/me')).toEqual(['api', '/api/v1/me', '']);
  });

  it('matches a path and the paths under it, not a longer name', () => {
    expect(isUnderPath(apiQueryKey('/api/v1/incidents?status=open'), '/api/v1/incidents')).toBe(true);
    expect(isUnderPath(apiQueryKey('/api/v1/incidents/7'), '/api/v1/incidents')).toBe(true);
    expect(isUnderPath(apiQueryKey('/api/v1/incidents-archive'), '/api/v1/incidents')).toBe(false);
    expect(isUnderPath(['other', '/api/v1/incidents'], '/api/v1/incidents')).toBe(false);
  });
});

describe('retries', () => {
  it('retries what may pass (network, 429, 5xx) twice, never a 4xx the server meant', () => {
    expect(shouldRetry(0, new ApiError(0, 'network', 'down'))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, 'unavailable', 'busy'))).toBe(true);
    expect(shouldRetry(0, new ApiError(429, 'too_many', 'slow down'))).toBe(true);
    expect(shouldRetry(2, new ApiError(503, 'unavailable', 'busy'))).toBe(false);
    expect(shouldRetry(0, new ApiError(400, 'invalid', 'bad from'))).toBe(false);
    expect(shouldRetry(0, new ApiError(404, 'not_found', 'gone'))).toBe(false);
    expect(shouldRetry(0, new Error('bug'))).toBe(false);
    expect([0, 1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 8000]);
  });
});

function Count({ path }: { path: string }) {
  const query = useApiQuery<{ items: unknown[] }>(path);
  return <p>{query.data ? `${query.data.items.length} items` : 'loading'}</p>;
}

describe('useApiQuery', () => {
  it('sends one request for components asking the same URL at once', async () => {
    const api = stubApi({ '/api/v1/alerts': { items: [1, 2, 3] } });
    render(
      <AppProviders>
        <Count path="/api/v1/alerts" />
        <Count path="/api/v1/alerts" />
      </AppProviders>,
    );
    await waitFor(() => expect(screen.getAllByText('3 items')).toHaveLength(2));
    expect(api.requested).toEqual(['/api/v1/alerts']);
  });

  it('gives the server’s message as an ApiError and does not retry a 404', async () => {
    const api = stubApi({});
    const { result } = renderHook(() => useApiQuery('/api/v1/incidents/nope'), { wrapper: AppProviders });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status: 404, message: 'no /api/v1/incidents/nope' });
    expect(api.requested).toEqual(['/api/v1/incidents/nope']);
  });

  it('asks nothing for a null path', async () => {
    const api = stubApi({});
    const { result } = renderHook(() => useApiQuery(null), { wrapper: AppProviders });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.current.isPending).toBe(true);
    expect(api.requested).toEqual([]);
  });
});

describe('polling', () => {
  it('polls while the answer says so, then stops', async () => {
    const answers = [{ context: null }, { context: null }, { context: { ready: true } }];
    const requested: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      requested.push(String(input));
      const body = answers[Math.min(requested.length - 1, answers.length - 1)];
      return new Response(JSON.stringify(body), { status: 200 });
    });
    const { result } = renderHook(
      () =>
        useApiQuery<{ context: unknown }>('/api/v1/incidents/7', {
          pollMs: 40,
          pollWhile: (incident) => incident?.context === null,
        }),
      { wrapper: AppProviders },
    );
    await waitFor(() => expect(result.current.data).toEqual({ context: { ready: true } }));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(requested).toEqual(['/api/v1/incidents/7', '/api/v1/incidents/7', '/api/v1/incidents/7']);
  });
});

describe('useApiMutation', () => {
  it('fetches again the lists under the paths it invalidates, and only those', async () => {
    const api = stubApi({
      '/api/v1/silences': { items: [] },
      '/api/v1/tokens': { items: [] },
    });
    const { result } = renderHook(
      () => ({
        silences: useApiQuery('/api/v1/silences'),
        tokens: useApiQuery('/api/v1/tokens'),
        end: useApiMutation<void, unknown>({
          request: () => apiFetch('/api/v1/silences', { method: 'GET' }),
          invalidates: ['/api/v1/silences'],
        }),
      }),
      { wrapper: AppProviders },
    );
    await waitFor(() =>
      expect(result.current.tokens.isSuccess && result.current.silences.isSuccess).toBe(true),
    );
    expect(api.requested.sort()).toEqual(['/api/v1/silences', '/api/v1/tokens']);
    await act(() => result.current.end.mutateAsync());
    // One call for the change itself, one refetch of the silences; the tokens stay cached.
    expect(api.requested.filter((url) => url === '/api/v1/silences')).toHaveLength(3);
    expect(api.requested.filter((url) => url === '/api/v1/tokens')).toHaveLength(1);
  });
});
