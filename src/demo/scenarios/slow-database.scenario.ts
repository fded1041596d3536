import type { Scenario } from './scenario.ts';
import { later } from './scenario.ts';

const DURATION_SECONDS = 180;
export const SLOW_DATABASE_FACTOR = 20;

/**
 * PostgreSQL gets 20 times slower (a vacuum, a lock, a noisy neighbour): productcatalog and
 * checkout slow down with it, and no change explains it.
 */
export const slowDatabaseScenario: Scenario = {
  name: 'slow-database',
  description: `postgresql queries ${SLOW_DATABASE_FACTOR}× slower for ${DURATION_SECONDS / 60} minutes, with no change involved`,
  durationSeconds: DURATION_SECONDS,
  start: async (context) => {
    context.shop.faults.add({
      id: 'slow-database',
      database: { system: 'postgresql', latencyFactor: SLOW_DATABASE_FACTOR },
    });
    context.announce(`slow-database: postgresql queries are ${SLOW_DATABASE_FACTOR}× slower`);
    later(context, DURATION_SECONDS, () => {
      context.shop.faults.remove('slow-database');
      context.announce('slow-database: postgresql is back to normal');
    });
  },
};
