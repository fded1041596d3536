import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';

interface TaskSummary {
  id: string;
  template: string;
  status: string;
  createdBy: string;
  createdAt: string;
  service: string | null;
  parameters: Record<string, unknown>;
}

/** What a task is about: the service it registered, else the `name` it was given, else its template. */
export function taskSubject(task: TaskSummary): string {
  if (task.service) return task.service;
  const name = task.parameters.name ?? task.parameters.component_id;
  return typeof name === 'string' && name ? name : task.template;
}

/** The newest tasks, so a running one (or one waiting for an approval) is found again. */
export function RecentTasksSection() {
  const query = useApiQuery<{ items: TaskSummary[] }>('/api/v1/tasks?limit=10');
  const tasks = query.data?.items ?? [];
  return (
    <section aria-labelledby="recent-tasks">
      <h2 id="recent-tasks" className="section-heading">
        Recent tasks
      </h2>
      {query.error ? <p className="text-danger">Could not load the tasks: {query.error.message}</p> : null}
      {query.data && tasks.length === 0 ? <p className="muted">No task has run yet.</p> : null}
      {tasks.length > 0 ? (
        <ul className="task-runs">
          {tasks.map((task) => (
            <li key={task.id}>
              <Link to={`/create/tasks/${encodeURIComponent(task.id)}`}>{taskSubject(task)}</Link>{' '}
              <StatusBadge status={task.status} />{' '}
              <span className="text-muted">
                {task.template} · {task.createdBy.replace(/^(user|token):/, '')} ·{' '}
                <Time value={task.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
