import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  createOfflineActions,
  type DryRunResponse,
  dryRunTemplate,
  readTemplateFile,
  type Task,
  type TemplateSummary,
} from '../../modules/templates/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { addApiTargetOptions } from '../shared-options.ts';

/** `--values` is JSON, or a file holding JSON (or YAML-free JSON written by CI). */
function readValues(values: string | undefined): Record<string, unknown> {
  if (!values) return {};
  const text = existsSync(values) && statSync(values).isFile() ? readFileSync(values, 'utf8') : values;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CliError(`--values: not a JSON object or a file holding one: ${values}`);
}

/** A template given as a path (its directory or its template.yaml), read here without a server. */
function localTemplateFile(nameOrPath: string): string | null {
  const path = resolve(nameOrPath);
  if (!existsSync(path)) return null;
  if (statSync(path).isFile()) return path;
  for (const name of ['template.yaml', 'template.yml'])
    if (existsSync(join(path, name))) return join(path, name);
  throw new CliError(`${nameOrPath}: no template.yaml in this directory`);
}

function writeTree(result: DryRunResponse, output: string): void {
  for (const file of result.files) {
    const path = join(output, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content ?? Buffer.from(file.base64Content ?? '', 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}

interface DryRunOptions extends ApiTargetOptions {
  values?: string;
  output?: string;
  json?: boolean;
}

interface RunOptions extends ApiTargetOptions {
  values?: string;
  follow?: boolean;
  json?: boolean;
}

export function registerTemplateCommands(program: Command): void {
  const template = program
    .command('template')
    .description('Golden paths: list, run and dry-run Backstage scaffolder templates');

  addApiTargetOptions(
    template
      .command('list')
      .description('The templates the running Cairn loaded')
      .option('--json', 'print JSON'),
  ).action(async (options: ApiTargetOptions & { json?: boolean }) => {
    const { items } = await callApi<{ items: TemplateSummary[] }>(
      resolveApiTarget(options),
      'GET',
      '/api/v1/templates',
    );
    if (options.json) {
      process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      return;
    }
    for (const item of items)
      process.stdout.write(`${item.name}\t${item.title}\t${item.steps.map((s) => s.action).join(', ')}\n`);
  });

  addApiTargetOptions(
    template
      .command('run <name>')
      .description(
        'Starts a task from a template; prints the task id (--follow prints its log until it ends)',
      )
      .option('--values <json-or-file>', 'parameter values: a JSON object or a file holding one')
      .option('--follow', 'print the log until the task ends; exit 1 unless it succeeded')
      .option('--json', 'print the task as JSON'),
  ).action(async (name: string, options: RunOptions) => {
    const target = resolveApiTarget(options);
    let task = await callApi<Task>(target, 'POST', `/api/v1/templates/${encodeURIComponent(name)}/tasks`, {
      values: readValues(options.values),
    });
    if (!options.follow) {
      process.stdout.write(options.json ? `${JSON.stringify(task, null, 2)}\n` : `${task.id}\n`);
      return;
    }
    let after = 0;
    for (;;) {
      const page = await callApi<{
        items: { seq: number; stepId: string | null; message: string }[];
        task: Task;
      }>(target, 'GET', `/api/v1/tasks/${task.id}/events?after=${after}`);
      for (const line of page.items) {
        process.stdout.write(`${line.stepId ? `[${line.stepId}] ` : ''}${line.message}\n`);
        after = line.seq;
      }
      task = page.task;
      if (task.status !== 'running' && task.status !== 'open') break;
      await new Promise((done) => setTimeout(done, 1000));
    }
    if (options.json) process.stdout.write(`${JSON.stringify(task, null, 2)}\n`);
    if (task.status !== 'succeeded')
      throw new CliError(`task ${task.id} ${task.status}: ${task.error ?? ''}`);
  });

  addApiTargetOptions(
    template
      .command('dry-run <template>')
      .description(
        'Renders a template (a directory or template.yaml, offline; or a name, through the running Cairn) without publishing; writes the tree to --output and prints the file list',
      )
      .option('--values <json-or-file>', 'parameter values: a JSON object or a file holding one')
      .option('-o, --output <dir>', 'directory to write the rendered files to')
      .option('--json', 'print the dry-run result (files, log, output) as JSON'),
  ).action(async (nameOrPath: string, options: DryRunOptions) => {
    const values = readValues(options.values);
    const file = localTemplateFile(nameOrPath);
    let result: DryRunResponse;
    try {
      result = file
        ? await dryRunTemplate({
            template: readTemplateFile(file),
            values,
            actions: createOfflineActions(),
            user: null,
          })
        : await callApi<DryRunResponse>(
            resolveApiTarget(options),
            'POST',
            `/api/v1/templates/${encodeURIComponent(nameOrPath)}/dry-run`,
            { values },
          );
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError((error as Error).message);
    }
    if (options.output) writeTree(result, options.output);
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else for (const rendered of result.files) process.stdout.write(`${rendered.path}\n`);
    if (result.status !== 'succeeded') {
      throw new CliError(`dry run failed at step ${result.failedStep ?? '?'}: ${result.error ?? ''}`);
    }
  });
}
