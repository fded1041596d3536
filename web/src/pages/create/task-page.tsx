import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { apiFetch } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { type TaskActionRun, TaskActionRuns, type TaskOutput, TaskOutputView } from './task-output.tsx';

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
  output: TaskOutput | null;
  actionRuns?: TaskActionRun[];
}

export interface LogLine {
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

/** One log line as the page shows it: the time (UTC), the step, the message. */
export function formatLogLine(line: LogLine): string {
  return `${line.at.slice(11, 19)} ${line.stepId ? `[${line.stepId}] ` : ''}${line.message}`;
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
              <TaskActionRuns runs={task.actionRuns ?? []} />
              {task.output ? <TaskOutputView output={task.output} /> : null}
              <section aria-label="Log">
                <h2 className="section-heading">
                  Log {task.status === 'running' ? <span className="badge">live</span> : null}
                </h2>
                <pre className="task-log" data-testid="task-log" aria-live="polite">
                  {lines.map(formatLogLine).join('\n')}
                </pre>
              </section>
            </div>
          ) : null
        }
      </ApiView>
    </>
  );
}
