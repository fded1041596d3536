import { Command, CommanderError } from 'commander';
import { CAIRN_VERSION } from '../kernel/version.ts';
import { CliError } from './cli-error.ts';
import { registerActionCommands } from './commands/action.ts';
import { registerAlertCommands } from './commands/alert.ts';
import { registerCatalogCommands } from './commands/catalog.ts';
import { registerChangeCommands } from './commands/change.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerRunbookCommands } from './commands/runbook.ts';
import { registerTemplateCommands } from './commands/template.ts';
import { registerTokenCommands } from './commands/token.ts';
import { registerUpCommand } from './commands/up.ts';
import { registerIdentityCommands } from './commands/whoami-can.ts';

/** Builds the `cairn` command tree; every command is registered here and nowhere else. */
export function buildProgram(): Command {
  const program = new Command('cairn')
    .description(
      'Cairn: incidents that arrive with what changed, the impact and the fix; quiet alerts; golden paths.',
    )
    .version(CAIRN_VERSION, '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    // `-v/--version` belongs to `cairn` itself only, so `cairn change record --version 1.2.3` reaches
    // the subcommand instead of printing Cairn's version.
    .enablePositionalOptions()
    .exitOverride();
  program
    .command('version')
    .description('Print the Cairn version')
    .action(() => {
      process.stdout.write(`${CAIRN_VERSION}\n`);
    });
  registerUpCommand(program);
  registerDemoCommand(program);
  registerTokenCommands(program);
  registerIdentityCommands(program);
  registerConfigCommands(program);
  registerAlertCommands(program);
  registerCatalogCommands(program);
  registerChangeCommands(program);
  registerImportCommands(program);
  registerPolicyCommands(program);
  registerActionCommands(program);
  registerTemplateCommands(program);
  registerRunbookCommands(program);
  return program;
}

/** Runs the CLI; failures print one line (`cairn: …`) and set a non-zero exit code. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed help, the version or its own error message.
      process.exitCode = error.exitCode;
      return;
    }
    const exitCode = error instanceof CliError ? error.exitCode : 1;
    process.stderr.write(`cairn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitCode;
  }
}
