import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { OnboardingSection } from './onboarding-section.tsx';
import { RecentTasksSection } from './recent-tasks-section.tsx';

export interface TemplateSummary {
  name: string;
  title: string;
  description: string;
  tags: string[];
  owner: string | null;
  type: string | null;
  parameters: Record<string, unknown>[];
  steps: { id: string; name: string; action: string }[];
  pickers: string[];
}

/** The gallery of golden paths: one card per template. */
export function CreatePage() {
  const query = useApiQuery<{ items: TemplateSummary[] }>('/api/v1/templates');
  return (
    <>
      <PageHeader
        title="Create"
        description="Start a new service on a golden path: repository, catalog entry, telemetry and deploys wired from the first commit."
      />
      <ApiView query={query} errorTitle="Could not load the templates" rows={3}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No templates yet">
              <p>
                Point <code>templates.paths</code> in cairn.yaml at a directory of Backstage{' '}
                <code>template.yaml</code> files, for example Cairn's own <code>examples/templates</code>.
              </p>
            </EmptyState>
          ) : (
            <ul className="template-gallery">
              {data.items.map((template) => (
                <li key={template.name} className="card">
                  <h2>
                    <Link to={`/create/${encodeURIComponent(template.name)}`}>{template.title}</Link>
                  </h2>
                  <p>{template.description}</p>
                  <p className="text-muted">
                    {template.type ? `${template.type} · ` : ''}
                    {template.tags.join(', ')}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </ApiView>
      <RecentTasksSection />
      <OnboardingSection />
    </>
  );
}
