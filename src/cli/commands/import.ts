import { type Command, InvalidArgumentError } from 'commander';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { addApiTargetOptions } from '../shared-options.ts';
import { createGithubClient } from './import-github-client.ts';
import { type ImportItem, readGithubHistory } from './import-github-history.ts';
import { registerHistoryImports } from './import-history.ts';

interface ImportGithubOptions extends ApiTargetOptions {
  repo: string;
  since: number;
  githubToken?: string;
  githubApi: string;
  maxWait: number;
}

/** What the import route answers per item (IntegrationResult in the changes contract). */
interface ImportResult {
  outcome: 'recorded' | 'duplicate' | 'ignored';
  change?: { service: string | null };
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** Items per request to Cairn (the import route's maximum). */
const BATCH = 100;

/** `90d`, `12h`, `2w` or an RFC 3339 time → epoch ms of the start. */
export function parseSince(value: string, nowMs = Date.now()): number {
  const relative = /^(\d+)([hdw])$/.exec(value);
  if (relative) {
    const unitMs = { h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 }[relative[2] as 'h' | 'd' | 'w'];
    return nowMs - Number(relative[1]) * unitMs;
  }
  const ms = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError(`"${value}" is neither a duration (90d, 12h, 2w) nor an RFC 3339 time.`);
  }
  return ms;
}

function parseMinutes(value: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(value);
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration (30s, 15m, 1h).`);
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3600_000 }[(match[2] ?? 'm') as 's' | 'm' | 'h'];
}

export function registerImportCommands(program: Command): void {
  const importCommand = program
    .command('import')
    .description('Backfill history into a running Cairn (through its API)');
  registerHistoryImports(importCommand);
  addApiTargetOptions(
    importCommand
      .command('github')
      .description(
        'Backfill deployments (with their statuses), releases and default-branch commits of a GitHub repository through the GitHub REST API; a re-run records nothing twice',
      )
      .requiredOption(
        '--repo <owner/name>',
        'the repository (mapped to the service annotated github.com/project-slug)',
        (value) => {
          if (!REPO.test(value)) throw new InvalidArgumentError(`"${value}" is not owner/name.`);
          return value;
        },
      )
      .option(
        '--since <when>',
        'how far back: 90d, 12h, 2w or an RFC 3339 time',
        (value: string) => parseSince(value),
        parseSince('90d'),
      )
      .option('--github-token <token>', 'GitHub token that can read the repository [env: GITHUB_TOKEN]')
      .option(
        '--github-api <url>',
        'GitHub REST API base URL (GitHub Enterprise: https://HOST/api/v3)',
        'https://api.github.com',
      )
      .option(
        '--max-wait <duration>',
        'longest wait for a GitHub rate limit to reset before stopping',
        (value: string) => parseMinutes(value),
        15 * 60_000,
      ),
  ).action(async (options: ImportGithubOptions) => {
    const target = resolveApiTarget(options);
    const progress = (line: string) => process.stderr.write(`${line}\n`);
    const client = createGithubClient({
      apiUrl: options.githubApi,
      token: options.githubToken ?? process.env.GITHUB_TOKEN,
      progress,
      policy: {
        maxWaitMs: options.maxWait,
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      },
    });
    progress(`importing ${options.repo} since ${new Date(options.since).toISOString()}`);
    const tally = {
      deployments: { recorded: 0, duplicate: 0, ignored: 0 },
      releases: { recorded: 0, duplicate: 0, ignored: 0 },
      commits: { recorded: 0, duplicate: 0, ignored: 0 },
    };
    const services = new Set<string>();
    let unmapped = 0;
    for await (const { kind, items } of readGithubHistory(client, options.repo, options.since)) {
      for (let start = 0; start < items.length; start += BATCH) {
        const batch: ImportItem[] = items.slice(start, start + BATCH);
        const { results } = await callApi<{ results: ImportResult[] }>(
          target,
          'POST',
          '/api/v1/integrations/github/import',
          { items: batch },
        );
        for (const result of results) {
          tally[kind][result.outcome] += 1;
          if (result.change?.service) services.add(result.change.service);
          else if (result.change) unmapped += 1;
        }
      }
    }
    const line = (name: string, t: { recorded: number; duplicate: number; ignored: number }) =>
      `${name}: ${t.recorded} recorded, ${t.duplicate} already there, ${t.ignored} not changes`;
    process.stdout.write(
      `${[
        `${options.repo} → ${services.size > 0 ? [...services].sort().join(', ') : 'no service'}`,
        line('deployment statuses', tally.deployments),
        line('releases', tally.releases),
        line('commits', tally.commits),
      ].join('\n')}\n`,
    );
    if (unmapped > 0) {
      process.stderr.write(
        `${unmapped} changes are not mapped to a service: annotate one with github.com/project-slug: ${options.repo}\n`,
      );
    }
  });
}
