/**
 * A dry run: the template's steps against a temporary workspace, nothing published. Workspace-only
 * actions run; the rest are skipped with example outputs. The answer is the rendered file tree with
 * contents (text as UTF-8, binary as base64), the log and the rendered output.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBinaryFile } from 'isbinaryfile';
import { InputError } from '../../kernel/errors.ts';
import type { ScaffolderActionRegistry, TemplateUser } from './actions/action.ts';
import { listEntries } from './actions/workspace-paths.ts';
import { type LogLevel, runSteps, StepFailedError } from './engine/step-runner.ts';
import { findUnsupported } from './engine/template-check.ts';
import type { LoadedTemplate } from './template-loader.ts';
import { type ParameterValues, validateParameters } from './template-parameters.ts';

export interface RenderedFile {
  path: string;
  /** UTF-8 contents; null for a binary file. */
  content: string | null;
  /** Base64 contents of a binary file; null for text. */
  base64Content: string | null;
  executable: boolean;
  sizeBytes: number;
}

export interface DryRunLogLine {
  stepId: string | null;
  level: LogLevel;
  message: string;
}

export interface DryRunResult {
  status: 'succeeded' | 'failed';
  error: string | null;
  failedStep: string | null;
  files: RenderedFile[];
  log: DryRunLogLine[];
  output: Record<string, unknown>;
}

/** Every file under `dir`, sorted by path, with its contents. */
export async function readRenderedTree(dir: string): Promise<RenderedFile[]> {
  const files: RenderedFile[] = [];
  for (const entry of await listEntries(dir)) {
    if (entry.endsWith('/')) continue;
    const path = join(dir, entry);
    const stats = await stat(path);
    if (!stats.isFile()) continue;
    const binary = await isBinaryFile(path);
    const bytes = await readFile(path);
    files.push({
      path: entry,
      content: binary ? null : bytes.toString('utf8'),
      base64Content: binary ? bytes.toString('base64') : null,
      executable: (stats.mode & 0o111) !== 0,
      sizeBytes: stats.size,
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Validates the values and the template, then checks both before anything runs. */
export async function prepareTask(
  template: LoadedTemplate,
  values: ParameterValues,
  actions: ScaffolderActionRegistry,
): Promise<ParameterValues> {
  const problems = await findUnsupported(template, new Set(actions.keys()));
  if (problems.length > 0) {
    throw new InputError(`template "${template.name}" cannot run in Cairn: ${problems.join('; ')}`);
  }
  return validateParameters(template.parameters, values);
}

export interface DryRunOptions {
  template: LoadedTemplate;
  values: ParameterValues;
  actions: ScaffolderActionRegistry;
  user: TemplateUser | null;
  taskId?: string;
  /** Where the temporary workspace is made; the system temp directory by default. */
  tmpRoot?: string;
}

export async function dryRunTemplate(options: DryRunOptions): Promise<DryRunResult> {
  const parameters = await prepareTask(options.template, options.values, options.actions);
  const workspace = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'cairn-dry-run-'));
  const log: DryRunLogLine[] = [];
  try {
    const result = await runSteps({
      template: options.template,
      parameters,
      user: options.user,
      taskId: options.taskId ?? 'dry-run',
      workspacePath: workspace,
      isDryRun: true,
      actions: options.actions,
      signal: new AbortController().signal,
      hooks: { log: (stepId, level, message) => log.push({ stepId, level, message }) },
    }).catch((error: unknown) => {
      if (error instanceof StepFailedError) return error;
      throw error;
    });
    const files = await readRenderedTree(workspace);
    if (result instanceof StepFailedError) {
      return { status: 'failed', error: result.message, failedStep: result.stepId, files, log, output: {} };
    }
    return { status: 'succeeded', error: null, failedStep: null, files, log, output: result.output };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
