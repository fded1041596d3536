import type { DemoClock, Timers } from '../demo-clock.ts';
import type { Random } from '../random.ts';
import type { Shop } from '../shop/shop.ts';
import { SHOP_SERVICES, type ShopService } from '../shop/topology.ts';
import { bumpPatch, type Deployer } from './deployer.ts';

/** Scenario seconds of the first routine deploy, and between routine deploys after it. */
export const FIRST_DEPLOY_SECONDS = 25;
export const DEPLOY_EVERY_SECONDS = 150;

/**
 * Routine, healthy deploys: the background of changes any real incident has to be told apart
 * from. The first is `ads` (reported by Argo CD), then a random service whose behaviour no
 * scenario is changing at the time.
 */
export function startDeployFeed({
  shop,
  deployer,
  clock,
  timers,
  random,
  announce,
}: {
  shop: Shop;
  deployer: Deployer;
  clock: DemoClock;
  timers: Timers;
  random: Random;
  announce: (message: string) => void;
}): void {
  const deploy = async (service: ShopService) => {
    const version = bumpPatch(shop.versionOf(service));
    const rollout = await deployer.rollout({ service, version });
    announce(`deploy: ${service} ${rollout.previousVersion} → ${version} (${rollout.profile.deploySource})`);
  };
  timers.after(clock.wallMs(FIRST_DEPLOY_SECONDS), () => deploy('ads'));
  timers.every(clock.wallMs(DEPLOY_EVERY_SECONDS), async () => {
    const busy = new Set(shop.faults.active().map((fault) => fault.service));
    // payment's versions belong to the bad-deploy story: routine deploys leave it alone.
    const candidates = SHOP_SERVICES.filter((service) => service !== 'payment' && !busy.has(service));
    const service = candidates[Math.floor(random.next() * candidates.length)];
    if (service) await deploy(service);
  });
}
