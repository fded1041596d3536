import { type FormEvent, useId } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Time } from '../../components/time.tsx';
import { withQuery } from '../../lib/query-string.ts';

/** One entry of `GET /api/v1/audit`. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actorId: string;
  action: string;
  target: string;
  service: string | null;
  outcome: 'succeeded' | 'refused' | 'failed';
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

const FILTERS = ['actor', 'service', 'action', 'outcome'] as const;

/**
 * The audit trail: every state change made through Cairn, with who, when, from where and how it
 * ended (refusals included). Filters live in the URL; the same filters export CSV.
 */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const formId = useId();
  const filter = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? '']));
  const query = useApiQuery<{ items: AuditEntry[] }>(withQuery('/api/v1/audit', { ...filter, limit: 200 }), {
    keepPrevious: true,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const key of FILTERS) {
      const value = String(form.get(key) ?? '').trim();
      if (value) next[key] = value;
    }
    setParams(next, { replace: true });
  }

  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change made through Cairn: who, when, from where, and whether it was allowed."
        actions={
          <a className="button" href={withQuery('/api/v1/audit/export.csv', filter)} download>
            Export CSV
          </a>
        }
      />
      <form className="toolbar" onSubmit={onSubmit} aria-label="Filter the audit trail">
        <label htmlFor={`${formId}-actor`}>Actor</label>
        <input id={`${formId}-actor`} name="actor" defaultValue={filter.actor} placeholder="name or user:…" />
        <label htmlFor={`${formId}-service`}>Service</label>
        <input id={`${formId}-service`} name="service" defaultValue={filter.service} />
        <label htmlFor={`${formId}-action`}>Action</label>
        <input id={`${formId}-action`} name="action" defaultValue={filter.action} placeholder="silence." />
        <label htmlFor={`${formId}-outcome`}>Outcome</label>
        <select id={`${formId}-outcome`} name="outcome" defaultValue={filter.outcome}>
          <option value="">any</option>
          <option value="succeeded">succeeded</option>
          <option value="refused">refused</option>
          <option value="failed">failed</option>
        </select>
        <button type="submit" className="button button-small">
          Filter
        </button>
      </form>
      <ApiView query={query} errorTitle="Could not load the audit trail" rows={8}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No audit entries">
              <p>Nothing matches these filters.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Audit entries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Service</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((entry) => (
                    <tr key={entry.id}>
                      <td>
                        <Time value={entry.at} precise />
                      </td>
                      <td title={entry.actorId}>{entry.actor}</td>
                      <td>
                        <span className="mono">{entry.action}</span>{' '}
                        <span className="muted">{entry.target}</span>
                      </td>
                      <td>{entry.service ?? '—'}</td>
                      <td title={typeof entry.details.error === 'string' ? entry.details.error : undefined}>
                        <span className={`badge badge-outcome-${entry.outcome}`}>{entry.outcome}</span>
                        {typeof entry.details.error === 'string' ? (
                          <span className="muted audit-reason"> {entry.details.error}</span>
                        ) : null}
                      </td>
                      <td className="muted" title={entry.userAgent ?? undefined}>
                        {entry.ip ?? '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ApiView>
    </>
  );
}
