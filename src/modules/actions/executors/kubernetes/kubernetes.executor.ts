/**
 * Kubernetes: act on a Deployment directly — scale it (the scale subresource), restart it (the
 * `kubectl.kubernetes.io/restartedAt` annotation, as `kubectl rollout restart`), roll it back to
 * a ReplicaSet revision (copying that ReplicaSet's pod template, as `kubectl rollout undo`) or set
 * a container's image — then wait until the rollout finished, as `kubectl rollout status` does.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import {
  type ActionExecutor,
  type ExecutionContext,
  type ExecutionOutcome,
  ExecutorError,
} from '../../executor.ts';
import { toInteger } from '../shared/settings.ts';
import { pollUntil } from '../shared/waiting.ts';
import { createKubernetesClient, type KubernetesClient, loadKubeConfig } from './kubernetes.api.ts';
import { type KubernetesSettings, KubernetesSettingsSchema } from './kubernetes.settings.ts';
import {
  imageTag,
  ownedRevisions,
  RESTARTED_AT_ANNOTATION,
  REVISION_ANNOTATION,
  replaceImageTag,
  rolloutState,
  templateForRollback,
} from './rollout.ts';

export interface KubernetesExecutorDeps {
  /** The time written into `restartedAt`; the real clock by default. */
  now?: () => Date;
}

type Context = ExecutionContext<KubernetesSettings>;
type Change = NonNullable<ExecutionOutcome['change']>;

export function createKubernetesExecutor(
  deps: KubernetesExecutorDeps = {},
): ActionExecutor<typeof KubernetesSettingsSchema> {
  const now = deps.now ?? (() => new Date());
  return {
    kind: 'kubernetes',
    settingsSchema: KubernetesSettingsSchema,
    async execute(context) {
      const { settings } = context;
      const config = loadKubeConfig(settings);
      const client = createKubernetesClient(config, settings.namespace, settings.fieldManager);
      const target = `deployment ${settings.namespace}/${settings.deployment}`;
      context.log(`Connected to ${client.server} (context ${config.getCurrentContext()})`);
      // The API has no page of its own; a cluster console (Headlamp, Lens, a cloud console) may.
      if (settings.dashboardUrl)
        context.link({
          title: `Deployment ${settings.namespace}/${settings.deployment}`,
          url: settings.dashboardUrl,
        });
      const deployment = await client.readDeployment(settings.deployment, context.signal);
      let change: Change;
      switch (settings.operation) {
        case 'scale':
          change = await scale(context, client, deployment);
          break;
        case 'restart':
          change = await restart(context, client, now());
          break;
        case 'rollback':
          change = await rollback(context, client, deployment);
          break;
        case 'set-image':
          change = await setImage(context, client, deployment);
          break;
      }
      if (settings.wait) await waitForRollout(context, client);
      else context.log('Not waiting for the rollout (wait: false)');
      const recorded = settings.version ? { ...change, version: settings.version } : change;
      return { outcome: 'succeeded', message: `${target}: ${change.summary}`, change: recorded };
    },
  };
}

async function scale(context: Context, client: KubernetesClient, deployment: V1Deployment): Promise<Change> {
  const replicas = toInteger(context.settings.replicas ?? '', 'replicas');
  const before = deployment.spec?.replicas ?? 1;
  context.log(`Scaling ${context.settings.deployment} from ${before} to ${replicas} replicas`);
  await client.scaleDeployment(context.settings.deployment, replicas, context.signal);
  return { summary: `scaled from ${before} to ${replicas} replicas` };
}

async function restart(context: Context, client: KubernetesClient, at: Date): Promise<Change> {
  const restartedAt = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  context.log(`Restarting ${context.settings.deployment} (${RESTARTED_AT_ANNOTATION}=${restartedAt})`);
  await client.patchDeployment(
    context.settings.deployment,
    { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } } },
    context.signal,
  );
  return { summary: 'restarted (rolling restart)' };
}

