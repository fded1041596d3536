import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { apiFetch } from '../../api/client.ts';
import type { ActionDetail, Run, RunDetail } from '../../api/contracts.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';
import { approvalHint } from './run-permissions.ts';
import { useRunLog } from './use-run-log.ts';

const FINAL: readonly Run['state'][] = ['succeeded', 'failed', 'cancelled', 'declined', 'timed_out'];

/** One run: its state, who started and decided it, its links, the live log, and the decisions. */
export function RunPage() {
  const { id = '' } = useParams();
  const query = useApiQuery<RunDetail>(`/api/v1/runs/${encodeURIComponent(id)}`);
  return (
    <ApiView
      query={query}
      errorTitle="Could not load this run"
      rows={8}
      notFound={() => (
        <>
          <PageHeader title="Run not found" />
          <EmptyState title={`No run “${id}”`}>
            <p>
              The link may be wrong. <Link to="/approvals">See runs waiting for approval</Link>.
            </p>
          </EmptyState>
        </>
      )}
    >
      {(run) => <RunView run={run} />}
    </ApiView>
  );
}

type Decision = { verb: 'approve' | 'decline' | 'cancel'; comment: string };

export function RunView({ run }: { run: RunDetail }) {
  const me = useMe();
  const ended = FINAL.includes(run.state);
  const { lines, live } = useRunLog(run, ended);
  const action = useApiQuery<ActionDetail>(
    run.state === 'waiting_for_approval' ? `/api/v1/actions/${encodeURIComponent(run.actionId)}` : null,
  );
  const [comment, setComment] = useState('');
  const decide = useApiMutation<Decision, Run>({
    request: ({ verb, comment: text }) =>
      apiFetch<Run>(`/api/v1/runs/${encodeURIComponent(run.id)}/${verb}`, {
        method: 'POST',
        body: verb === 'cancel' ? '{}' : JSON.stringify({ comment: text }),
      }),
    invalidates: ['/api/v1/runs'],
  });
  const approval =
    me.status === 'ok' ? approvalHint(me.data, run, action.data ?? null) : { allowed: false, reason: null };
  const busy = decide.isPending ? decide.variables.verb : null;
  return (
    <article className="run">
      <PageHeader
        title={`${run.actionTitle}${run.service ? ` · ${run.service}` : ''}`}
        description={
          <span className="meta-line">
            <StatusBadge status={run.state} />
            <span>
              Started by {run.requestedBy.name} <Time value={run.createdAt} />
            </span>
            {run.decision ? (
              <span>
                {run.state === 'declined' ? 'Declined' : 'Approved'} by {run.decision.by.name}{' '}
                <Time value={run.decision.at} />
                {run.decision.comment ? `: “${run.decision.comment}”` : ''}
              </span>
            ) : run.approvalRequired ? (
              <span>Needs approval</span>
            ) : null}
            {run.finishedAt ? (
              <span>
                Ended <Time value={run.finishedAt} />
              </span>
            ) : null}
            {run.service ? (
              <Link to={`/services/${encodeURIComponent(run.service)}`}>{run.service}</Link>
            ) : null}
          </span>
        }
      />
      {run.message ? (
        <p className={`notice-line${run.state === 'succeeded' ? '' : ' text-danger'}`} role="status">
          {run.message}
        </p>
      ) : null}
      {run.warnings.map((warning) => (
        <p key={warning} className="notice-line">
          Warning: {warning}
        </p>
      ))}
      <section className="card" aria-label="Run details">
        <dl className="facts">
          <dt>Inputs</dt>
          <dd className="mono">
            {Object.entries(run.inputs)
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join(' ') || '—'}
          </dd>
          {run.links.length > 0 ? (
            <>
              <dt>Links</dt>
              <dd>
                {run.links.map((link) => (
                  <a key={link.url} href={link.url} target="_blank" rel="noreferrer">
                    {link.title}{' '}
                  </a>
                ))}
              </dd>
            </>
          ) : null}
          {run.changeId ? (
            <>
              <dt>Change</dt>
              <dd>
                <Link to={`/changes?service=${encodeURIComponent(run.service ?? '')}`}>Recorded change</Link>
              </dd>
            </>
          ) : null}
        </dl>
        {run.state === 'waiting_for_approval' ? (
          <div className="run-decision">
            <label>
              Comment{' '}
              <input name="comment" value={comment} onChange={(event) => setComment(event.target.value)} />
            </label>
            <button
              type="button"
              className="button button-primary"
              disabled={!approval.allowed || busy !== null}
              onClick={() => decide.mutate({ verb: 'approve', comment })}
            >
              {busy === 'approve' ? 'Approving…' : 'Approve'}
            </button>
            <button
              type="button"
              className="button"
              disabled={!approval.allowed || busy !== null}
              onClick={() => decide.mutate({ verb: 'decline', comment })}
            >
              {busy === 'decline' ? 'Declining…' : 'Decline'}
            </button>
            {approval.reason ? <p className="muted">{approval.reason}</p> : null}
          </div>
        ) : null}
        {!ended ? (
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => decide.mutate({ verb: 'cancel', comment: '' })}
          >
            {busy === 'cancel' ? 'Cancelling…' : 'Cancel run'}
          </button>
        ) : null}
        {decide.error ? <ErrorPanel title="Not done" error={decide.error} /> : null}
      </section>
      <section aria-label="Log">
        <h2 className="section-heading">Log {live ? <span className="badge">live</span> : null}</h2>
        {lines.length === 0 ? (
          <p className="muted">{ended ? 'No log lines.' : 'No log lines yet.'}</p>
        ) : (
          <pre className="run-log" data-testid="run-log">
            {lines.map((line) => `${line.line}\n`).join('')}
          </pre>
        )}
      </section>
    </article>
  );
}
