import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../kernel/errors.ts';
import {
  type CheckOutputFormat,
  checkManifests,
  checkOutputFormats,
  type ExpectedResultRow,
  formatCheckReport,
  loadCheckInputs,
  loadPolicySet,
  runKyvernoTests,
} from '../../modules/policy/index.ts';
import { CliError } from '../cli-error.ts';

/** Exit status of `cairn policy check` when a Deny policy fails (1 is kept for usage errors). */
const deniedExitCode = 2;

function table(rows: ExpectedResultRow[]): string {
  const header = ['#', 'policy', 'kind', 'resource', 'expected', 'result', ''];
  const body = rows.map((r, i) => [
    String(i + 1),
    r.policy,
    r.kind,
    r.resource,
    r.expected,
    r.actual,
    r.matched ? 'ok' : `MISMATCH${r.detail ? `: ${r.detail}` : ''}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

/** Turns domain input errors into one-line CLI errors. */
function asCliError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InputError) throw new CliError(error.message);
    throw error;
  }
}

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('Run CEL policies (Kyverno, Kubernetes, Terraform) locally');
  policy
    .command('test')
    .description('Run Kyverno CLI tests (kyverno-test.yaml) found under a folder; exit 1 on any mismatch')
    .argument('<dir>', 'folder (searched recursively) or one kyverno-test.yaml')
    .option('--failures-only', 'list only the results that do not match')
    .action((dir: string, options: { failuresOnly?: boolean }) => {
      const run = asCliError(() => runKyvernoTests(dir));
      const rows = options.failuresOnly ? run.rows.filter((r) => !r.matched) : run.rows;
      if (rows.length > 0) process.stdout.write(`${table(rows)}\n`);
      process.stdout.write(
        `${run.matched} of ${run.rows.length} expected results matched in ${run.tests} tests (${run.mismatched} mismatched)\n`,
      );
      if (run.mismatched > 0) process.exitCode = 1;
    });
  policy
    .command('check')
    .description(
      `Check manifests or Terraform plans against policies; exit ${deniedExitCode} when a Deny policy fails`,
    )
    .argument('<files...>', 'YAML/JSON files or folders; - reads standard input')
    .requiredOption('-p, --policy <path...>', 'policy files or folders')
    .option('-o, --output <format>', `report format: ${checkOutputFormats.join(', ')}`, 'text')
    .action((files: string[], options: { policy: string[]; output: string }) => {
      if (!(checkOutputFormats as readonly string[]).includes(options.output)) {
        throw new CliError(
          `--output must be one of ${checkOutputFormats.join(', ')}; got '${options.output}'`,
        );
      }
      const report = asCliError(() => {
        const policies = loadPolicySet(options.policy);
        if (policies.policies.length === 0)
          throw new InputError(`no policy found in ${options.policy.join(', ')}`);
        return checkManifests(
          policies,
          loadCheckInputs(files, () => readFileSync(0, 'utf8')),
        );
      });
      process.stdout.write(formatCheckReport(report, options.output as CheckOutputFormat));
      if (report.denied > 0) process.exitCode = deniedExitCode;
    });
}
