import type { Fault } from './faults.ts';
import type { ShopService } from './topology.ts';

/** What a release's bug does while it runs: a fault in effect from its rollout to the next one. */
type ReleaseBug = Omit<Fault, 'id' | 'service'>;

const CHARGE_MAPPER_BUG: ReleaseBug = {
  errorRate: 0.3,
  errorMessage:
    "TypeError: Cannot read properties of undefined (reading 'currencyCode') at ChargeRequestMapper.toProviderRequest (charge-mapper.js:42)",
};

/**
 * The releases that ship a bug, by service and image tag. Whether a service fails depends on the
 * tag Argo CD has synced, not on a script: roll payment back to 1.3.2 by any route (Cairn's
 * action, a commit, a revert) and its errors stop.
 */
export const RELEASE_BUGS: Partial<Record<ShopService, Readonly<Record<string, ReleaseBug>>>> = {
  // The new charge request mapper: about 30% of charges fail until the release is rolled back.
  payment: { '1.4.0': CHARGE_MAPPER_BUG, '1.4.1': CHARGE_MAPPER_BUG },
};

/** The fault id a service's running release holds (one at a time: a rollout replaces it). */
export function releaseFaultId(service: ShopService): string {
  return `release:${service}`;
}

/** The fault `version` of `service` brings, if it ships a bug. */
export function releaseFault(service: ShopService, version: string): Fault | undefined {
  const bug = RELEASE_BUGS[service]?.[version];
  return bug ? { ...bug, id: releaseFaultId(service), service } : undefined;
}
