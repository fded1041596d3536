import type { CairnClient } from '../cairn-client.ts';
import type { DemoGitOps } from '../gitops/demo-gitops.ts';
import { valuesPath, withImageTag } from '../gitops/values-file.ts';
import type { Random } from '../random.ts';
import { SERVICE_PROFILES, type ShopService } from '../shop/topology.ts';
import { githubDeploymentStatus, type Rollout } from './deploy-payloads.ts';

export interface RolloutRequest {
  service: ShopService;
  version: string;
  kind?: 'deploy' | 'rollback';
  description?: string;
  author?: string;
}

/**
 * The shop's deploy pipeline: commits the new tag to the deployment repository, lets Argo CD sync
 * it, and — for services whose deploys GitHub tracks — reports the rollout as a GitHub deployment
 * (Argo CD's own notifications report the others).
 */
export interface Deployer {
  rollout(request: RolloutRequest): Promise<Rollout>;
}

const AUTHORS = ['mchen', 'apatel', 'jdoe', 'sgarcia', 'tkowalski', 'lnguyen'];
/** Commits tried when someone else moves `main` in between. */
const COMMIT_ATTEMPTS = 3;

export function createDeployer({
  gitops,
  client,
  random,
}: {
  gitops: DemoGitOps;
  client: CairnClient;
  random: Random;
}): Deployer {
  let nextDeploymentId = 1_840_000_000 + Math.floor(random.next() * 1_000_000);
  const { controller } = gitops;
  return {
    rollout: async ({ service, version, kind = 'deploy', description, author }) => {
      const profile = SERVICE_PROFILES[service];
      const startedAt = new Date();
      const login = author ?? AUTHORS[Math.floor(random.next() * AUTHORS.length)] ?? 'mchen';
      const rollout: Rollout = {
        profile,
        version,
        previousVersion: controller.tagOf(profile.argocdApp) ?? profile.version,
        sha: random.hex(20),
        commit: '',
        kind,
        author: login,
        startedAt,
        finishedAt: startedAt,
        deploymentId: nextDeploymentId++,
        description:
          description ??
          (kind === 'rollback' ? `Roll back ${service} to ${version}` : `Deploy ${service} ${version}`),
      };
      if (profile.deploySource === 'github') {
        await client.postGithub('deployment_status', githubDeploymentStatus(rollout, 'in_progress'));
      }
      rollout.commit = await commitTag(gitops, {
        service,
        version,
        message: rollout.description,
        author: { name: login, email: `${login}@acme-shop.example` },
      });
      // The push reaches Argo CD as a Git webhook would: it refreshes now instead of at its next poll.
      await controller.refresh();
      await controller.runs(profile.argocdApp, version);
      rollout.finishedAt = new Date();
      if (profile.deploySource === 'github') {
        await client.postGithub('deployment_status', githubDeploymentStatus(rollout, 'success'));
      }
      return rollout;
    },
  };

  async function commitTag(
    { repository: repo }: Pick<DemoGitOps, 'repository'>,
    request: {
      service: ShopService;
      version: string;
      message: string;
      author: { name: string; email: string };
    },
  ): Promise<string> {
    const file = valuesPath(request.service);
    for (let attempt = 1; ; attempt++) {
      const head = await repo.head();
      const text = (await repo.read(head, file)) ?? '';
      try {
        return await repo.commit({
          files: { [file]: withImageTag(text, request.version) },
          message: request.message,
          author: request.author,
        });
      } catch (error) {
        // Someone pushed in between (main moved): start again from the new tip.
        if (attempt >= COMMIT_ATTEMPTS || (await repo.head()) === head) throw error;
      }
    }
  }
}

/** `1.12.0` → `1.12.1`; anything else gets `.1` appended. */
export function bumpPatch(version: string): string {
  const match = /^(v?\d+\.\d+\.)(\d+)$/.exec(version);
  return match ? `${match[1]}${Number(match[2]) + 1}` : `${version}.1`;
}
