import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { apiFetch } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { PageHeader } from '../../components/page-header.tsx';

interface TaskStep {
  id: string;
  name: string;
  action: string;
  status: string;
}

export interface TemplateTask {
  id: string;
  template: string;
  status: string;
  steps: TaskStep[];
  error: string | null;
  output: {
    links?: { title?: string; url?: string; entityRef?: string }[];
    text?: { title?: string; content?: string }[];
  } | null;
}

interface LogLine {
  seq: number;
  at: string;
  stepId: string | null;
  level: string;
  message: string;
}

/** The task's log, live: Server-Sent Events until the `end` event. */
function useTaskLog(id: string, onEnd: (task: TemplateTask) => void) {
  const [lines, setLines] = useState<LogLine[]>([]);
  useEffect(() => {
    setLines([]);
    const source = new EventSource(`/api/v1/tasks/${encodeURIComponent(id)}/events`);
    source.addEventListener('log', (event) => {
      const line = JSON.parse((event as MessageEvent<string>).data) as LogLine;
      setLines((previous) => (previous.some((l) => l.seq === line.seq) ? previous : [...previous, line]));
    });
    source.addEventListener('end', (event) => {
      onEnd(JSON.parse((event as MessageEvent<string>).data) as TemplateTask);
      source.close();
    });
    return () => source.close();
  }, [id, onEnd]);
  return lines;
}

function entityLink(ref: string): string {
  const name = ref.split('/').pop() ?? ref;
  return `/services/${encodeURIComponent(name)}`;
}

export function TaskPage() {
  const { id = '' } = useParams();
  const query = useApiQuery<TemplateTask>(`/api/v1/tasks/${encodeURIComponent(id)}`, {
    pollMs: 2000,
    pollWhile: (t) => t?.status === 'running',
  });
  const [ended, setEnded] = useState<TemplateTask | null>(null);
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a retry (new generation) reconnects the stream
  const onEnd = useCallback((done: TemplateTask) => setEnded(done), [generation]);
  const lines = useTaskLog(id, onEnd);
  const invalidate = [`/api/v1/tasks/${encodeURIComponent(id)}`];
  const cancel = useApiMutation<void, TemplateTask>({
    request: () => apiFetch(`/api/v1/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    invalidates: invalidate,
  });
  const retry = useApiMutation<void, TemplateTask>({
    request: () => apiFetch(`/api/v1/tasks/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    invalidates: invalidate,
    onSuccess: () => {
      setEnded(null);
      setGeneration((g) => g + 1);
    },
  });
  const task = ended ?? query.data;
  return (
    <>
      <PageHeader
        title={`Task ${id}`}
        description={task ? `From template ${task.template}: ${task.status}` : undefined}
      />
      <ApiView query={query} errorTitle="Could not load the task">
        {() =>
          task ? (
            <div className="task-view">
              <ol className="task-steps">
                {task.steps.map((step) => (
                  <li key={step.id} data-status={step.status}>
                    <strong>{step.name}</strong> <span className="text-muted">{step.action}</span> —{' '}
                    {step.status}
                  </li>
                ))}
              </ol>
              {task.error ? <p className="text-danger">{task.error}</p> : null}
              {task.status === 'running' ? (
                <button type="button" className="button" onClick={() => cancel.mutate()}>
                  Cancel
                </button>
              ) : null}
              {task.status === 'failed' || task.status === 'cancelled' ? (
                <button type="button" className="button" onClick={() => retry.mutate()}>
                  Retry from the failed step
                </button>
              ) : null}
              {task.output?.links?.length ? (
                <ul className="task-links">
                  {task.output.links.map((link) => (
                    <li key={`${link.title}-${link.url ?? link.entityRef}`}>
                      {link.entityRef ? (
                        <Link to={entityLink(link.entityRef)}>{link.title}</Link>
                      ) : (
                        <a href={link.url}>{link.title}</a>
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
              <pre className="task-log" aria-live="polite">
                {lines
                  .map(
                    (line) =>
                      `${line.at.slice(11, 19)} ${line.stepId ? `[${line.stepId}] ` : ''}${line.message}`,
                  )
                  .join('\n')}
              </pre>
            </div>
          ) : null
        }
      </ApiView>
    </>
  );
}
