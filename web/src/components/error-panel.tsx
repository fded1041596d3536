import type { ApiError } from '../api/client.ts';

interface ErrorPanelProps {
  title: string;
  error: ApiError;
  onRetry?: () => void;
}

/** A failed load, in words, with a Retry button. */
export function ErrorPanel({ title, error, onRetry }: ErrorPanelProps) {
  return (
    <div className="error-panel" role="alert">
      <p className="error-panel-title">{title}</p>
      <p>{error.message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
