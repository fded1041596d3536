import type { Scenario } from './scenario.ts';
import { later } from './scenario.ts';

/** Scenario seconds between the bad deploy and its rollback. */
export const ROLLBACK_AFTER_SECONDS = 180;
/** Share of payment's requests v1.4.0 fails. */
export const BAD_DEPLOY_ERROR_RATE = 0.3;

/**
 * Payment v1.4.0 ships a bug: about 30% of charges fail, checkout fails with them, and the
 * frontend's checkout page returns 500s. After a few minutes the team rolls back to the previous
 * version, reported like any deploy, and the errors stop.
 */
export const badDeployScenario: Scenario = {
  name: 'bad-deploy',
  description: `payment v1.4.0 fails ~30% of charges until it is rolled back ${ROLLBACK_AFTER_SECONDS / 60} minutes later`,
  durationSeconds: ROLLBACK_AFTER_SECONDS + 30,
  start: async (context) => {
    const previous = context.shop.versionOf('payment');
    const bad = 'v1.4.0' === previous ? 'v1.4.1' : 'v1.4.0';
    const faultId = 'bad-deploy';
    // The fault goes in with the rollout: the new instance is the one with the bug.
    context.shop.faults.add({
      id: faultId,
      service: 'payment',
      errorRate: BAD_DEPLOY_ERROR_RATE,
      errorMessage:
        "TypeError: Cannot read properties of undefined (reading 'currencyCode') at ChargeRequestMapper.toProviderRequest (charge-mapper.js:42)",
    });
    await context.deployer.rollout({
      service: 'payment',
      version: bad,
      description: `Deploy payment ${bad}: new charge request mapper`,
      author: 'jdoe',
    });
    context.announce(`bad-deploy: payment ${previous} → ${bad}; ~30% of charges now fail`);
    later(context, ROLLBACK_AFTER_SECONDS, async () => {
      context.shop.faults.remove(faultId);
      await context.deployer.rollout({
        service: 'payment',
        version: previous,
        kind: 'rollback',
        description: `Roll back payment ${bad} to ${previous}`,
        author: 'jdoe',
      });
      context.announce(`bad-deploy: payment rolled back ${bad} → ${previous}; errors stop`);
    });
  },
};
