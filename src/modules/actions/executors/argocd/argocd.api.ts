/**
 * The slice of the Argo CD REST API the executor uses (`/api/v1/applications/{name}`), typed only
 * as far as it reads it. All calls carry `Authorization: Bearer <token>`.
 */
import { createToolClient, type FetchFunction } from '../shared/tool-http.ts';

export interface ArgoApplication {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    project?: string;
    syncPolicy?: { automated?: { enabled?: boolean; prune?: boolean; selfHeal?: boolean } | null };
  };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string; message?: string };
    history?: { id?: number | string; revision?: string; deployedAt?: string }[];
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string };
    };
  };
}

export interface ArgoCdClientOptions {
  server: string;
  token: string;
  appNamespace?: string | undefined;
  project?: string | undefined;
  fetch?: FetchFunction;
}

export function createArgoCdClient(options: ArgoCdClientOptions) {
  const client = createToolClient('Argo CD', options.fetch);
  const headers = { authorization: `Bearer ${options.token}` };
  const base = (name: string) => `${options.server}/api/v1/applications/${encodeURIComponent(name)}`;
  const scope = {
    ...(options.appNamespace ? { appNamespace: options.appNamespace } : {}),
    ...(options.project ? { project: options.project } : {}),
  };
  const query = new URLSearchParams(scope).toString();

  return {
    async getApplication(name: string, signal: AbortSignal): Promise<ArgoApplication> {
      const response = await client.request(`${base(name)}${query ? `?${query}` : ''}`, { headers, signal });
      return response.body as ArgoApplication;
    },
    /** `POST …/sync` (ApplicationSyncRequest). Sent once: a second sync is a second operation. */
    async sync(
      name: string,
      request: { revision?: string; prune: boolean },
      signal: AbortSignal,
    ): Promise<void> {
      await client.request(`${base(name)}/sync`, {
        method: 'POST',
        headers,
        body: {
          name,
          ...scope,
          ...(request.revision ? { revision: request.revision } : {}),
          prune: request.prune,
        },
        signal,
      });
    },
    /** `POST …/rollback` (ApplicationRollbackRequest) to a `status.history[].id`. */
    async rollback(
      name: string,
      request: { id: number; prune: boolean },
      signal: AbortSignal,
    ): Promise<void> {
      await client.request(`${base(name)}/rollback`, {
        method: 'POST',
        headers,
        body: { name, ...scope, id: request.id, prune: request.prune },
        signal,
      });
    },
  };
}

export type ArgoCdClient = ReturnType<typeof createArgoCdClient>;

/** Auto-sync is on when `spec.syncPolicy.automated` is present and not explicitly disabled. */
export function isAutoSyncOn(application: ArgoApplication): boolean {
  const automated = application.spec?.syncPolicy?.automated;
  return automated !== undefined && automated !== null && automated.enabled !== false;
}
