import { type FormEvent, useEffect, useState } from 'react';
import type { LogList } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TimeRangePicker } from '../../components/time-range-picker.tsx';
import { logQueryParams, parseLogQuery } from '../../lib/log-query.ts';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, useTimeRange } from '../../lib/time-range.ts';
import { LogHistogram } from './log-histogram.tsx';
import { LogTable } from './log-table.tsx';

const LIVE_TAIL_MS = 2000;
const PAGE = 500;

/** Logs search: words and `service:` `severity:` `trace:` `key=value` terms, a volume histogram, live tail. */
export function LogsPage() {
  const { range, setRange, setRefresh, refreshNow, params, setParam } = useTimeRange('1h');
  const text = params.get('q') ?? '';
  const live = params.get('live') === '1';
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refreshNow, LIVE_TAIL_MS);
    return () => clearInterval(timer);
  }, [live, refreshNow]);

  const path = withQuery('/api/v1/logs', {
    ...logQueryParams(parseLogQuery(text)),
    ...rangeQuery(range),
    limit: PAGE,
  });
  const query = useApiQuery<LogList>(path, { keepPrevious: true });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    refreshNow();
    setParam({ q: draft.trim() || null });
  };

  return (
    <>
      <PageHeader
        title="Logs"
        description="Search every service's logs; a row opens to its attributes and its trace."
        actions={
          <TimeRangePicker
            range={range}
            onRange={setRange}
            onRefresh={setRefresh}
            onRefreshNow={refreshNow}
          />
        }
      />
      <search>
        <form className="search-bar" onSubmit={submit}>
          <label htmlFor="log-search" className="visually-hidden">
            Search logs
          </label>
          <input
            id="log-search"
            type="search"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder='timeout service:checkout severity:error http.route="/cart" trace:4bf9…'
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="button button-primary">
            Search
          </button>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={live}
              onChange={(event) => setParam({ live: event.target.checked ? '1' : null })}
            />
            Live tail
          </label>
        </form>
      </search>
      <ApiView query={query} errorTitle="Could not search logs" rows={8}>
        {(data) => (
          <>
            <LogHistogram
              logs={data.items}
              from={range.from}
              to={range.to}
              truncated={data.nextCursor !== null}
            />
            {data.items.length === 0 ? (
              <EmptyState title="No logs match">
                <p>
                  Nothing in this range matches <code>{text || 'everything'}</code>. Widen the time range or
                  remove a term. Logs arrive through OTLP/HTTP <code>/v1/logs</code>.
                </p>
              </EmptyState>
            ) : (
              <LogTable logs={data.items} />
            )}
          </>
        )}
      </ApiView>
    </>
  );
}
