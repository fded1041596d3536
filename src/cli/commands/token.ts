import { type Command, Option } from 'commander';
import { SCOPES } from '../../kernel/scopes.ts';
import type { Token } from '../../modules/auth/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { addApiTargetOptions } from '../shared-options.ts';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('Manage API tokens (through the running server’s API)');

  addApiTargetOptions(
    token.command('create').description('Create a token and print it (it is shown only once)'),
  )
    .requiredOption('-n, --name <name>', 'what the token is for, e.g. "otel-collector"')
    .addOption(new Option('-s, --scope <scope>', 'what it may do').choices(SCOPES).makeOptionMandatory())
    .option('--json', 'print the created token as JSON')
    .action(async (options: ApiTargetOptions & { name: string; scope: string; json?: boolean }) => {
      const created = await callApi<{ token: Token; secret: string }>(
        resolveApiTarget(options),
        'POST',
        '/api/v1/tokens',
        {
          name: options.name,
          scope: options.scope,
        },
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${created.secret}\n`);
      process.stderr.write(
        `Created token "${created.token.name}" (id ${created.token.id}, scope ${created.token.scope}). ` +
          'Store it now: it is not shown again.\n',
      );
    });

  addApiTargetOptions(token.command('list').description('List tokens (never their secrets)')).action(
    async (options: ApiTargetOptions) => {
      const { items } = await callApi<{ items: Token[] }>(resolveApiTarget(options), 'GET', '/api/v1/tokens');
      const rows = items.map((t) =>
        [
          t.id,
          t.name,
          t.scope,
          t.createdAt,
          t.lastUsedAt ?? '-',
          t.revokedAt ? `revoked ${t.revokedAt}` : 'active',
        ].join('\t'),
      );
      process.stdout.write(`${['ID\tNAME\tSCOPE\tCREATED\tLAST USED\tSTATE', ...rows].join('\n')}\n`);
    },
  );

  addApiTargetOptions(
    token.command('revoke').description('Revoke a token by id').argument('<id>', 'token id'),
  ).action(async (id: string, options: ApiTargetOptions) => {
    await callApi(resolveApiTarget(options), 'DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
    process.stderr.write(`Revoked token ${id}.\n`);
  });
}
