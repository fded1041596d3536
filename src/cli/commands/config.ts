import type { Command } from 'commander';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { CliError } from '../cli-error.ts';
import { runConfigDiff } from './config-diff.ts';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Work with cairn.yaml');
  config
    .command('validate')
    .description(
      'Check a cairn.yaml (with environment substitution) without starting anything; with --files, also every catalog, action, policy, template and runbook directory it names (file:line); exit 1 on any problem',
    )
    .argument('[file]', 'file to check [env: CAIRN_CONFIG] (default: ./cairn.yaml)')
    .option('--files', 'also check the settings directories the file names, with the loaders the server uses')
    .option('--tree <dir>', 'working tree of the repository git sources follow (implies --files)')
    .action(async (file: string | undefined, options: { files?: boolean; tree?: string }) => {
      const path = file ?? process.env.CAIRN_CONFIG ?? 'cairn.yaml';
      let loaded: CairnConfig;
      try {
        loaded = loadConfig({ file: path });
      } catch (error) {
        if (error instanceof ConfigError)
          throw new CliError(`${path} is invalid:\n  ${error.problems.join('\n  ')}`);
        throw error;
      }
      process.stdout.write(`${path} is valid\n`);
      if (!options.files && !options.tree) return;
      // Loaded only here: the loaders of every kind are not needed by any other command.
      const { validateConfigTree } = await import('./config-validate.ts');
      const report = await validateConfigTree(loaded, options.tree ?? null);
      for (const p of report.problems) {
        process.stdout.write(`${p.kind}: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
      }
      for (const skipped of report.skipped) process.stdout.write(`not checked (no --tree): ${skipped}\n`);
      const count = report.problems.length;
      process.stdout.write(
        `${report.checked.length} directories checked, ${count} problem${count === 1 ? '' : 's'}\n`,
      );
      if (count > 0) process.exitCode = 1;
    });
  config
    .command('diff')
    .description(
      'What a catalog directory would change against the running Cairn: services added (+), changed (~, with the fields) and removed (-)',
    )
    .argument('<dir>', 'catalog directory (as in catalog.sources)')
    .option('--json', 'print { added, changed, removed } as JSON')
    .option('--exit-code', 'exit 2 when there are differences (for CI)')
    .option('--url <url>', 'Cairn base URL [env: CAIRN_URL] (default: http://localhost:7420)')
    .option('--token <token>', 'token with the read scope [env: CAIRN_TOKEN]')
    .option(
      '-d, --data-dir <dir>',
      'data dir to find admin-token in [env: CAIRN_DATA_DIR] (default: ./.cairn)',
    )
    .action(
      async (
        dir: string,
        options: { json?: boolean; exitCode?: boolean; url?: string; token?: string; dataDir?: string },
      ) => {
        await runConfigDiff(dir, options);
      },
    );
}
