import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { CHANGE_KINDS, CHANGE_STATUSES, type Change } from '../../modules/changes/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';

interface RecordOptions extends ApiTargetOptions {
  service: string;
  version?: string;
  kind: string;
  env: string;
  status: string;
  revision?: string;
  previousVersion?: string;
  author?: string;
  link?: string;
  description?: string;
  idempotencyKey?: string;
  startedAt?: string;
  finishedAt?: string;
  json?: boolean;
}

interface RecordTerraformOptions extends ApiTargetOptions {
  workspace?: string;
  env?: string;
  author?: string;
  status?: string;
  link?: string;
  json?: boolean;
}

export function registerChangeCommands(program: Command): void {
  const change = program
    .command('change')
    .description('Record and list changes (through the running server’s API)');
  registerRecordTerraform(change);
  change
    .command('record')
    .description('Record a change from a CI job; prints the change id')
    .requiredOption('-s, --service <name>', 'the catalog name of the service')
    .option('-V, --version <version>', 'the version now running')
    .addOption(new Option('-k, --kind <kind>', 'what changed').choices(CHANGE_KINDS).default('deploy'))
    .option('-e, --env <environment>', 'environment', 'production')
    .addOption(new Option('--status <status>', 'how it went').choices(CHANGE_STATUSES).default('succeeded'))
    .option('--revision <sha>', 'commit sha deployed (default: $GITHUB_SHA, $GIT_COMMIT or $CI_COMMIT_SHA)')
    .option('--previous-version <version>', 'the version it replaced')
    .option('--author <name>', 'who made the change')
    .option('--link <url>', 'link to the pipeline run or pull request')
    .option('--description <text>', 'one line about the change')
    .option('--idempotency-key <key>', 'the same key twice records one change (e.g. the CI run id)')
    .option('--started-at <time>', 'RFC 3339 or epoch ms')
    .option('--finished-at <time>', 'RFC 3339 or epoch ms')
    .option('--json', 'print the recorded change as JSON')
    .option('--url <url>', 'Cairn base URL [env: CAIRN_URL] (default: http://localhost:7420)')
    .option('--token <token>', 'token with the ingest scope [env: CAIRN_TOKEN]')
    .option(
      '-d, --data-dir <dir>',
      'data dir to find admin-token in [env: CAIRN_DATA_DIR] (default: ./.cairn)',
    )
    .action(async (options: RecordOptions) => {
      const revision =
        options.revision ?? process.env.GITHUB_SHA ?? process.env.GIT_COMMIT ?? process.env.CI_COMMIT_SHA;
      const body = {
        source: 'cli',
        service: options.service,
        kind: options.kind,
        environment: options.env,
        status: options.status,
        version: options.version,
        previousVersion: options.previousVersion,
        revision,
        author: options.author,
        url: options.link,
        description: options.description,
        idempotencyKey: options.idempotencyKey,
        startedAt: options.startedAt,
        finishedAt: options.finishedAt,
      };
      const target = resolveApiTarget(options);
      const result = await callApi<{ outcome: string; change: Change }>(
        target,
        'POST',
        '/api/v1/changes',
        body,
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${result.change.id}\n`);
      const where = result.change.mapped ? '' : ' (unmapped: not a known service)';
      process.stderr.write(
        result.outcome === 'duplicate'
          ? `Already recorded as ${result.change.id} (same idempotency key).\n`
          : `Recorded ${result.change.kind} of ${result.change.service} ${result.change.version ?? ''} to ${result.change.environment}${where}.\n`,
      );
    });
}

/** `cairn change record-terraform plan.json`: a CI step after `terraform show -json`. */
function registerRecordTerraform(change: Command): void {
  change
    .command('record-terraform <file>')
    .description(
      'Record the infra changes of a Terraform run from `terraform show -json` of its plan or state (`-` reads standard input); prints one change id per service',
    )
    .option('-w, --workspace <name>', 'Terraform workspace (default: $TF_WORKSPACE, else default)')
    .option('-e, --env <environment>', 'environment', 'production')
    .option('--author <name>', 'who ran it (default: $GITHUB_ACTOR, $GITLAB_USER_LOGIN or $BUILD_USER)')
    .addOption(
      new Option('--status <status>', 'how the apply went').choices(CHANGE_STATUSES).default('succeeded'),
    )
    .option('--link <url>', 'link to the pipeline run')
    .option('--json', 'print the results as JSON')
    .option('--url <url>', 'Cairn base URL [env: CAIRN_URL] (default: http://localhost:7420)')
    .option('--token <token>', 'token with the ingest scope [env: CAIRN_TOKEN]')
    .option(
      '-d, --data-dir <dir>',
      'data dir to find admin-token in [env: CAIRN_DATA_DIR] (default: ./.cairn)',
    )
    .action(async (file: string, options: RecordTerraformOptions) => {
      let payload: unknown;
      try {
        payload = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
      } catch (error) {
        throw new CliError(`${file}: not readable as JSON (${(error as Error).message})`);
      }
      const query = new URLSearchParams();
      const set = (key: string, value: string | undefined) => {
        if (value !== undefined && value.trim() !== '') query.set(key, value);
      };
      set('workspace', options.workspace ?? process.env.TF_WORKSPACE);
      set('environment', options.env);
      set(
        'author',
        options.author ?? process.env.GITHUB_ACTOR ?? process.env.GITLAB_USER_LOGIN ?? process.env.BUILD_USER,
      );
      set('status', options.status);
      set('url', options.link);
      const target = resolveApiTarget(options);
      const answer = await callApi<{
        results: Array<{ outcome: string; change?: Change; reason?: string }>;
      }>(target, 'POST', `/api/v1/integrations/terraform?${query}`, payload);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      for (const result of answer.results) {
        if (!result.change) {
          process.stderr.write(`Ignored: ${result.reason ?? 'no reason given'}.\n`);
          continue;
        }
        process.stdout.write(`${result.change.id}\n`);
        const firstLine = result.change.description?.split('\n')[0] ?? '';
        const service = result.change.service ?? '(no service: infrastructure-wide)';
        process.stderr.write(
          result.outcome === 'duplicate'
            ? `Already recorded as ${result.change.id}.\n`
            : `Recorded infra change of ${service}: ${firstLine}.\n`,
        );
      }
    });
}
