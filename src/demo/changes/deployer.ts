import type { CairnClient } from '../cairn-client.ts';
import type { Random } from '../random.ts';
import type { Shop } from '../shop/shop.ts';
import { SERVICE_PROFILES, type ShopService } from '../shop/topology.ts';
import { argoCdNotification, githubDeploymentStatus, type Rollout } from './deploy-payloads.ts';

export interface RolloutRequest {
  service: ShopService;
  version: string;
  kind?: 'deploy' | 'rollback';
  description?: string;
  author?: string;
}

/** Rolls out a version in the shop and reports it the way the service's delivery system does. */
export interface Deployer {
  rollout(request: RolloutRequest): Promise<Rollout>;
}

const AUTHORS = ['mchen', 'apatel', 'jdoe', 'sgarcia', 'tkowalski', 'lnguyen'];

export function createDeployer({
  shop,
  client,
  random,
}: {
  shop: Shop;
  client: CairnClient;
  random: Random;
}): Deployer {
  let nextDeploymentId = 1_840_000_000 + Math.floor(random.next() * 1_000_000);
  return {
    rollout: async ({ service, version, kind = 'deploy', description, author }) => {
      const profile = SERVICE_PROFILES[service];
      const startedAt = new Date();
      const rollout: Rollout = {
        profile,
        version,
        previousVersion: shop.versionOf(service),
        sha: random.hex(20),
        kind,
        author: author ?? AUTHORS[Math.floor(random.next() * AUTHORS.length)] ?? 'mchen',
        startedAt,
        finishedAt: startedAt,
        deploymentId: nextDeploymentId++,
        description:
          description ??
          (kind === 'rollback' ? `Roll back ${service} to ${version}` : `Deploy ${service} ${version}`),
      };
      if (profile.deploySource === 'github') {
        await client.postGithub('deployment_status', githubDeploymentStatus(rollout, 'in_progress'));
      } else {
        await client.postArgoCd(argoCdNotification(rollout, 'Running'));
      }
      await shop.deploy(service, version);
      rollout.finishedAt = new Date();
      if (profile.deploySource === 'github') {
        await client.postGithub('deployment_status', githubDeploymentStatus(rollout, 'success'));
      } else {
        await client.postArgoCd(argoCdNotification(rollout, 'Succeeded'));
      }
      return rollout;
    },
  };
}

/** `v1.12.0` → `v1.12.1`; anything else gets `.1` appended. */
export function bumpPatch(version: string): string {
  const match = /^(v?\d+\.\d+\.)(\d+)$/.exec(version);
  return match ? `${match[1]}${Number(match[2]) + 1}` : `${version}.1`;
}
