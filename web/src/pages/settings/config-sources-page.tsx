import { Link } from 'react-router';
import type { ConfigSourceStatus } from '../../api/contracts.ts';
import { toApiState, useApiQuery } from '../../api/queries.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { LoadingBlock } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Time } from '../../components/time.tsx';

const STATE_TEXT: Record<ConfigSourceStatus['state'], string> = {
  pending: 'not read yet',
  applied: 'up to date',
  invalid: 'refused: the last good configuration runs',
  unreachable: 'unreachable: the last good configuration runs',
};

const shortRevision = (revision: string | null) => (revision ? revision.slice(0, 10) : '—');

/**
 * Settings → Config: every config source (directory or git branch), what runs from it and, when
 * its latest revision was refused, each problem as file:line. Polls, so a push shows up here.
 */
export function ConfigSourcesPage() {
  const query = useApiQuery<{ items: ConfigSourceStatus[] }>('/api/v1/config/sources', { pollMs: 15_000 });
  const state = toApiState(query);
  return (
    <>
      <PageHeader
        title="Config"
        description={
          <>
            <Link to="/settings">Settings</Link> · Settings read from directories and git. A change with
            problems is refused; the last good configuration keeps running.
          </>
        }
      />
      {state.status === 'loading' ? <LoadingBlock rows={3} /> : null}
      {state.status === 'error' ? (
        <ErrorPanel
          title="Could not load the config sources"
          error={state.error}
          onRetry={() => void query.refetch()}
        />
      ) : null}
      {state.status === 'ok' && state.data.items.length === 0 ? (
        <EmptyState title="No config source">
          <p>Add runbook sources under gitops.sources in cairn.yaml.</p>
        </EmptyState>
      ) : null}
      {state.status === 'ok'
        ? state.data.items.map((source) => <SourceCard key={source.id} source={source} />)
        : null}
    </>
  );
}

function SourceCard({ source }: { source: ConfigSourceStatus }) {
  const failing = source.state === 'invalid' || source.state === 'unreachable';
  return (
    <section className="card" aria-label={`${source.kind} from ${source.label}`}>
      <h2 className="section-heading">
        {source.kind} · <code>{source.label}</code>
      </h2>
      <p>
        <span
          className={`badge badge-status status-${failing ? 'failed' : source.state === 'applied' ? 'succeeded' : 'pending'}`}
        >
          {STATE_TEXT[source.state]}
        </span>{' '}
        Running: {source.objects} from {shortRevision(source.appliedRevision)}
        {source.appliedAt ? (
          <>
            {' '}
            (applied <Time value={source.appliedAt} />)
          </>
        ) : null}
        {source.revision && source.revision !== source.appliedRevision ? (
          <> · latest {shortRevision(source.revision)}</>
        ) : null}
        {source.checkedAt ? (
          <>
            {' '}
            · checked <Time value={source.checkedAt} />
          </>
        ) : null}
      </p>
      {source.error ? (
        <p className="error-text" role="alert">
          {source.error}
        </p>
      ) : null}
      {source.problems.length > 0 ? (
        <ul className="problem-list" aria-label="Problems">
          {source.problems.map((problem) => (
            <li key={`${problem.file}:${problem.line}:${problem.message}`}>
              <code>
                {problem.file}:{problem.line}
              </code>{' '}
              {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
