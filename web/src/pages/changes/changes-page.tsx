import type { Change } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { ChangesTable } from '../../components/changes-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TimeRangePicker } from '../../components/time-range-picker.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, useTimeRange } from '../../lib/time-range.ts';

/** `push` is listed only when chosen: commits reaching a branch are not running yet. */
const KINDS = ['deploy', 'rollback', 'config', 'feature-flag', 'infra', 'scale', 'push'];

function NoChanges() {
  return (
    <EmptyState title="No changes yet">
      <p>
        Send deploys and config changes from GitHub, Argo CD, Jenkins or <code>POST /api/v1/changes</code>.
        See
        <a href="/settings/integrations">Settings → Integrations</a> for the exact URLs.
      </p>
    </EmptyState>
  );
}

/** Every change across services, filterable by service, environment and kind (in the URL). */
export function ChangesPage() {
  const { range, setRange, setRefresh, refreshNow, params, setParam } = useTimeRange('7d');
  const filters = {
    service: params.get('service'),
    environment: params.get('environment'),
    kind: params.get('kind'),
  };
  const query = useApiQuery<ItemList<Change>>(
    withQuery('/api/v1/changes', { ...filters, ...rangeQuery(range), limit: 500 }),
    {
      keepPrevious: true,
    },
  );
  return (
    <>
      <PageHeader
        title="Changes"
        description="Deploys, rollbacks, config and infrastructure changes, so they line up with incidents."
        actions={
          <TimeRangePicker
            range={range}
            onRange={setRange}
            onRefresh={setRefresh}
            onRefreshNow={refreshNow}
          />
        }
      />
      <div className="toolbar filters">
        <label className="inline-field">
          Service
          <input
            defaultValue={filters.service ?? ''}
            onBlur={(e) => setParam({ service: e.target.value.trim() || null })}
          />
        </label>
        <label className="inline-field">
          Environment
          <input
            defaultValue={filters.environment ?? ''}
            onBlur={(e) => setParam({ environment: e.target.value.trim() || null })}
          />
        </label>
        <label className="inline-field">
          Kind
          <select value={filters.kind ?? ''} onChange={(e) => setParam({ kind: e.target.value || null })}>
            <option value="">Any</option>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      </div>
      <ApiView query={query} errorTitle="Could not load changes" rows={6} notFound={() => <NoChanges />}>
        {(data) => (data.items.length === 0 ? <NoChanges /> : <ChangesTable changes={data.items} />)}
      </ApiView>
    </>
  );
}
