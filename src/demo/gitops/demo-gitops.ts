/**
 * How the demo shop is deployed: the deployment repository in the data dir, the Argo CD
 * controller syncing it, and the Argo CD API in front of the controller. Started before Cairn,
 * so the demo's actions can name the repository and the API; the controller rolls out only once
 * the simulation attaches the shop to it.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { argoCdNotification } from '../changes/deploy-payloads.ts';
import { SERVICE_PROFILES, SHOP_SERVICES } from '../shop/topology.ts';
import { type ArgoCdApiServer, startArgoCdApiServer } from './argocd-api-server.ts';
import { type ArgoCdController, createArgoCdController, type SyncReport } from './argocd-controller.ts';
import { type DeploymentRepository, openDeploymentRepository } from './deployment-repository.ts';
import { initialValues, valuesPath } from './values-file.ts';

/** The environment variable Cairn's argocd actions read the demo's Argo CD token from. */
export const DEMO_ARGOCD_TOKEN_ENV = 'CAIRN_DEMO_ARGOCD_TOKEN';

/** How often the controller looks at the repository's `main` (Argo CD's default is 3 minutes). */
export const REFRESH_INTERVAL_MS = 2000;

export interface DemoGitOps {
  repository: DeploymentRepository;
  controller: ArgoCdController;
  api: ArgoCdApiServer;
  token: string;
  /** The Argo CD notification for a sync, as Cairn's documented template renders it. */
  notificationOf(report: SyncReport): unknown;
  close(): Promise<void>;
}

/** The image a service's values file names. */
export function imageOf(service: string): string {
  return `ghcr.io/acme-shop/${service}`;
}

export async function startDemoGitOps(options: { dataDir: string; token?: string }): Promise<DemoGitOps> {
  const repository = await openDeploymentRepository(resolve(join(options.dataDir, 'deployments.git')), () =>
    Object.fromEntries([
      [
        'README.md',
        '# acme-shop deployments\n\nOne Helm values file per service in production/<service>/values.yaml; Argo CD syncs main.\n',
      ],
      ...SHOP_SERVICES.map((service) => [
        valuesPath(service),
        initialValues(service, imageOf(service), SERVICE_PROFILES[service].version),
      ]),
    ]),
  );
  const controller = await createArgoCdController({
    repository,
    applications: SHOP_SERVICES.map((service) => ({
      name: SERVICE_PROFILES[service].argocdApp,
      image: imageOf(service),
      // Services whose deploys GitHub reports are not subscribed to Cairn's Argo CD webhook.
      notify: SERVICE_PROFILES[service].deploySource === 'argocd',
    })),
  });
  const token = options.token ?? randomBytes(24).toString('hex');
  const api = await startArgoCdApiServer({ controller, token });
  return {
    repository,
    controller,
    api,
    token,
    notificationOf: ({ app, phase }) => {
      const operation = app.operation;
      const initiatedBy =
        operation && 'username' in operation.initiatedBy ? operation.initiatedBy.username : '';
      const revision = operation?.revision ?? app.revision;
      return argoCdNotification({
        app: app.name,
        revision,
        version: operation?.tag ?? app.tag,
        image: app.image,
        phase,
        startedAt: operation?.startedAt ?? new Date().toISOString(),
        finishedAt: operation?.finishedAt,
        initiatedBy,
        message: operation?.message ?? '',
        url: api.applicationUrl(app.name),
        repoURL: repository.path,
      });
    },
    close: async () => {
      await controller.stop();
      await api.close();
    },
  };
}
