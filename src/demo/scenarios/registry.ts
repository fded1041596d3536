import { badDeployScenario } from './bad-deploy.scenario.ts';
import { cpuSaturationScenario } from './cpu-saturation.scenario.ts';
import { flappingAlertScenario } from './flapping-alert.scenario.ts';
import type { Scenario } from './scenario.ts';
import { slowDatabaseScenario } from './slow-database.scenario.ts';
import { transientWarningsScenario } from './transient-warnings.scenario.ts';

/** Every scenario by name; adding one is adding an entry here and to the schedule. */
export const SCENARIOS: Record<string, Scenario> = Object.fromEntries(
  [
    badDeployScenario,
    slowDatabaseScenario,
    flappingAlertScenario,
    transientWarningsScenario,
    cpuSaturationScenario,
  ].map((scenario) => [scenario.name, scenario]),
);

/** When each scenario starts in one cycle of the default schedule, in scenario seconds. */
export const DEFAULT_SCHEDULE: ReadonlyArray<{ atSeconds: number; scenario: string }> = [
  { atSeconds: 60, scenario: 'bad-deploy' },
  // The noise comes once the bad deploy's alert is firing: Cairn groups related alerts into the open
  // incident, and the incident that pages should be the one the error alert opened.
  { atSeconds: 180, scenario: 'transient-warnings' },
  { atSeconds: 195, scenario: 'flapping-alert' },
  { atSeconds: 420, scenario: 'slow-database' },
  { atSeconds: 660, scenario: 'cpu-saturation' },
];
/** The default schedule repeats every this many scenario seconds. */
export const CYCLE_SECONDS = 900;

/**
 * The schedule for `--scenario` names: each named scenario, in the order given, the first at 60 s
 * and each next one when the previous has ended. Unknown names are an error listing the known ones.
 */
export function scheduleFor(names: readonly string[]): Array<{ atSeconds: number; scenario: string }> {
  if (names.length === 0) return [...DEFAULT_SCHEDULE];
  const unknown = names.filter((name) => !SCENARIOS[name]);
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario ${unknown.map((name) => `"${name}"`).join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`,
    );
  }
  let at = 60;
  return names.map((name) => {
    const entry = { atSeconds: at, scenario: name };
    at += (SCENARIOS[name]?.durationSeconds ?? 0) + 30;
    return entry;
  });
}

/** Seconds one cycle of a schedule takes before it repeats. */
export function cycleSecondsOf(schedule: ReadonlyArray<{ atSeconds: number; scenario: string }>): number {
  const end = Math.max(
    ...schedule.map((entry) => entry.atSeconds + (SCENARIOS[entry.scenario]?.durationSeconds ?? 0)),
  );
  return Math.max(CYCLE_SECONDS, end + 120);
}
