import type { AlertSender } from '../alerts/alert-sender.ts';
import type { Deployer } from '../changes/deployer.ts';
import type { DemoClock, Timers } from '../demo-clock.ts';
import type { Random } from '../random.ts';
import type { Shop } from '../shop/shop.ts';

/** What a scenario may touch: the shop, its delivery systems and its Alertmanager. */
export interface ScenarioContext {
  shop: Shop;
  deployer: Deployer;
  alerts: AlertSender;
  clock: DemoClock;
  timers: Timers;
  random: Random;
  /** Scenario seconds before payment's bad deploy is rolled back by hand; 0: never. */
  rollbackAfterSeconds: number;
  /** One line for the operator (and the test) about what the scenario just did. */
  announce(message: string): void;
}

/** A story played against the shop; it schedules its own steps in scenario time. */
export interface Scenario {
  name: string;
  description: string;
  /** Scenario seconds from start to the last step; the schedule spaces scenarios by it. */
  durationSeconds: number;
  start(context: ScenarioContext): Promise<void>;
}

/** Runs `step` after `seconds` of scenario time (compressed by --speed). */
export function later(context: ScenarioContext, seconds: number, step: () => Promise<void> | void): void {
  context.timers.after(context.clock.wallMs(seconds), step);
}
