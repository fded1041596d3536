import { Link, useParams } from 'react-router';
import type { ManagedBy } from '../../api/contracts.ts';
import { useManagedBy } from '../../api/managed-by.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { Runbook, RunbookInsights } from '../../api/runbooks.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ManagedByBadge } from '../../components/managed-by-badge.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import {
  describeAppliesTo,
  describePath,
  formatMinutes,
  learntFor,
  type RunbookLearnt,
  reachedPercent,
} from './runbook-learnt.ts';

/** One runbook: its steps in order and what incidents taught about each. */
export function RunbookPage() {
  const { id = '' } = useParams();
  const runbook = useApiQuery<Runbook>(`/api/v1/runbooks/${encodeURIComponent(id)}`);
  const insights = useApiQuery<RunbookInsights>('/api/v1/runbooks/insights');
  const managedBy = useManagedBy('runbooks', id);
  return (
    <ApiView
      query={runbook}
      errorTitle="Could not load this runbook"
      rows={6}
      notFound={() => (
        <>
          <PageHeader title="Runbook not found" />
          <EmptyState title={`No runbook “${id}”`}>
            <p>
              It may have been renamed or removed from the configuration repository.{' '}
              <Link to="/runbooks">See all runbooks</Link>.
            </p>
          </EmptyState>
        </>
      )}
    >
      {(data) => (
        <RunbookView runbook={data} learnt={learntFor(insights.data, data.id)} managedBy={managedBy} />
      )}
    </ApiView>
  );
}

function RunbookView({
  runbook,
  learnt,
  managedBy,
}: {
  runbook: Runbook;
  learnt: RunbookLearnt | null;
  managedBy: ManagedBy | null;
}) {
  const walks = learnt?.incidents ?? 0;
  const byStep = new Map(learnt?.steps.map((s) => [s.stepId, s]));
  return (
    <>
      <PageHeader
        title={runbook.title}
        description={
          <span className="meta-line">
            <span>Owner {runbook.owner}</span>
            <span>Applies to {describeAppliesTo(runbook.appliesTo)}</span>
            {managedBy ? <ManagedByBadge managedBy={managedBy} /> : <code>{runbook.file}</code>}
          </span>
        }
      />
      <section className="card" aria-labelledby="runbook-learnt">
        <h2 id="runbook-learnt">What was learnt</h2>
        {walks === 0 ? (
          <p className="muted">No incident has walked this runbook yet.</p>
        ) : (
          <p>
            Walked on {walks === 1 ? '1 incident' : `${walks} incidents`}.{' '}
            {learnt?.fastestPath ? (
              <>
                Fastest path to resolved: <strong>{describePath(runbook, learnt.fastestPath.steps)}</strong>{' '}
                (median {formatMinutes(learnt.fastestPath.medianMinutesToResolve)}).
              </>
            ) : (
              'None of those incidents is resolved yet.'
            )}
          </p>
        )}
      </section>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Steps and how incidents used them</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Kind</th>
              <th scope="col">Reached</th>
              <th scope="col">Done</th>
              <th scope="col">Skipped</th>
              <th scope="col">Did not help</th>
              <th scope="col">Comments</th>
            </tr>
          </thead>
          <tbody>
            {runbook.steps.map((step) => {
              const learntStep = byStep.get(step.id);
              return (
                <tr key={step.id}>
                  <th scope="row">{step.title}</th>
                  <td>
                    {step.check
                      ? `check ${step.check.query}`
                      : step.action
                        ? `action ${step.action.action}`
                        : step.escalateTo
                          ? 'escalate'
                          : 'instructions'}
                  </td>
                  <td>
                    {learntStep ? `${learntStep.reached} (${reachedPercent(learntStep, walks)}%)` : '—'}
                  </td>
                  <td>{learntStep?.done ?? '—'}</td>
                  <td>{learntStep?.skipped ?? '—'}</td>
                  <td>{learntStep?.didNotHelp ?? '—'}</td>
                  <td>
                    {learntStep?.comments.length ? (
                      <ul>
                        {learntStep.comments.map((comment, i) => (
                          // Comments repeat ("rolled back"); their order is stable.
                          // biome-ignore lint/suspicious/noArrayIndexKey: see above
                          <li key={i}>{comment}</li>
                        ))}
                      </ul>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
