import { Link, useSearchParams } from 'react-router';
import type { CatalogError } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Time } from '../../components/time.tsx';
import { problemLocation } from './catalog-problems.tsx';
import { RefreshCatalogButton } from './refresh-catalog-button.tsx';

/** Every problem of the last sync of each catalog source, filterable by source (in the URL). */
export function CatalogErrorsPage() {
  const query = useApiQuery<ItemList<CatalogError>>('/api/v1/catalog/errors', { keepPrevious: true });
  const [params, setParams] = useSearchParams();
  const source = params.get('source') ?? '';
  return (
    <>
      <PageHeader
        title="Catalog problems"
        description={
          <>
            <Link to="/services">Catalog</Link> · Entries the last sync skipped, with the file, line and
            reason. Run <code>cairn catalog validate DIR</code> in CI to catch them before they merge.
          </>
        }
        actions={<RefreshCatalogButton />}
      />
      <ApiView query={query} errorTitle="Could not load the catalog problems" rows={4}>
        {(data) => {
          if (data.items.length === 0) {
            return (
              <EmptyState title="No catalog problems">
                <p>Every file of every catalog source was valid at the last sync.</p>
              </EmptyState>
            );
          }
          const sources = [...new Set(data.items.map((p) => p.source))].sort();
          const shown = data.items.filter((p) => !source || p.source === source);
          return (
            <>
              <div className="toolbar">
                <label className="inline-field">
                  Source
                  <select
                    value={source}
                    onChange={(e) =>
                      setParams(e.target.value ? { source: e.target.value } : {}, { replace: true })
                    }
                  >
                    <option value="">All sources</option>
                    {sources.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <p className="muted" aria-live="polite">
                {shown.length} of {data.items.length} problems
              </p>
              <ProblemTable problems={shown} />
            </>
          );
        }}
      </ApiView>
    </>
  );
}

function ProblemTable({ problems }: { problems: CatalogError[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Catalog problems</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Problem</th>
            <th scope="col">Source</th>
            <th scope="col">Checked</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p) => (
            <tr key={`${p.source}:${p.file ?? ''}:${p.line ?? ''}:${p.message}`}>
              <th scope="row" className="mono">
                {problemLocation(p)}
              </th>
              <td>{p.message}</td>
              <td className="mono">{p.source}</td>
              <td>
                <Time value={p.at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
