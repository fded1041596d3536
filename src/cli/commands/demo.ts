import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DEFAULT_HISTORY_MINUTES } from '../../demo/demo-clock.ts';
import { DEFAULT_ROLLBACK_AFTER_SECONDS } from '../../demo/scenarios/bad-deploy.scenario.ts';
import { SCENARIOS } from '../../demo/scenarios/registry.ts';
import { addServerOptions } from '../shared-options.ts';
import type { DemoOptions } from './run-demo.ts';

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new InvalidArgumentError(`"${value}" is not a positive number.`);
  return number;
}

function nonNegativeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new InvalidArgumentError(`"${value}" is not a number of seconds (0 or more).`);
  return number;
}

function wholeMinutes(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError(`"${value}" is not a whole number of minutes (0 or more).`);
  return number;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerDemoCommand(program: Command): void {
  addServerOptions(
    program
      .command('demo')
      .description(
        'Start Cairn with the example shop catalog and a simulated shop sending it telemetry, deploys and alerts',
      ),
  )
    .option(
      '--speed <n>',
      'play scenarios N times faster (1 = first bad deploy 60 s after start)',
      positiveNumber,
      1,
    )
    .option(
      '--scenario <name>',
      `play only this scenario (repeatable): ${Object.keys(SCENARIOS).join(', ')}`,
      collect,
      [],
    )
    .option('--reset', 'start from an empty data dir')
    .option('--rps <n>', 'shop requests per second at the daily peak', positiveNumber, 10)
    .option('--seed <n>', 'random seed, for a reproducible shop', positiveNumber)
    .option(
      '--rollback-after <seconds>',
      "scenario seconds before payment's bad deploy is rolled back by hand, if nobody rolled it back through Cairn (0: never)",
      nonNegativeNumber,
      DEFAULT_ROLLBACK_AFTER_SECONDS,
    )
    .option(
      '--history-minutes <n>',
      'minutes of past shop traffic replayed at start, as the baseline Cairn compares with (0: none)',
      wholeMinutes,
      DEFAULT_HISTORY_MINUTES,
    )
    .addHelpText(
      'after',
      '\nDefaults: config examples/cairn.yaml, data dir ./.cairn-demo. Pages go to CAIRN_MATTERMOST_URL when set,\n' +
        'else to <data dir>/pages.log. Same environment as `cairn up`. Details: docs/demo.md',
    )
    .action(async (options: DemoOptions) => {
      // The server and the shop load only when the demo runs, so the rest of the CLI starts fast.
      const { runDemo } = await import('./run-demo.ts');
      await runDemo(options);
    });
}
