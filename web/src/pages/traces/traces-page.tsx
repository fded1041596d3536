import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { TraceSummary } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TimeRangePicker } from '../../components/time-range-picker.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, useTimeRange } from '../../lib/time-range.ts';
import { TraceSummaryTable } from '../services/service-tabs.tsx';

/** Recent traces, filterable by service and errors; a trace id jumps straight to its waterfall. */
export function TracesPage() {
  const { range, setRange, setRefresh, refreshNow, params, setParam } = useTimeRange('1h');
  const navigate = useNavigate();
  const [traceId, setTraceId] = useState('');
  const service = params.get('service') ?? '';
  const errorsOnly = params.get('status') === 'error';
  const query = useApiQuery<ItemList<TraceSummary>>(
    withQuery('/api/v1/traces', {
      service,
      status: errorsOnly ? 'error' : null,
      ...rangeQuery(range),
      limit: 100,
    }),
    { keepPrevious: true },
  );
  const open = (event: FormEvent) => {
    event.preventDefault();
    const id = traceId.trim().toLowerCase();
    if (/^[0-9a-f]{32}$/.test(id)) navigate(`/traces/${id}`);
  };
  return (
    <>
      <PageHeader
        title="Traces"
        description="Requests across services, newest first."
        actions={
          <TimeRangePicker
            range={range}
            onRange={setRange}
            onRefresh={setRefresh}
            onRefreshNow={refreshNow}
          />
        }
      />
      <div className="toolbar">
        <form onSubmit={open} className="inline-form">
          <label htmlFor="trace-id" className="visually-hidden">
            Trace id
          </label>
          <input
            id="trace-id"
            value={traceId}
            onChange={(e) => setTraceId(e.target.value)}
            placeholder="Open trace id (32 hex)"
          />
          <button type="submit" className="button">
            Open
          </button>
        </form>
        <label className="inline-field">
          Service
          <input
            defaultValue={service}
            onBlur={(e) => setParam({ service: e.target.value.trim() || null })}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={errorsOnly}
            onChange={(e) => setParam({ status: e.target.checked ? 'error' : null })}
          />
          Errors only
        </label>
      </div>
      <ApiView query={query} errorTitle="Could not load traces" rows={8}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No traces in this range">
              <p>
                Traces arrive from OpenTelemetry SDKs and Collectors through OTLP/HTTP <code>/v1/traces</code>
                .
              </p>
            </EmptyState>
          ) : (
            <TraceSummaryTable traces={data.items} />
          )
        }
      </ApiView>
    </>
  );
}
