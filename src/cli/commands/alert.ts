import type { Command } from 'commander';
import type { Alert, IntakeResult } from '../../modules/alerts/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';

/** `cairn alert test`: posts a sample alert through the Alertmanager webhook, to try a setup end to end. */
export function registerAlertCommands(program: Command): void {
  const alert = program.command('alert').description('Alerts (through the running server’s API)');
  alert
    .command('test')
    .description('Post a sample firing alert as Alertmanager would; it opens an incident and may page')
    .option('--url <url>', 'Cairn base URL [env: CAIRN_URL] (default: http://localhost:7420)')
    .option(
      '--token <token>',
      'token with the ingest scope [env: CAIRN_TOKEN] (default: the data dir’s admin-token file)',
    )
    .option(
      '-d, --data-dir <dir>',
      'data dir to find admin-token in [env: CAIRN_DATA_DIR] (default: ./.cairn)',
    )
    .option('--service <name>', 'service label of the sample alert', 'cairn-test')
    .option('--severity <severity>', 'critical pages; warning and info do not', 'critical')
    .option('--resolve', 'send the resolution of the sample alert instead')
    .action(async (options: ApiTargetOptions & { service: string; severity: string; resolve?: boolean }) => {
      const target = resolveApiTarget(options);
      const fingerprint = `cairn-test-${options.service}`;
      let startsAt = new Date().toISOString();
      if (options.resolve) {
        // A resolution names the occurrence it ends: the start of the firing test alert.
        const { items } = await callApi<{ items: Alert[] }>(
          target,
          'GET',
          '/api/v1/alerts?status=firing&limit=1000',
        );
        const firing = items.find((item) => item.fingerprint === fingerprint);
        if (!firing) throw new CliError(`no firing test alert for service ${options.service}`);
        startsAt = firing.startsAt;
      }
      const result = await callApi<IntakeResult>(target, 'POST', '/api/v1/integrations/alertmanager', {
        version: '4',
        groupKey: `{}:{alertname="CairnTestAlert"}`,
        status: options.resolve ? 'resolved' : 'firing',
        receiver: 'cairn-cli',
        alerts: [
          {
            status: options.resolve ? 'resolved' : 'firing',
            labels: { alertname: 'CairnTestAlert', service: options.service, severity: options.severity },
            annotations: { summary: `Test alert from cairn alert test on ${options.service}` },
            startsAt,
            endsAt: options.resolve ? new Date().toISOString() : '0001-01-01T00:00:00Z',
            fingerprint,
          },
        ],
      });
      process.stdout.write(
        `${options.resolve ? 'Resolved' : 'Fired'} CairnTestAlert on ${options.service} (${options.severity}): ` +
          `${result.accepted} recorded, ${result.duplicates} duplicate\n`,
      );
    });
}
