import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { CliError } from '../cli-error.ts';

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
}
