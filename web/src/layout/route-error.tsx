import { isRouteErrorResponse, useRouteError } from 'react-router';

/**
 * A page that failed to load or render. The usual cause after an upgrade is a page chunk that no
 * longer exists on the server, which a reload fixes.
 */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <div className="error-panel route-error" role="alert">
      <title>Error · Cairn</title>
      <p className="error-panel-title">This page could not be shown</p>
      <p>{message}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
