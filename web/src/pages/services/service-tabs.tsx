import { Link } from 'react-router';
import type { LogList, TraceSummary } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { Time } from '../../components/time.tsx';
import { formatMs } from '../../lib/format.ts';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, type TimeRange } from '../../lib/time-range.ts';
import { LogTable } from '../logs/log-table.tsx';

/** The service's newest logs, with a link to the full search. */
export function ServiceLogsTab({ name, range }: { name: string; range: TimeRange }) {
  const query = useApiQuery<LogList>(
    withQuery('/api/v1/logs', { service: name, ...rangeQuery(range), limit: 200 }),
    { keepPrevious: true },
  );
  return (
    <section aria-label="Logs">
      <p>
        <Link
          to={withQuery('/logs', { q: `service:${name}`, range: range.key === 'custom' ? null : range.key })}
        >
          Search all logs of {name}
        </Link>
      </p>
      <ApiView query={query} errorTitle="Could not load logs" rows={6}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">No logs from {name} in this range.</p>
          ) : (
            <LogTable logs={data.items} showService={false} />
          )
        }
      </ApiView>
    </section>
  );
}

/** Traces the service took part in, newest first. */
export function ServiceTracesTab({ name, range }: { name: string; range: TimeRange }) {
  const query = useApiQuery<ItemList<TraceSummary>>(
    withQuery('/api/v1/traces', { service: name, ...rangeQuery(range), limit: 50 }),
    { keepPrevious: true },
  );
  return (
    <ApiView query={query} errorTitle="Could not load traces" rows={6}>
      {(data) =>
        data.items.length === 0 ? (
          <p className="muted">No traces through {name} in this range.</p>
        ) : (
          <TraceSummaryTable traces={data.items} />
        )
      }
    </ApiView>
  );
}

/** Trace summaries linking to their waterfall. */
export function TraceSummaryTable({ traces }: { traces: TraceSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <caption className="visually-hidden">Traces</caption>
        <thead>
          <tr>
            <th scope="col">Start</th>
            <th scope="col">Root</th>
            <th scope="col">Duration</th>
            <th scope="col">Spans</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr key={t.traceId} className={t.errorCount > 0 ? 'has-error' : undefined}>
              <td>
                <Time value={t.start} precise />
              </td>
              <th scope="row">
                <Link to={`/traces/${t.traceId}`}>
                  {t.rootService} · {t.rootOperation}
                </Link>
              </th>
              <td>{formatMs(t.durationMs)}</td>
              <td>{t.spanCount}</td>
              <td>{t.errorCount > 0 ? <strong className="text-danger">{t.errorCount}</strong> : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
