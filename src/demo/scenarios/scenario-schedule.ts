import { cycleSecondsOf, SCENARIOS, scheduleFor } from './registry.ts';
import type { ScenarioContext } from './scenario.ts';

/**
 * Plays the schedule (the default one, or the scenarios named with --scenario) and repeats it
 * every cycle, in scenario time.
 */
export function startScenarioSchedule({
  names,
  context,
}: {
  names: readonly string[];
  context: ScenarioContext;
}): void {
  const schedule = scheduleFor(names);
  const cycleMs = context.clock.wallMs(cycleSecondsOf(schedule));
  const playCycle = () => {
    for (const { atSeconds, scenario } of schedule) {
      const definition = SCENARIOS[scenario];
      if (!definition) continue;
      context.timers.after(context.clock.wallMs(atSeconds), () => definition.start(context));
    }
  };
  playCycle();
  context.timers.every(cycleMs, playCycle);
}
