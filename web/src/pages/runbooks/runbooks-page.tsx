import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.ts';
import type { RunbookInsights, RunbookList } from '../../api/runbooks.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { describeAppliesTo, formatMinutes, learntFor } from './runbook-learnt.ts';

const stepsWord = (n: number) => (n === 1 ? '1 step' : `${n} steps`);

/**
 * The runbooks of the configuration repository with what incidents taught about each, and the
 * alert rules whose incidents no runbook matched: the runbooks to write next.
 */
export function RunbooksPage() {
  const list = useApiQuery<RunbookList>('/api/v1/runbooks');
  const insights = useApiQuery<RunbookInsights>('/api/v1/runbooks/insights');
  return (
    <>
      <PageHeader
        title="Runbooks"
        description="Decision trees from the configuration repository, walked on each incident's data."
      />
      <ApiView query={list} errorTitle="Could not load the runbooks" rows={4}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="No runbooks yet">
              <p>
                Add Markdown runbooks to the configuration repository (<code>runbooks.dir</code>); each
                one&apos;s front matter says which alerts, services or tags it applies to.
              </p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Runbooks</caption>
                <thead>
                  <tr>
                    <th scope="col">Runbook</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Applies to</th>
                    <th scope="col">Incidents walked</th>
                    <th scope="col">Fastest path to resolved</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((runbook) => {
                    const learnt = learntFor(insights.data, runbook.id);
                    return (
                      <tr key={runbook.id}>
                        <th scope="row">
                          <Link to={`/runbooks/${encodeURIComponent(runbook.id)}`}>{runbook.title}</Link>
                        </th>
                        <td>{runbook.owner}</td>
                        <td>{describeAppliesTo(runbook.appliesTo)}</td>
                        <td>{learnt ? learnt.incidents : '—'}</td>
                        <td>
                          {learnt?.fastestPath
                            ? `${formatMinutes(learnt.fastestPath.medianMinutesToResolve)} median, ${stepsWord(learnt.fastestPath.steps.length)}`
                            : '—'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </ApiView>
      <h2 className="section-heading">Alert rules without a runbook</h2>
      <ApiView query={insights} errorTitle="Could not load what was learnt" rows={3}>
        {({ unmatched }) =>
          unmatched.length === 0 ? (
            <p className="muted">Every recent incident matched a runbook.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">
                  Alert rules of recent incidents no runbook matched
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Alert rule</th>
                    <th scope="col">Incidents without a runbook</th>
                  </tr>
                </thead>
                <tbody>
                  {unmatched.map((row) => (
                    <tr key={row.rule}>
                      <th scope="row">{row.rule}</th>
                      <td>{row.incidents}</td>
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
