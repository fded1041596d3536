import { Link } from 'react-router';
import type { CatalogError } from '../../api/contracts.ts';
import type { ApiState } from '../../api/queries.ts';
import { Time } from '../../components/time.tsx';

/** How many problems the banner lists before pointing to the full list. */
const SHOWN = 3;

/** `catalog/payments.yaml:14`, or the source alone when the problem is not in one file. */
export function problemLocation(problem: CatalogError): string {
  if (!problem.file) return '—';
  return problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
}

/**
 * The banner on the Catalog page: the sync problems (invalid files are skipped, the rest loads),
 * the first few in full and a link to all of them. Nothing when there are none.
 */
export function CatalogProblemsBanner({
  state,
  onRetry,
}: {
  state: ApiState<{ items: CatalogError[] }>;
  onRetry: () => void;
}) {
  if (state.status === 'loading') return null;
  if (state.status === 'error') {
    return (
      <p className="notice notice-warning" role="alert">
        Could not check the catalog for problems: {state.error.message}{' '}
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      </p>
    );
  }
  const problems = state.data.items;
  if (problems.length === 0) return null;
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return (
    <section className="problems-banner" aria-labelledby="catalog-problems-title">
      <h2 id="catalog-problems-title">The last catalog sync skipped invalid entries: {count}</h2>
      <ul className="problem-list">
        {problems.slice(0, SHOWN).map((p) => (
          <li key={`${p.source}:${p.file ?? ''}:${p.line ?? ''}:${p.message}`}>
            <span className="mono">{problemLocation(p)}</span> <span className="muted">({p.source})</span>{' '}
            {p.message}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/catalog/errors">Open the full list</Link>
        <span className="muted">
          {' '}
          · checked <Time value={problems[0]?.at ?? ''} />
        </span>
      </p>
    </section>
  );
}
