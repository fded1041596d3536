import { Link } from 'react-router';
import { StatusBadge } from '../../components/status-badge.tsx';

export interface TaskOutput {
  links?: { title?: string; url?: string; entityRef?: string; icon?: string }[];
  text?: { title?: string; content?: string }[];
}

export interface TaskActionRun {
  stepId: string;
  runId: string;
  actionId: string;
  state: string;
  message: string | null;
}

/** The portal page of a catalog entity ref (`component:default/invoices` → /services/invoices). */
export function entityLink(ref: string): string {
  const name = ref.split('/').pop() ?? ref;
  return `/services/${encodeURIComponent(name.replace(/^[a-z]+:/i, ''))}`;
}

/** What the template's `spec.output` says once the task has ended: its links and its text. */
export function TaskOutputView({ output }: { output: TaskOutput }) {
  const links = (output.links ?? []).filter((link) => link.url || link.entityRef);
  const text = output.text ?? [];
  if (links.length === 0 && text.length === 0) return null;
  return (
    <section aria-label="Output">
      <h2 className="section-heading">Output</h2>
      {links.length > 0 ? (
        <ul className="task-links">
          {links.map((link, index) => {
            const title = link.title ?? link.url ?? link.entityRef;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: links are a fixed list rendered once; two may share a title
              <li key={index}>
                {link.entityRef ? (
                  <Link to={entityLink(link.entityRef)}>{title}</Link>
                ) : (
                  <a href={link.url}>{title}</a>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {text.map((entry, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: text entries are a fixed list rendered once
        <div key={index} className="task-output-text">
          {entry.title ? <h3>{entry.title}</h3> : null}
          <p>{entry.content}</p>
        </div>
      ))}
    </section>
  );
}

/** The Cairn action runs the task's `cairn:action` steps started, each linking its run page. */
export function TaskActionRuns({ runs }: { runs: TaskActionRun[] }) {
  if (runs.length === 0) return null;
  return (
    <section aria-label="Action runs">
      <h2 className="section-heading">Action runs</h2>
      <ul className="task-runs">
        {runs.map((run) => (
          <li key={run.runId}>
            <Link to={`/runs/${encodeURIComponent(run.runId)}`}>
              {run.actionId} ({run.runId})
            </Link>{' '}
            <StatusBadge status={run.state} /> <span className="text-muted">step {run.stepId}</span>
            {run.state === 'waiting_for_approval' ? (
              <span className="text-muted"> — the task goes on once it is approved</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
