import type { Run } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList, Me } from '../../api/types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RunsTable } from './runs-table.tsx';

const POLL_MS = 15_000;

/**
 * Runs waiting for approval: the ones someone else started, which the person may decide (the run
 * page says so exactly and the server decides), and their own, waiting for someone else.
 */
export function ApprovalsPage() {
  const me = useMe();
  const query = useApiQuery<ItemList<Run>>('/api/v1/runs?status=waiting_for_approval', { pollMs: POLL_MS });
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Runs of actions waiting for someone to approve or decline them."
      />
      <ApiView query={query} errorTitle="Could not load runs waiting for approval" rows={4}>
        {(data) => (me.status === 'ok' ? <ApprovalLists runs={data.items} me={me.data} /> : null)}
      </ApiView>
    </>
  );
}

function ApprovalLists({ runs, me }: { runs: Run[]; me: Me }) {
  const mine = runs.filter((run) => run.requestedBy.id === me.actorId);
  const others = me.role === 'viewer' ? [] : runs.filter((run) => run.requestedBy.id !== me.actorId);
  return (
    <>
      {others.length === 0 ? (
        <EmptyState title="Nothing to approve">
          <p>
            {me.role === 'viewer'
              ? 'Viewers cannot approve runs.'
              : 'When a run of an action that needs approval starts, it waits here.'}
          </p>
        </EmptyState>
      ) : (
        <RunsTable runs={others} caption="Runs waiting for your approval" />
      )}
      {mine.length > 0 ? (
        <>
          <h2 className="section-heading">Your runs waiting for someone else</h2>
          <RunsTable runs={mine} caption="Your runs waiting for approval" />
        </>
      ) : null}
    </>
  );
}
