import type { ServiceProfile } from '../shop/topology.ts';

/** One rollout the demo reports, whichever system reports it. */
export interface Rollout {
  profile: ServiceProfile;
  version: string;
  previousVersion: string;
  /** 40-hex commit sha of the version, in the service's own repository. */
  sha: string;
  /** The deployment repository commit that set the version. */
  commit: string;
  kind: 'deploy' | 'rollback';
  author: string;
  startedAt: Date;
  finishedAt: Date;
  /** Numeric id of the GitHub deployment (statuses of one deployment share it). */
  deploymentId: number;
  description: string;
}

/**
 * A GitHub `deployment_status` webhook payload as GitHub sends it for a deployment created by a
 * workflow (`deployment.payload.version`, rollbacks with task `deploy:rollback`).
 */
export function githubDeploymentStatus(
  rollout: Rollout,
  state: 'in_progress' | 'success' | 'failure',
): unknown {
  const { profile } = rollout;
  const repoUrl = `https://github.com/${profile.repository}`;
  const apiUrl = `https://api.github.com/repos/${profile.repository}`;
  const user = (login: string) => ({
    login,
    id: loginId(login),
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    html_url: `https://github.com/${login}`,
  });
  const at = (state === 'in_progress' ? rollout.startedAt : rollout.finishedAt).toISOString();
  const runUrl = `${repoUrl}/actions/runs/${rollout.deploymentId}`;
  return {
    action: 'created',
    deployment_status: {
      url: `${apiUrl}/deployments/${rollout.deploymentId}/statuses/${rollout.deploymentId * 10 + (state === 'in_progress' ? 1 : 2)}`,
      id: rollout.deploymentId * 10 + (state === 'in_progress' ? 1 : 2),
      state,
      creator: user('github-actions[bot]'),
      description: state === 'success' ? `${rollout.description}: rollout complete` : rollout.description,
      environment: 'production',
      target_url: runUrl,
      log_url: runUrl,
      created_at: at,
      updated_at: at,
      deployment_url: `${apiUrl}/deployments/${rollout.deploymentId}`,
      repository_url: apiUrl,
    },
    deployment: {
      url: `${apiUrl}/deployments/${rollout.deploymentId}`,
      id: rollout.deploymentId,
      sha: rollout.sha,
      ref: rollout.version,
      task: rollout.kind === 'rollback' ? 'deploy:rollback' : 'deploy',
      payload: { version: rollout.version, previous_version: rollout.previousVersion },
      original_environment: 'production',
      environment: 'production',
      description: rollout.description,
      creator: user(rollout.author),
      created_at: rollout.startedAt.toISOString(),
      updated_at: at,
      statuses_url: `${apiUrl}/deployments/${rollout.deploymentId}/statuses`,
      repository_url: apiUrl,
      production_environment: true,
      transient_environment: false,
    },
    repository: {
      id: loginId(profile.repository),
      name: profile.name,
      full_name: profile.repository,
      private: true,
      owner: user('acme-shop'),
      html_url: repoUrl,
      url: apiUrl,
      default_branch: 'main',
    },
    organization: { login: 'acme-shop', id: loginId('acme-shop') },
    sender: user(rollout.author),
  };
}

/** One Argo CD sync operation, as the notification template reads it from the Application. */
export interface ArgoCdSync {
  app: string;
  /** The deployment repository commit synced. */
  revision: string;
  /** The image tag the values file names. */
  version: string;
  image: string;
  phase: 'Running' | 'Succeeded' | 'Failed';
  startedAt: string;
  finishedAt: string | undefined;
  /** The person who asked for the sync; empty for the automated sync policy. */
  initiatedBy: string;
  message: string;
  /** The application's page on the Argo CD server. */
  url: string;
  repoURL: string;
}

/**
 * The body of the Argo CD notifications webhook template Cairn documents (docs/changes.md): one
 * JSON object per sync operation, sent on `on-sync-running` and `on-deployed`/`on-sync-failed`.
 */
export function argoCdNotification(sync: ArgoCdSync): unknown {
  return {
    app: sync.app,
    revision: sync.revision,
    phase: sync.phase,
    health: sync.phase === 'Running' ? 'Progressing' : sync.phase === 'Succeeded' ? 'Healthy' : 'Degraded',
    syncStatus: sync.phase === 'Succeeded' ? 'Synced' : 'OutOfSync',
    startedAt: sync.startedAt,
    finishedAt: sync.finishedAt ?? '',
    environment: 'production',
    version: sync.version,
    images: [`${sync.image}:${sync.version}`],
    initiatedBy: sync.initiatedBy,
    automated: sync.initiatedBy === '',
    message: sync.message,
    url: sync.url,
    repoURL: sync.repoURL,
  };
}

/** Stable small numbers for GitHub ids, derived from the name. */
function loginId(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 1000 + (hash % 90_000_000);
}
