/**
 * A scaffolder action: what a template step's `action:` names. Adding one is adding an entry to the
 * registry ({@link ScaffolderActionRegistry}), never a switch.
 */
import type { Renderer } from '../engine/renderer.ts';

/** The `user` a template sees: Backstage's `{ ref, entity }` for the person who started the task. */
export interface TemplateUser {
  ref: string;
  entity: {
    apiVersion: 'backstage.io/v1alpha1';
    kind: 'User';
    metadata: { name: string };
    spec: { profile: { displayName: string; email?: string } };
  };
}

/** A Cairn action run a `cairn:action` step started, as it was last seen. */
export interface TaskActionRun {
  stepId: string;
  runId: string;
  actionId: string;
  /** The run's state (the actions module's: queued, waiting_for_approval, running, succeeded…). */
  state: string;
  message: string | null;
}

/**
 * The reason a task's AbortSignal carries when Cairn stops (not a cancel): what the task started
 * outside Cairn (an action run waiting for approval) is left running, for a retry to follow.
 */
export const CAIRN_STOPPING = 'cairn-stopping';

export interface ActionContext {
  /** The step's rendered input. */
  input: Record<string, unknown>;
  /** The task's working directory: every fetch writes here, every publish reads from here. */
  workspacePath: string;
  /** The template's own directory; relative skeleton URLs resolve inside it. */
  templateDir: string;
  templateName: string;
  taskId: string;
  user: TemplateUser | null;
  /** The caller's principal, kept in memory while the task runs (for `cairn:action`); null after a restart. */
  principal: unknown;
  isDryRun: boolean;
  /** Appends a line to the task log. */
  log(line: string): void;
  output(name: string, value: unknown): void;
  /**
   * Reports a Cairn action run the step started, and each change of its state, so the task links
   * it while it runs (a run waiting for approval) and after.
   */
  trackRun(run: Omit<TaskActionRun, 'stepId'>): void;
  /** The last action run this step started in an earlier attempt of the task (a retry), if any. */
  earlierRun: Omit<TaskActionRun, 'stepId'> | null;
  /** Fires on cancel; an action stops waiting when it does. */
  signal: AbortSignal;
  /** A renderer with the scaffolder's filters (for actions that render files). */
  createRenderer: (options: {
    cookiecutterCompat?: boolean;
    trimBlocks?: boolean;
    lstripBlocks?: boolean;
  }) => Renderer;
}

export interface ScaffolderAction {
  id: string;
  description: string;
  /** Runs in a dry run too (it only touches the workspace). */
  supportsDryRun: boolean;
  /** What a dry run reports as this step's output when the action is skipped. */
  exampleOutput?: (input: Record<string, unknown>, workspacePath: string) => Promise<Record<string, unknown>>;
  handler(context: ActionContext): Promise<void>;
}

export type ScaffolderActionRegistry = ReadonlyMap<string, ScaffolderAction>;

/** A string input, or an InputError-style message naming the action and the field. */
export function stringInput(context: ActionContext, action: string, name: string, required: true): string;
export function stringInput(
  context: ActionContext,
  action: string,
  name: string,
  required?: false,
): string | undefined;
export function stringInput(context: ActionContext, action: string, name: string, required = false) {
  const value = context.input[name];
  if (value === undefined || value === null) {
    if (required) throw new Error(`${action}: input.${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new Error(`${action}: input.${name} must be a string`);
  return value;
}

export function stringListInput(context: ActionContext, action: string, name: string): string[] {
  const value = context.input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new Error(`${action}: input.${name} must be a list of strings`);
  }
  return value as string[]; // every element checked above
}
