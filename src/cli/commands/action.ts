import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Run } from '../../modules/actions/index.ts';
import { type ApiTarget, type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { addApiTargetOptions } from '../shared-options.ts';

interface ActionList {
  items: Array<{
    id: string;
    title: string;
    target: string;
    executor: string;
    approval: string;
    approvalWhen: string | null;
  }>;
  problems: Array<{ file: string; line: number | null; message: string }>;
}

/** `key=value`: the value as JSON when it is JSON (5, true, "x"), else the text itself (1.3.2). */
function parseInput(pair: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new CliError(`--input ${pair}: expected key=value`);
  const text = pair.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: the text as typed
  }
  return { ...previous, [pair.slice(0, eq)]: value };
}

const describeRun = (run: Run) =>
  `run ${run.id}: ${run.actionTitle}${run.service ? ` on ${run.service}` : ''} is ${run.state}${run.message ? ` (${run.message})` : ''}`;

/** `cairn action list|run|approve|decline|cancel|logs|validate`. */
export function registerActionCommands(program: Command): void {
  const action = program
    .command('action')
    .description('Self-service actions: run them, approve runs, follow logs');

  action
    .command('validate')
    .description('Check action definitions offline; prints file:line: problem and exits 1 on any')
    .argument('[dir]', 'directory (or file) of action definitions (default: the shipped examples/actions)')
    .action(async (dir: string | undefined) => {
      // Loaded here only: the executors' code is not needed by the commands that call the API.
      const { EXAMPLE_ACTIONS_DIR, offlineExecutorRegistry, readActionDirectory } = await import(
        '../../modules/actions/index.ts'
      );
      const root = dir ? resolve(dir) : EXAMPLE_ACTIONS_DIR;
      if (!existsSync(root)) throw new CliError(`${dir ?? root}: no such file or directory`);
      const set = readActionDirectory(root, offlineExecutorRegistry, dir ?? root);
      for (const problem of set.problems) {
        process.stdout.write(
          `${problem.file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}\n`,
        );
      }
      const summary = `${set.files} file${set.files === 1 ? '' : 's'}, ${set.actions.length} valid action${set.actions.length === 1 ? '' : 's'}`;
      if (set.problems.length > 0) {
        throw new CliError(
          `${dir ?? root}: ${set.problems.length} problem${set.problems.length === 1 ? '' : 's'} (${summary})`,
        );
      }
      process.stderr.write(`${dir ?? root} is valid: ${summary}\n`);
    });

  addApiTargetOptions(action.command('list').description('The actions a running Cairn has loaded'))
    .option('--json', 'print the answer as JSON')
    .action(async (options: ApiTargetOptions & { json?: boolean }) => {
      const list = await callApi<ActionList>(resolveApiTarget(options), 'GET', '/api/v1/actions');
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      for (const item of list.items) {
        const approval =
          item.approval === 'when' ? `approval when ${item.approvalWhen}` : `approval ${item.approval}`;
        process.stdout.write(`${item.id.padEnd(16)} ${item.title} (${item.executor}, ${approval})\n`);
      }
      for (const problem of list.problems) {
        process.stderr.write(
          `${problem.file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}\n`,
        );
      }
    });

  addApiTargetOptions(
    action
      .command('run')
      .description('Run an action; prints the run (waiting_for_approval or queued). --follow streams its log')
      .argument('<action>', 'the action id'),
  )
    .option('-s, --service <name>', 'the target service')
    .option('-i, --input <key=value>', 'an input (repeatable); JSON values are read as JSON', parseInput, {})
    .option('--incident <id>', "the incident the run is for: its timeline follows the run's state")
    .option('--follow', 'stream the log until the run ends; exit 1 unless it succeeded')
    .action(
      async (
        id: string,
        options: ApiTargetOptions & {
          service?: string;
          input: Record<string, unknown>;
          incident?: string;
          follow?: boolean;
        },
      ) => {
        const target = resolveApiTarget(options);
        const run = await callApi<Run>(target, 'POST', `/api/v1/actions/${encodeURIComponent(id)}/runs`, {
          ...(options.service ? { service: options.service } : {}),
          inputs: options.input,
          ...(options.incident ? { incidentId: options.incident } : {}),
        });
        process.stdout.write(`${describeRun(run)}\n`);
        for (const warning of run.warnings) process.stderr.write(`warning: ${warning}\n`);
        if (options.follow) await followLogs(target, run.id);
      },
    );

  for (const verb of ['approve', 'decline'] as const) {
    addApiTargetOptions(
      action
        .command(verb)
        .description(
          verb === 'approve' ? 'Approve a run waiting for approval' : 'Decline a run waiting for approval',
        )
        .argument('<run>', 'the run id'),
    )
      .option('-m, --comment <text>', 'why', '')
      .action(async (runId: string, options: ApiTargetOptions & { comment: string }) => {
        const run = await callApi<Run>(
          resolveApiTarget(options),
          'POST',
          `/api/v1/runs/${encodeURIComponent(runId)}/${verb}`,
          {
            comment: options.comment,
          },
        );
        process.stdout.write(`${describeRun(run)}\n`);
      });
  }

  addApiTargetOptions(
    action.command('cancel').description('Cancel a run that has not ended').argument('<run>', 'the run id'),
  ).action(async (runId: string, options: ApiTargetOptions) => {
    const run = await callApi<Run>(
      resolveApiTarget(options),
      'POST',
      `/api/v1/runs/${encodeURIComponent(runId)}/cancel`,
      {},
    );
    process.stdout.write(`${describeRun(run)}\n`);
  });

  addApiTargetOptions(
    action
      .command('logs')
      .description("Stream a run's log until it ends; exit 1 unless it succeeded")
      .argument('<run>', 'the run id'),
  ).action(async (runId: string, options: ApiTargetOptions) => {
    await followLogs(resolveApiTarget(options), runId);
  });
}

/** Reads the run's server-sent events, printing log lines; ends with the run's final state. */
async function followLogs(target: ApiTarget, runId: string): Promise<void> {
  const path = `/api/v1/runs/${encodeURIComponent(runId)}/logs`;
  const response = await fetch(`${target.url}${path}`, {
    headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' },
  }).catch((error: unknown) => {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `cannot reach Cairn at ${target.url} (${cause?.code ?? cause?.message ?? (error as Error).message})`,
    );
  });
  if (!response.ok || !response.body) {
    throw new CliError(`GET ${path} failed with ${response.status}: ${await response.text()}`);
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let final: Run | null = null;
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const event = parseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (event.name === 'log')
        process.stdout.write(`${(JSON.parse(event.data) as { line: string }).line}\n`);
      if (event.name === 'end') final = JSON.parse(event.data) as Run; // the stream's end event carries the run
    }
  }
  if (!final) throw new CliError(`the log stream of run ${runId} ended before the run did`);
  process.stderr.write(`${describeRun(final)}\n`);
  if (final.state !== 'succeeded') throw new CliError(`run ${runId} ${final.state}`, 1);
}

function parseEvent(block: string): { name: string; data: string } {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  return { name, data: data.join('\n') };
}
