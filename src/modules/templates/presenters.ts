import type { Task, TemplateSummary } from './contract.ts';
import type { StoredTask } from './task.store.ts';
import type { LoadedTemplate } from './template-loader.ts';
import { pickerFieldsOf } from './template-parameters.ts';

export function presentTemplate(template: LoadedTemplate): TemplateSummary {
  return {
    name: template.name,
    title: template.title,
    description: template.description,
    tags: template.tags,
    owner: template.owner,
    type: template.type,
    parameters: template.parameters,
    steps: template.steps.map((s) => ({ id: s.id, name: s.name, action: s.action })),
    pickers: pickerFieldsOf(template.parameters),
  };
}

/** A task with each step's state: done (has output), failed, running (the next one) or pending. */
export function presentTask(task: StoredTask, template: LoadedTemplate | null): Task {
  const done = new Set(Object.keys(task.stepOutputs));
  let runningMarked = false;
  const steps = (template?.steps ?? []).map((step) => {
    let status: Task['steps'][number]['status'] = 'pending';
    if (done.has(step.id) && !(task.status !== 'succeeded' && task.failedStep === step.id)) status = 'done';
    else if ((task.status === 'failed' || task.status === 'cancelled') && task.failedStep === step.id)
      status = 'failed';
    else if (task.status === 'running' && !runningMarked) {
      status = 'running';
      runningMarked = true;
    }
    return { id: step.id, name: step.name, action: step.action, status };
  });
  return {
    id: task.id,
    template: task.template,
    status: task.status,
    parameters: task.parameters,
    createdBy: task.createdBy,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    steps,
    failedStep: task.failedStep,
    error: task.error,
    output: task.output,
    service: task.service,
    team: task.team,
    attempts: task.attempts,
    actionRuns: task.actionRuns,
  };
}
