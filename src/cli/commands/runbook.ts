import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { actionIdsIn, loadRunbooks } from '../../modules/runbooks/index.ts';
import { CliError } from '../cli-error.ts';

/** `cairn runbook validate [dir]`: the runbook files checked offline with the server's own loader. */
export function registerRunbookCommands(program: Command): void {
  const runbook = program.command('runbook').description('Runbooks with decision trees (docs/runbooks.md)');
  runbook
    .command('validate')
    .description(
      'Check runbooks: parse errors, unreachable steps, cycles, unknown queries or actions, bad references (file:line); exit 1 on any',
    )
    .argument('[dir]', 'folder of Markdown runbooks', 'examples/runbooks')
    .option(
      '--actions <dir>',
      'folder of action definitions whose ids steps may use (default: ../actions beside dir)',
    )
    .action((dir: string, options: { actions?: string }) => {
      if (!existsSync(dir)) throw new CliError(`runbook folder ${dir} does not exist`);
      const actionsDir = options.actions ?? join(dirname(dir), 'actions');
      const actions = actionIdsIn(actionsDir);
      const { runbooks, problems } = loadRunbooks(dir, actions);
      for (const p of problems) process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
      const steps = runbooks.reduce((n, r) => n + r.steps.length, 0);
      const note = actions ? '' : ` (no ${actionsDir}: action ids not checked)`;
      process.stdout.write(
        `${runbooks.length} runbooks, ${steps} steps, ${problems.length} problem${problems.length === 1 ? '' : 's'}${note}\n`,
      );
      if (problems.length > 0) process.exitCode = 1;
    });
}
