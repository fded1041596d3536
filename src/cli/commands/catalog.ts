import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readCatalogDirectory } from '../../modules/catalog/index.ts';
import { CliError } from '../cli-error.ts';

export function registerCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('Work with Backstage catalog-info.yaml files');
  catalog
    .command('validate')
    .description('Check every descriptor under DIR offline; prints file:line: problem and exits 1 on any')
    .argument('<dir>', 'directory of catalog-info.yaml files (searched recursively)')
    .action(async (dir: string) => {
      const root = resolve(dir);
      if (!existsSync(root) || !statSync(root).isDirectory()) throw new CliError(`${dir} is not a directory`);
      const { entities, problems, files } = await readCatalogDirectory(root, dir);
      for (const problem of problems) {
        process.stdout.write(
          `${problem.file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}\n`,
        );
      }
      const summary = `${files} file${files === 1 ? '' : 's'}, ${entities.length} entit${entities.length === 1 ? 'y' : 'ies'}`;
      if (problems.length > 0) {
        throw new CliError(
          `${dir}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${summary})`,
        );
      }
      process.stderr.write(`${dir} is valid: ${summary}\n`);
    });
}
