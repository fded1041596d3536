import type { Command } from 'commander';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { CliError } from '../cli-error.ts';

/** Loads a cairn.yaml as the server would (environment substituted); problems become one error. */
function readConfig(path: string): CairnConfig {
  try {
    return loadConfig({ file: path });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(`${path} is invalid:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
}

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
      const loaded = readConfig(path);
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
      'What a working tree would change against the running Cairn, grouped by kind (catalog, actions, runbooks, templates, policies): objects added (+), changed (~, with the fields) and removed (-). Exit 0, 1 on problems in the files or no answer, 2 on differences with --exit-code',
    )
    .argument(
      '[path]',
      'a cairn.yaml (every source it names; default: $CAIRN_CONFIG or ./cairn.yaml), or with --kind one source; a directory without --kind is a catalog directory',
    )
    .option(
      '--kind <kind>',
      'compare one source of this kind: catalog, actions, runbooks, templates, policies',
    )
    .option(
      '--tree <dir>',
      'working tree of the repository git sources follow (else their kinds are not compared)',
    )
    .option('--json', 'print { <kind>: { added, changed, removed } } as JSON')
    .option('--exit-code', 'exit 2 when there are differences (for CI)')
    .option('--url <url>', 'Cairn base URL [env: CAIRN_URL] (default: http://localhost:7420)')
    .option('--token <token>', 'token with the read scope [env: CAIRN_TOKEN]')
    .option(
      '-d, --data-dir <dir>',
      'data dir to find admin-token in [env: CAIRN_DATA_DIR] (default: ./.cairn)',
    )
    .action(
      async (
        path: string | undefined,
        options: {
          kind?: string;
          tree?: string;
          json?: boolean;
          exitCode?: boolean;
          url?: string;
          token?: string;
          dataDir?: string;
        },
      ) => {
        // Loaded only here: the loaders of every kind are not needed by any other command.
        const { isDirectory, objectKindOf, runConfigDiff } = await import('./config-diff.ts');
        const { kind, tree, ...rest } = options;
        if (kind !== undefined) {
          if (!path) throw new CliError('--kind needs the path of a source');
          await runConfigDiff(path, { ...rest, kind: objectKindOf(kind) });
          return;
        }
        if (path && isDirectory(path)) {
          await runConfigDiff(path, { ...rest, kind: 'catalog' });
          return;
        }
        const file = path ?? process.env.CAIRN_CONFIG ?? 'cairn.yaml';
        await runConfigDiff(null, { ...rest, config: readConfig(file), tree });
      },
    );
}