async function rollback(
  context: Context,
  client: KubernetesClient,
  deployment: V1Deployment,
): Promise<Change> {
  const { settings } = context;
  const matchLabels = deployment.spec?.selector?.matchLabels ?? {};
  const selector = Object.entries(matchLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const revisions = ownedRevisions(deployment, await client.listReplicaSets(selector, context.signal));
  const current = Number(deployment.metadata?.annotations?.[REVISION_ANNOTATION]);
  const known = revisions.map((entry) => entry.revision).join(', ') || 'none';
  const wanted =
    settings.revision === 'previous'
      ? revisions.find((entry) => entry.revision < current)
      : revisions.find((entry) => entry.revision === toInteger(settings.revision, 'revision', 1));
  if (!wanted) {
    throw new ExecutorError(
      settings.revision === 'previous'
        ? `${settings.deployment} has no revision before ${current} to roll back to (revisions kept: ${known})`
        : `${settings.deployment} has no revision ${String(settings.revision)} (revisions kept: ${known})`,
    );
  }
  if (wanted.revision === current) {
    throw new ExecutorError(`${settings.deployment} is already at revision ${current}; nothing to roll back`);
  }
  const template = templateForRollback(wanted.replicaSet);
  const images = (template.spec?.containers ?? []).map((container) => container.image ?? '').filter(Boolean);
  context.log(
    `Rolling ${settings.deployment} back from revision ${current} to revision ${wanted.revision} (ReplicaSet ${wanted.replicaSet.metadata?.name}, ${images.join(', ')})`,
  );
  await client.patchDeployment(
    settings.deployment,
    [{ op: 'replace', path: '/spec/template', value: template }],
    context.signal,
  );
  const version = images.length === 1 ? imageTag(images[0] ?? '') : '';
  return {
    summary: `rolled back from revision ${current} to revision ${wanted.revision} (${images.join(', ')})`,
    ...(version ? { version } : {}),
  };
}

async function setImage(
  context: Context,
  client: KubernetesClient,
  deployment: V1Deployment,
): Promise<Change> {
  const { settings } = context;
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  const names = containers.map((container) => container.name).join(', ');
  const index = settings.container
    ? containers.findIndex((container) => container.name === settings.container)
    : containers.length === 1
      ? 0
      : -1;
  const container = containers[index];
  if (!container) {
    throw new ExecutorError(
      settings.container
        ? `${settings.deployment} has no container "${settings.container}" (it has: ${names})`
        : `${settings.deployment} has ${containers.length} containers (${names}); say which one with container`,
    );
  }
  const image = settings.image ?? replaceImageTag(container.image ?? '', settings.tag ?? '');
  context.log(
    `Setting the image of container ${container.name} from ${container.image ?? '(none)'} to ${image}`,
  );
  // The test operation makes the patch fail instead of changing another container if the list moved.
  await client.patchDeployment(
    settings.deployment,
    [
      { op: 'test', path: `/spec/template/spec/containers/${index}/name`, value: container.name },
      { op: 'replace', path: `/spec/template/spec/containers/${index}/image`, value: image },
    ],
    context.signal,
  );
  const version = imageTag(image);
  return { summary: `set ${container.name} to ${image}`, ...(version ? { version } : {}) };
}

async function waitForRollout(context: Context, client: KubernetesClient): Promise<void> {
  const { settings } = context;
  let last = '';
  await pollUntil(
    async () => {
      const state = rolloutState(await client.readDeployment(settings.deployment, context.signal));
      if (state.message !== last) {
        context.log(`Rollout: ${state.message}`);
        last = state.message;
      }
      if (!state.done && state.failed) throw new ExecutorError(state.message);
      return state.done ? true : undefined;
    },
    {
      intervalMs: settings.pollIntervalMs,
      timeoutMs: settings.waitTimeoutMs,
      signal: context.signal,
      waitingFor: `the rollout of deployment ${settings.namespace}/${settings.deployment}`,
      describeLast: () => last,
    },
  );
}
