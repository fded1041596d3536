/**
 * Runs a template's steps in order, as Backstage's workflow runner does: `if` skips a step when it
 * renders falsy, `each` runs the action once per item (outputs become lists), inputs are rendered
 * against `parameters`, `steps.<id>.output`, `user`, `each` and `context.task.id`, and the template's
 * `output` is rendered at the end. In a dry run, actions that would reach outside the workspace are
 * skipped and report example outputs. A retry resumes from the failed step with the earlier steps'
 * outputs and the workspace as they were.
 */
import type {
  ActionContext,
  ScaffolderActionRegistry,
  TaskActionRun,
  TemplateUser,
} from '../actions/action.ts';
import type { LoadedTemplate, TemplateStep } from '../template-loader.ts';
import { createRenderer, isTruthy, type Renderer, type RenderOptions, renderValue } from './renderer.ts';

export type StepOutputs = Record<string, { output: Record<string, unknown> }>;

export type LogLevel = 'info' | 'warn' | 'error';

export interface StepRunHooks {
  log(stepId: string | null, level: LogLevel, message: string): void;
  /** A Cairn action run a step started, or its new state. */
  actionRun?(run: TaskActionRun): void;
  stepStarted?(step: TemplateStep): Promise<void> | void;
  /** After each finished step, with every output so far: what a retry resumes from. */
  stepFinished?(
    step: TemplateStep,
    status: 'succeeded' | 'skipped',
    steps: StepOutputs,
  ): Promise<void> | void;
}

export interface RunStepsOptions {
  template: LoadedTemplate;
  parameters: Record<string, unknown>;
  user: TemplateUser | null;
  principal?: unknown;
  taskId: string;
  workspacePath: string;
  isDryRun: boolean;
  actions: ScaffolderActionRegistry;
  signal: AbortSignal;
  hooks: StepRunHooks;
  /** Steps before this index were done by an earlier attempt, with these outputs. */
  resume?: { fromStepIndex: number; steps: StepOutputs };
  /** Action runs earlier attempts started, so a retried step can follow its run instead of starting another. */
  earlierActionRuns?: readonly TaskActionRun[];
}

/** A step failed: the task is failed at `stepId` and can be retried from it. */
export class StepFailedError extends Error {
  override name = 'StepFailedError';
  readonly stepId: string;
  readonly stepIndex: number;
  constructor(stepId: string, stepIndex: number, message: string) {
    super(message);
    this.stepId = stepId;
    this.stepIndex = stepIndex;
  }
}

export interface StepsResult {
  output: Record<string, unknown>;
  steps: StepOutputs;
}

function earlierRunOf(runs: readonly TaskActionRun[], stepId: string): Omit<TaskActionRun, 'stepId'> | null {
  const run = runs.filter((r) => r.stepId === stepId).at(-1);
  if (!run) return null;
  const { stepId: _stepId, ...rest } = run;
  return rest;
}

function cancelled(signal: AbortSignal, step: TemplateStep): void {
  if (signal.aborted) throw new Error(`Step ${step.name} has been cancelled.`);
}

export async function runSteps(options: RunStepsOptions): Promise<StepsResult> {
  const { template, hooks, signal } = options;
  const render: Renderer = createRenderer();
  const steps: StepOutputs = structuredClone(options.resume?.steps ?? {});
  const context: Record<string, unknown> = {
    parameters: options.parameters,
    steps,
    user: options.user ?? undefined,
    context: { task: { id: options.taskId } },
  };
  const renderIn = <T>(value: T, stepId: string | null, extra: Record<string, unknown> = {}): T =>
    renderValue(value, { ...context, ...extra }, render, (source, error) =>
      hooks.log(
        stepId,
        'warn',
        `Failed to render ${source}: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  const renderers = new Map<string, Renderer>();
  const createRendererCached = (renderOptions: RenderOptions) => {
    const key = JSON.stringify(renderOptions);
    let renderer = renderers.get(key);
    if (!renderer) {
      renderer = createRenderer(renderOptions);
      renderers.set(key, renderer);
    }
    return renderer;
  };

  const start = options.resume?.fromStepIndex ?? 0;
  for (const [index, step] of template.steps.entries()) {
    if (index < start) continue;
    try {
      cancelled(signal, step);
      await hooks.stepStarted?.(step);
      if (step.if === false || (typeof step.if === 'string' && !isTruthy(renderIn(step.if, step.id)))) {
        hooks.log(step.id, 'info', `Skipping step ${step.id} because its if condition was false`);
        steps[step.id] = { output: {} };
        await hooks.stepFinished?.(step, 'skipped', steps);
        continue;
      }
      const action = options.actions.get(step.action);
      if (!action) throw new Error(`unsupported action "${step.action}"`);
      hooks.log(step.id, 'info', `Beginning step ${step.name}`);
      const iterations: { each?: { key: string; value: unknown } }[] = step.each
        ? Object.entries(renderIn(step.each, step.id) as object).map(([key, value]) => ({
            each: { key, value },
          }))
        : [{}];
      const rendered = iterations.map((iteration) => ({
        ...iteration,
        input: (step.input ? renderIn(step.input, step.id, iteration) : {}) as Record<string, unknown>,
      }));
      if (options.isDryRun && !action.supportsDryRun) {
        const output = (await action.exampleOutput?.(rendered[0]?.input ?? {}, options.workspacePath)) ?? {};
        hooks.log(
          step.id,
          'info',
          `Skipping ${action.id} in dry-run mode with inputs: ${JSON.stringify(rendered[0]?.input ?? {}, null, 2)}`,
        );
        steps[step.id] = { output };
        await hooks.stepFinished?.(step, 'skipped', steps);
        continue;
      }
      const stepOutput: Record<string, unknown> = {};
      for (const iteration of rendered) {
        if (iteration.each)
          hooks.log(step.id, 'info', `Running step each: ${JSON.stringify(iteration.each)}`);
        const actionContext: ActionContext = {
          input: iteration.input,
          workspacePath: options.workspacePath,
          templateDir: template.dir,
          templateName: template.name,
          taskId: options.taskId,
          user: options.user,
          principal: options.principal ?? null,
          isDryRun: options.isDryRun,
          log: (line) => hooks.log(step.id, 'info', line),
          output: (name, value) => {
            if (step.each) {
              const list = Array.isArray(stepOutput[name]) ? (stepOutput[name] as unknown[]) : [];
              list.push(value);
              stepOutput[name] = list;
            } else {
              stepOutput[name] = value;
            }
          },
          trackRun: (run) => hooks.actionRun?.({ stepId: step.id, ...run }),
          // With `each`, one step starts several runs: none is taken as this iteration's.
          earlierRun: step.each ? null : earlierRunOf(options.earlierActionRuns ?? [], step.id),
          signal,
          createRenderer: createRendererCached,
        };
        await action.handler(actionContext);
      }
      steps[step.id] = { output: stepOutput };
      cancelled(signal, step);
      hooks.log(step.id, 'info', `Finished step ${step.name}`);
      await hooks.stepFinished?.(step, 'succeeded', steps);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      hooks.log(step.id, 'error', message);
      throw new StepFailedError(step.id, index, message);
    }
  }
  const output = renderIn(template.output, null) ?? {};
  return { output, steps };
}
