import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header.tsx';

interface SettingsSection {
  to: string;
  title: string;
  description: string;
}

const SECTIONS: readonly SettingsSection[] = [
  {
    to: '/settings/tokens',
    title: 'Tokens',
    description: 'Create and revoke API tokens for people, CI jobs and telemetry collectors.',
  },
  {
    to: '/settings/integrations',
    title: 'Integrations',
    description:
      'The URLs and snippets for OpenTelemetry, Prometheus, Alertmanager, GitHub, Argo CD and Jenkins.',
  },
  {
    to: '/settings/config',
    title: 'Config',
    description:
      'Settings read from directories and git: what runs, and why a change was refused (file:line).',
  },
];

/** The settings index: one link per settings section. */
export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="How Cairn is set up for your team." />
      <ul className="section-list">
        {SECTIONS.map((section) => (
          <li key={section.to}>
            <Link to={section.to} className="section-link">
              <span className="section-title">{section.title}</span>
              <span className="section-description">{section.description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
