import { Link } from 'react-router';
import type { ActionList, Run } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { runFormPath } from '../actions/action-form.ts';
import { RunsTable } from '../actions/runs-table.tsx';

/**
 * The actions that target a service (deploy, roll back, scale…), each opening its run form for
 * this service, and the service's recent runs. Whether the person may run one is said on the form.
 */
export function ServiceActionsTab({ name }: { name: string }) {
  const actions = useApiQuery<ActionList>('/api/v1/actions');
  const runs = useApiQuery<ItemList<Run>>(withQuery('/api/v1/runs', { service: name, limit: 20 }));
  return (
    <section aria-label="Actions">
      <ApiView query={actions} errorTitle="Could not load actions" rows={4}>
        {(data) => {
          const forService = data.items.filter((a) => a.target === 'service');
          return forService.length === 0 ? (
            <p className="muted">No action targets a service. Actions are YAML files under actions.dir.</p>
          ) : (
            <ul className="action-list">
              {forService.map((action) => (
                <li key={action.id}>
                  <Link className="button" to={runFormPath(action.id, { service: name })}>
                    {action.title}
                  </Link>{' '}
                  <span className="muted">
                    {action.description}
                    {action.approval === 'always' ? ' Needs approval.' : ''}
                    {action.approval === 'when' ? ` Needs approval when ${action.approvalWhen}.` : ''}
                  </span>
                </li>
              ))}
            </ul>
          );
        }}
      </ApiView>
      <h2 className="section-heading">Recent runs</h2>
      <ApiView query={runs} errorTitle="Could not load runs" rows={3}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">No runs on {name} yet.</p>
          ) : (
            <RunsTable runs={data.items} caption={`Runs on ${name}`} />
          )
        }
      </ApiView>
    </section>
  );
}
