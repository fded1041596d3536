import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import type { ApiState } from '../api/use-api.ts';
import { ErrorPanel } from './error-panel.tsx';
import { LoadingBlock } from './loading.tsx';

interface ApiViewProps<T> {
  state: ApiState<T>;
  reload: () => void;
  /** Title of the error panel: "Could not load …". */
  errorTitle: string;
  /** Skeleton rows while loading, sized like the content so nothing jumps. */
  rows?: number;
  /** Shown instead of the error panel when the API answers 404 (not there yet, or no such item). */
  notFound?: (error: ApiError) => ReactNode;
  children: (data: T) => ReactNode;
}

/** One place for the loading, error and loaded states of a request. */
export function ApiView<T>({ state, reload, errorTitle, rows = 3, notFound, children }: ApiViewProps<T>) {
  if (state.status === 'loading') return <LoadingBlock rows={rows} />;
  if (state.status === 'error') {
    if (state.error.status === 404 && notFound) return <>{notFound(state.error)}</>;
    return <ErrorPanel title={errorTitle} error={state.error} onRetry={reload} />;
  }
  return <>{children(state.data)}</>;
}
