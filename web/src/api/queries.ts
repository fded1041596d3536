import {
  keepPreviousData,
  type QueryKey,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { ApiError, apiFetch } from './client.ts';

/** A request's state in the shape the pages and `MeProvider` read. */
export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ok'; data: T };

/** The result of `useApiQuery`: TanStack Query's, with `ApiError` as its error. */
export type ApiQuery<T> = UseQueryResult<T, ApiError>;

/**
 * The cache key of an API URL: `['api', pathname, search]`. Keys are built from the URL only, so
 * two components asking for the same URL share one request and one answer.
 */
export function apiQueryKey(path: string): readonly ['api', string, string] {
  const at = path.indexOf('?');
  return at === -1 ? ['api', path, ''] : ['api', path.slice(0, at), path.slice(at + 1)];
}

/** Whether a cached query belongs to an API path under `prefix` (`/api/v1/incidents` covers `/api/v1/incidents/7`). */
export function isUnderPath(queryKey: QueryKey, prefix: string): boolean {
  if (queryKey[0] !== 'api' || typeof queryKey[1] !== 'string') return false;
  const pathname = queryKey[1];
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export interface ApiQueryOptions<T> {
  /**
   * Keep showing the previous URL's answer while the next one loads: for the same view asked again
   * with a moved time range or filter, so the page does not flash a skeleton.
   */
  keepPrevious?: boolean;
  /** Poll every so many ms while the page is open and visible (0 or absent: no polling). */
  pollMs?: number;
  /** Poll only while this holds for the latest answer (e.g. until a computation is done). */
  pollWhile?: (data: T | undefined) => boolean;
}

/**
 * Loads `path` from the API through the shared cache. A `null` path loads nothing and stays
 * pending (a dependent request whose input is not known yet).
 */
export function useApiQuery<T>(path: string | null, options: ApiQueryOptions<T> = {}): ApiQuery<T> {
  const { pollMs, pollWhile } = options;
  return useQuery<T, ApiError>({
    queryKey: apiQueryKey(path ?? ''),
    queryFn: ({ signal }) => {
      // `enabled` below keeps a null path from ever reaching here.
      if (path === null) throw new ApiError(0, 'unexpected', 'No request to make.');
      return apiFetch<T>(path, { signal }).catch((error: unknown) => {
        // A cancelled request is TanStack Query's own doing; it must see the abort as is.
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        throw toApiError(error);
      });
    },
    enabled: path !== null,
    // A view whose time range moves asks for a new URL each time; the old answers are not asked
    // for again, so they leave the cache sooner than the default five minutes.
    ...(options.keepPrevious ? { placeholderData: keepPreviousData, gcTime: 60_000 } : {}),
    ...(pollMs
      ? {
          refetchInterval: (query: { state: { data: T | undefined } }) =>
            !pollWhile || pollWhile(query.state.data) ? pollMs : false,
          refetchIntervalInBackground: false,
        }
      : {}),
  });
}

/** Reads a query as `ApiState`: loading until the first answer, then the answer or the error. */
export function toApiState<T>(query: { data: T | undefined; error: ApiError | null }): ApiState<T> {
  if (query.data !== undefined) return { status: 'ok', data: query.data };
  if (query.error) return { status: 'error', error: query.error };
  return { status: 'loading' };
}

export interface ApiMutationOptions<TVariables, TData> {
  /** Sends the change (a POST, DELETE…) through `apiFetch`. */
  request: (variables: TVariables) => Promise<TData>;
  /** API paths whose cached answers the change makes stale; each covers the paths under it. */
  invalidates: readonly string[];
  onSuccess?: (data: TData, variables: TVariables) => void;
}

/**
 * A change sent to the API. On success, every cached answer under `invalidates` is marked stale
 * and the ones on screen are fetched again, so lists show the change without a manual reload.
 * Failures come back as `ApiError` (in `error`) with the server's message.
 */
export function useApiMutation<TVariables, TData>({
  request,
  invalidates,
  onSuccess,
}: ApiMutationOptions<TVariables, TData>) {
  const queryClient = useQueryClient();
  return useMutation<TData, ApiError, TVariables>({
    mutationFn: (variables) =>
      request(variables).catch((error: unknown) => {
        throw toApiError(error);
      }),
    onSuccess: async (data, variables) => {
      onSuccess?.(data, variables);
      await Promise.all(
        invalidates.map((prefix) =>
          queryClient.invalidateQueries({ predicate: (query) => isUnderPath(query.queryKey, prefix) }),
        ),
      );
    },
  });
}

/** Wraps anything thrown by an API call into an `ApiError` with a readable message. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'unexpected', `Something went wrong: ${message}`);
}
