import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import type { ApiQuery } from '../api/queries.ts';
import { ErrorPanel } from './error-panel.tsx';
import { LoadingBlock } from './loading.tsx';

interface ApiViewProps<T> {
  query: ApiQuery<T>;
  /** Title of the error panel: "Could not load …". */
  errorTitle: string;
  /** Skeleton rows while loading, sized like the content so nothing jumps. */
  rows?: number;
  /** Shown instead of the error panel when the API answers 404 (not there yet, or no such item). */
  notFound?: (error: ApiError) => ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * One place for the loading, error and loaded states of a request. When a refresh fails after an
 * answer was shown, the answer stays, with the failure in words above it.
 */
export function ApiView<T>({ query, errorTitle, rows = 3, notFound, children }: ApiViewProps<T>) {
  const retry = () => void query.refetch();
  if (query.data !== undefined) {
    return (
      <>
        {query.isError && !query.isFetching ? (
          <p className="notice-line text-danger" role="alert">
            Could not refresh: {query.error.message}{' '}
            <button type="button" className="button button-small" onClick={retry}>
              Retry
            </button>
          </p>
        ) : null}
        {children(query.data)}
      </>
    );
  }
  if (query.isError && !query.isFetching) {
    if (query.error.status === 404 && notFound) return <>{notFound(query.error)}</>;
    return <ErrorPanel title={errorTitle} error={query.error} onRetry={retry} />;
  }
  return <LoadingBlock rows={rows} />;
}
