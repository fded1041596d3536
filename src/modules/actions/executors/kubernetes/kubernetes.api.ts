/**
 * The Kubernetes API calls the kubernetes executor makes, through `@kubernetes/client-node`
 * (kubeconfig file, or the default chain: KUBECONFIG, ~/.kube/config, in-cluster service account):
 * - `GET/PATCH /apis/apps/v1/namespaces/{ns}/deployments/{name}` (merge and JSON patches)
 * - `PATCH /apis/apps/v1/namespaces/{ns}/deployments/{name}/scale` (the scale subresource)
 * - `GET /apis/apps/v1/namespaces/{ns}/replicasets?labelSelector=…` (rollback revisions)
 * Every call carries the run's AbortSignal; a refusal becomes the API's `Status.message`, quoted.
 */
import {
  ApiException,
  AppsV1Api,
  KubeConfig,
  setHeaderMiddleware,
  type V1Deployment,
  type V1ReplicaSet,
} from '@kubernetes/client-node';
import { ExecutorError } from '../../executor.ts';
import { abortedError } from '../shared/waiting.ts';

export type JsonPatchOperation =
  | { op: 'replace' | 'add' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string };

export interface KubernetesConnection {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

export function loadKubeConfig(connection: KubernetesConnection): KubeConfig {
  const config = new KubeConfig();
  try {
    if (connection.kubeconfig) config.loadFromFile(connection.kubeconfig);
    else config.loadFromDefault();
    if (connection.context) config.setCurrentContext(connection.context);
  } catch (error) {
    throw new ExecutorError(
      `cannot load the Kubernetes configuration${connection.kubeconfig ? ` from ${connection.kubeconfig}` : ''}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (connection.context && !config.getContextObject(connection.context)) {
    throw new ExecutorError(`the kubeconfig has no context "${connection.context}"`);
  }
  if (!config.getCurrentCluster()) throw new ExecutorError('the Kubernetes configuration names no cluster');
  return config;
}

export function createKubernetesClient(config: KubeConfig, namespace: string, fieldManager: string) {
  const apps = config.makeApiClient(AppsV1Api);
  /** Options for one call: the run's signal and, for a patch, its content type. */
  const options = (signal: AbortSignal, contentType?: string) => {
    const headers = setHeaderMiddleware(
      contentType ? 'Content-Type' : 'Accept',
      contentType ?? 'application/json',
    );
    return {
      middleware: [
        {
          pre: (context: Parameters<typeof headers.pre>[0]) => {
            context.setSignal(signal);
            return headers.pre(context);
          },
          post: headers.post,
        },
      ],
      middlewareMergeStrategy: 'append' as const,
    };
  };
  const call = async <T>(what: string, signal: AbortSignal, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw kubernetesError(what, error, signal);
    }
  };

  return {
    server: config.getCurrentCluster()?.server ?? '',
    readDeployment: (name: string, signal: AbortSignal): Promise<V1Deployment> =>
      call(`GET deployment ${namespace}/${name}`, signal, () =>
        apps.readNamespacedDeployment({ name, namespace }, options(signal)),
      ),
    patchDeployment: (
      name: string,
      patch: JsonPatchOperation[] | object,
      signal: AbortSignal,
    ): Promise<V1Deployment> =>
      call(`PATCH deployment ${namespace}/${name}`, signal, () =>
        apps.patchNamespacedDeployment(
          { name, namespace, body: patch, fieldManager },
          options(
            signal,
            Array.isArray(patch) ? 'application/json-patch+json' : 'application/merge-patch+json',
          ),
        ),
      ),
    scaleDeployment: (name: string, replicas: number, signal: AbortSignal) =>
      call(`PATCH deployment ${namespace}/${name}/scale`, signal, () =>
        apps.patchNamespacedDeploymentScale(
          { name, namespace, body: { spec: { replicas } }, fieldManager },
          options(signal, 'application/merge-patch+json'),
        ),
      ),
    listReplicaSets: async (labelSelector: string, signal: AbortSignal): Promise<V1ReplicaSet[]> =>
      (
        await call(`GET replicasets in ${namespace}`, signal, () =>
          apps.listNamespacedReplicaSet({ namespace, labelSelector }, options(signal)),
        )
      ).items,
  };
}

export type KubernetesClient = ReturnType<typeof createKubernetesClient>;

/** "Kubernetes answered PATCH deployment shop/payment with HTTP 403: "<Status.message>"". */
function kubernetesError(what: string, error: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return abortedError(signal, `calling Kubernetes (${what})`);
  if (error instanceof ApiException) {
    const status = error as ApiException<unknown>;
    return new ExecutorError(
      `Kubernetes answered ${what} with HTTP ${status.code}: "${statusMessage(status.body)}"`,
    );
  }
  const cause = error instanceof Error ? ((error as Error & { cause?: unknown }).cause ?? error) : error;
  return new ExecutorError(
    `could not reach Kubernetes (${what}): ${cause instanceof Error ? cause.message : String(cause)}`,
  );
}

function statusMessage(body: unknown): string {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 300);
    }
  }
  if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string')
    return parsed.message;
  return String(body ?? 'no message');
}
