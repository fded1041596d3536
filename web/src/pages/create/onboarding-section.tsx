import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.ts';
import { formatDuration } from '../dora/dora-format.ts';

interface OnboardingGroup {
  key: string;
  services: number;
  deployed: number;
  medianOnboardingMs: number | null;
}

export interface OnboardingReport {
  overall: Omit<OnboardingGroup, 'key'>;
  byTemplate: OnboardingGroup[];
  byTeam: OnboardingGroup[];
  services: {
    service: string;
    template: string;
    team: string | null;
    taskId: string;
    onboardingMs: number | null;
  }[];
}

function GroupTable({ label, groups }: { label: string; groups: OnboardingGroup[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label={`Onboarding time per ${label}`}>
        <thead>
          <tr>
            <th>{label === 'template' ? 'Template' : 'Team'}</th>
            <th>Services created</th>
            <th>Deployed to production</th>
            <th>Median onboarding time</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.key}>
              <td>{group.key}</td>
              <td>{group.services}</td>
              <td>{group.deployed}</td>
              <td>{formatDuration(group.medianOnboardingMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Onboarding time, the number the platform team reports: for each service created from a
 * template, task start → first successful production deploy, with the median per template and
 * per team.
 */
export function OnboardingSection() {
  const query = useApiQuery<OnboardingReport>('/api/v1/onboarding-time');
  const report = query.data;
  return (
    <section aria-labelledby="onboarding-time">
      <h2 id="onboarding-time" className="section-heading">
        Onboarding time
      </h2>
      {query.error ? (
        <p className="text-danger">Could not load onboarding time: {query.error.message}</p>
      ) : null}
      {report && report.overall.services === 0 ? (
        <p className="muted">No service has been created from a template yet.</p>
      ) : null}
      {report && report.overall.services > 0 ? (
        <>
          <p>
            Median <strong>{formatDuration(report.overall.medianOnboardingMs)}</strong> from a task's start to
            the service's first production deploy, over {report.overall.deployed} of {report.overall.services}{' '}
            services created from a template.
          </p>
          <GroupTable label="template" groups={report.byTemplate} />
          <GroupTable label="team" groups={report.byTeam} />
          <details>
            <summary>Each service</summary>
            <ul>
              {report.services.map((s) => (
                <li key={s.service}>
                  <Link to={`/services/${encodeURIComponent(s.service)}`}>{s.service}</Link> ({s.template},{' '}
                  {s.team ?? 'no team'}):{' '}
                  {s.onboardingMs === null
                    ? 'not deployed to production yet'
                    : formatDuration(s.onboardingMs)}{' '}
                  · <Link to={`/create/tasks/${encodeURIComponent(s.taskId)}`}>task</Link>
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : null}
    </section>
  );
}
