import type { Command } from 'commander';
import { Option } from 'commander';
import { type Me, VERBS } from '../../modules/identity/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { addApiTargetOptions } from '../shared-options.ts';

interface PermissionAnswer {
  items: {
    verb: string;
    service: string | null;
    incident: string | null;
    owner: string | null;
    allowed: boolean;
    reason: string | null;
  }[];
}

/**
 * `cairn whoami` and `cairn can`: the CLI asks the same permission function the API and the UI
 * use (through `GET /api/v1/me` and `GET /api/v1/permissions`), so all three give one answer.
 */
export function registerIdentityCommands(program: Command): void {
  addApiTargetOptions(
    program.command('whoami').description('Who the token stands for: role, teams and scope'),
  )
    .option('--json', 'print the answer as JSON')
    .action(async (options: ApiTargetOptions & { json?: boolean }) => {
      const me = await callApi<Me>(resolveApiTarget(options), 'GET', '/api/v1/me');
      if (options.json) {
        process.stdout.write(`${JSON.stringify(me, null, 2)}\n`);
        return;
      }
      const teams = me.teams.length > 0 ? me.teams.join(', ') : 'no team';
      process.stdout.write(
        `${me.name} (${me.kind}, ${me.actorId}): role ${me.role}, ${teams}, scope ${me.scope}\n`,
      );
    });

  addApiTargetOptions(
    program
      .command('can')
      .description(
        'May the token do VERB (on a service or incident)? Exit 0 when allowed, 3 when not, with the reason',
      )
      .addArgument(program.createArgument('<verb>', 'what to do').choices(VERBS)),
  )
    .addOption(new Option('--service <name>', 'the service the verb is for').conflicts('incident'))
    .option('--incident <id>', 'the incident the verb is for')
    .action(async (verb: string, options: ApiTargetOptions & { service?: string; incident?: string }) => {
      const query = new URLSearchParams({ verb });
      if (options.service) query.set('service', options.service);
      if (options.incident) query.set('incident', options.incident);
      const { items } = await callApi<PermissionAnswer>(
        resolveApiTarget(options),
        'GET',
        `/api/v1/permissions?${query}`,
      );
      const [answer] = items;
      if (!answer) throw new CliError('the server gave no permission decision');
      const target = answer.service
        ? ` on ${answer.service}${answer.owner ? ` (owned by ${answer.owner})` : ''}`
        : answer.incident
          ? ` on incident ${answer.incident}`
          : '';
      if (answer.allowed) {
        process.stdout.write(`yes: ${answer.verb}${target} is allowed\n`);
        return;
      }
      process.stdout.write(`no: ${answer.verb}${target} is refused: ${answer.reason ?? 'no reason given'}\n`);
      process.exitCode = 3;
    });
}
