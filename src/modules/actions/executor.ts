/**
 * The one interface every action executor implements (Argo CD, GitOps, GitHub Actions, Jenkins,
 * Kubernetes, signed webhook). The runs service owns states, approvals, timeouts, logs and audit;
 * an executor only speaks its tool's protocol. Adding an executor is adding an entry to the
 * registry (`ExecutorRegistry`), never a switch.
 */
import type { z } from 'zod';

/** A link a run shows next to its log: the tool's own page for what it did. */
export interface RunLink {
  title: string;
  url: string;
}

/** What the runs service hands an executor for one run. */
export interface ExecutionContext<Settings> {
  runId: string;
  actionId: string;
  /** The target service; null for create-type actions. */
  service: string | null;
  /** Validated inputs, after the action's input rules passed. */
  inputs: Readonly<Record<string, unknown>>;
  /**
   * The action's `executor.settings`, parsed by `settingsSchema`, with every `${{ inputs.x }}`,
   * `${{ service }}` and `${{ environment }}` in its strings already substituted.
   */
  settings: Settings;
  /** Who started the run (for commit authors, tool-side audit): a display name and an email when known. */
  actor: { name: string; email: string | null };
  /** Appends a line to the run's kept, streamed log. */
  log(line: string): void;
  /** Adds a link (the tool's run page, the commit, the pull request). */
  link(link: RunLink): void;
  /** Aborted on cancel and on the action's timeout; an executor stops waiting when it fires. */
  signal: AbortSignal;
  /**
   * Resolves with the status an external automation reports through the run API
   * (`POST /api/v1/runs/{id}/report`); used by executors whose tool calls back (webhook).
   */
  waitForReport(): Promise<ExecutionOutcome>;
}

/** How an execution ended. `message` is the tool's own words when it failed. */
export interface ExecutionOutcome {
  outcome: 'succeeded' | 'failed';
  message: string;
  /**
   * What the run changed, for the change record (source `cairn-action`): the version deployed or
   * rolled back to, the replica count, the config key set. Omitted when nothing is to be recorded.
   */
  change?: {
    version?: string;
    summary: string;
    /**
     * The commit the tool now runs from, when the run made or chose it (the GitOps commit pushed,
     * the revision Argo CD synced or rolled back to): the deploy tool's own report of rolling it
     * out is linked to this change by it instead of counting as a second deployment.
     */
    revision?: string;
  };
}

/**
 * An executor. `execute` throws `ExecutorError` (or any error) with the tool's message when the
 * tool refuses or fails; the run is then `failed` with that message. Nothing that is not
 * idempotent is retried.
 */
export interface ActionExecutor<Schema extends z.ZodType = z.ZodType> {
  /** The `executor.kind` an action names, e.g. `argocd`, `gitops`, `github-actions`. */
  kind: string;
  /** Validates `executor.settings` when actions load, so a bad setting fails with file:line. */
  settingsSchema: Schema;
  execute(context: ExecutionContext<z.infer<Schema>>): Promise<ExecutionOutcome>;
}

/** A tool refused or failed: the message is the tool's own, quoted. */
export class ExecutorError extends Error {
  override name = 'ExecutorError';
}

export type ExecutorRegistry = Readonly<Record<string, ActionExecutor>>;
