import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { CliError } from '../cli-error.ts';
import { runConfigDiff } from './config-diff.ts';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Work with cairn.yaml');
  config
    .command('validate')
    .description('Check a cairn.yaml (with environment substitution) without starting anything')
    .argument('[file]', 'file to check [env: CAIRN_CONFIG] (default: ./cairn.yaml)')
    .action((file: string | undefined) => {
      const path = file ?? process.env.CAIRN_CONFIG ?? 'cairn.yaml';
      try {
        loadConfig({ file: path });
      } catch (error) {
        if (error instanceof ConfigError)
          throw new CliError(`${path} is invalid:\n  ${error.problems.join('\n  ')}`);
        throw error;
      }
      process.stdout.write(`${path} is valid\n`);
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
