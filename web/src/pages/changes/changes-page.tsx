import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';

export function ChangesPage() {
  return (
    <>
      <PageHeader
        title="Changes"
        description="Deploys, rollbacks, config and infrastructure changes, per service, on one timeline."
      />
      <EmptyState title="No changes yet">
        <p>
          Send changes from your delivery tools: a GitHub webhook to <code>/api/v1/integrations/github</code>,
          ArgoCD notifications to <code>/api/v1/integrations/argocd</code>, Jenkins to{' '}
          <code>/api/v1/integrations/jenkins</code>, or anything else as JSON to{' '}
          <code>POST /api/v1/changes</code>.
        </p>
      </EmptyState>
    </>
  );
}
