import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';

declare module '@tanstack/react-query' {
  interface Register {
    // Every query function goes through `apiFetch`, which only ever throws `ApiError` (see queries.ts).
    defaultError: ApiError;
  }
}

/** How long an answer is fresh: pages opened again within this reuse it without a request. */
export const STALE_TIME_MS = 30_000;
/** Retries after the first failure, for failures that may pass (network, 429, 5xx). */
export const MAX_RETRIES = 2;

/**
 * Whether a failed request is worth sending again: the network or the server may recover
 * (status 0, 408, 429, 5xx); any other 4xx will fail the same way again.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** Delay before retry `attempt` (0-based): 1 s, 2 s, 4 s…, at most 8 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, 8000);
}

/**
 * The one cache of API answers: requests for the same URL are shared, answers stay fresh for
 * `STALE_TIME_MS`, and transient failures are retried with back-off. Mutations never retry (a
 * POST may have been applied before the connection dropped).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: STALE_TIME_MS,
        gcTime: 5 * 60_000,
        retry: shouldRetry,
        retryDelay: retryDelayMs,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
