import { releaseFault } from '../shop/releases.ts';
import { SERVICE_PROFILES } from '../shop/topology.ts';
import type { Scenario } from './scenario.ts';
import { later } from './scenario.ts';

/**
 * Scenario seconds after the bad deploy before payment's team rolls it back by hand, when nobody
 * rolled it back through Cairn first (`cairn demo --rollback-after`).
 */
export const DEFAULT_ROLLBACK_AFTER_SECONDS = 600;

/**
 * Payment 1.4.0 ships a bug (shop/releases.ts): about 30% of charges fail, checkout fails with
 * them, and the frontend's checkout page returns 500s. The deploy is a commit to the deployment
 * repository that Argo CD syncs. The fix is a rollback to the previous version — through Cairn's
 * rollback action on the incident, or, if nobody did that in time, by the team by hand.
 */
export const badDeployScenario: Scenario = {
  name: 'bad-deploy',
  description:
    'payment 1.4.0 fails ~30% of charges until it is rolled back (through Cairn, or by hand after --rollback-after)',
  durationSeconds: DEFAULT_ROLLBACK_AFTER_SECONDS + 30,
  start: async (context) => {
    const previous = context.shop.versionOf('payment');
    const bad = previous === '1.4.0' ? '1.4.1' : '1.4.0';
    // Back to a release without the bug, even when the one before was buggy too.
    const good = releaseFault('payment', previous) ? SERVICE_PROFILES.payment.version : previous;
    await context.deployer.rollout({
      service: 'payment',
      version: bad,
      description: `Deploy payment ${bad}: new charge request mapper`,
      author: 'jdoe',
    });
    context.announce(`bad-deploy: payment ${previous} → ${bad}; ~30% of charges now fail`);
    const after = context.rollbackAfterSeconds;
    if (after <= 0) return;
    later(context, after, async () => {
      const running = context.shop.versionOf('payment');
      if (running !== bad) {
        context.announce(`bad-deploy: payment already runs ${running}; no rollback by hand needed`);
        return;
      }
      await context.deployer.rollout({
        service: 'payment',
        version: good,
        kind: 'rollback',
        description: `Roll back payment ${bad} to ${good}`,
        author: 'jdoe',
      });
      context.announce(`bad-deploy: payment rolled back ${bad} → ${good} by hand; errors stop`);
    });
  },
};
