import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiFetch } from './client.ts';

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ok'; data: T };

interface Loaded<T> {
  path: string;
  state: ApiState<T>;
}

export interface UseApiOptions {
  /**
   * Keep showing the data of the previous path while the new one loads. For the same view asked
   * again with a moved time range (auto-refresh), so the page does not flash a skeleton.
   */
  keepPrevious?: boolean;
}

/**
 * Loads `path` from the API when the component mounts or `path` changes. `reload` fetches again
 * (the Retry button); while a reload of the same path runs, the previous data stays on screen.
 * A `null` path loads nothing and stays loading (a dependent request whose input is not known yet).
 */
export function useApi<T>(
  path: string | null,
  options: UseApiOptions = {},
): { state: ApiState<T>; reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ path: path ?? '', state: { status: 'loading' } });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // `attempt` is read so that reload() re-runs this effect.
    void attempt;
    if (path === null) return;
    const controller = new AbortController();
    apiFetch<T>(path, { signal: controller.signal }).then(
      (data) => {
        if (!controller.signal.aborted) setLoaded({ path, state: { status: 'ok', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setLoaded({ path, state: { status: 'error', error: toApiError(error) } });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const reload = useCallback(() => {
    setLoaded((previous) =>
      previous.state.status === 'error' ? { path: previous.path, state: { status: 'loading' } } : previous,
    );
    setAttempt((n) => n + 1);
  }, []);

  // Data loaded for another path is never shown for this one.
  const keep = options.keepPrevious === true && loaded.state.status === 'ok';
  const state: ApiState<T> = loaded.path === path || keep ? loaded.state : { status: 'loading' };
  return { state, reload };
}

/** Wraps anything thrown by an API call into an `ApiError` with a readable message. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'unexpected', `Something went wrong: ${message}`);
}
