import type { Command } from 'commander';
import { addServerOptions } from '../shared-options.ts';
import type { UpOptions } from './run-up.ts';

export function registerUpCommand(program: Command): void {
  addServerOptions(program.command('up').description('Start the Cairn server (UI, REST API and ingest)'))
    .addHelpText(
      'after',
      '\nEnvironment: CAIRN_STATE_URL (postgres://…, default SQLite in the data dir), CAIRN_TELEMETRY_URL\n' +
        '(http://clickhouse:8123, default chDB in the data dir), CAIRN_ADMIN_TOKEN (bootstrap admin token).\n' +
        'Configuration keys: docs/configuration.md',
    )
    .action(async (options: UpOptions) => {
      // The server loads only when it starts, so the rest of the CLI starts fast.
      const { runUp } = await import('./run-up.ts');
      await runUp(options);
    });
}
