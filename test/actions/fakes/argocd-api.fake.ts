/**
 * A fake Argo CD API server on loopback, implementing exactly what the argocd executor calls:
 * - `GET  /api/v1/applications/{name}` → the Application (spec.syncPolicy, status.sync,
 *   status.health, status.history, status.operationState)
 * - `POST /api/v1/applications/{name}/sync` (ApplicationSyncRequest: revision, prune)
 * - `POST /api/v1/applications/{name}/rollback` (ApplicationRollbackRequest: id, prune)
 * Errors use Argo CD's grpc-gateway body `{error, code, message}`. An operation advances one step
 * per GET: Running/Progressing → Succeeded (Synced after a sync) → Healthy.
 */
import { type FakeHttpServer, type RecordedRequest, startFakeHttpServer } from './fake-http-server.ts';

export interface FakeArgoApp {
  name: string;
  autoSync: boolean;
  revision: string;
  sync: 'Synced' | 'OutOfSync';
  health: 'Healthy' | 'Progressing' | 'Degraded';
  history: { id: number; revision: string; deployedAt: string }[];
  operation?: {
    phase: 'Running' | 'Succeeded' | 'Failed';
    message: string;
    startedAt: string;
    kind: 'sync' | 'rollback';
    revision: string;
    step: number;
  };
  /** When set, the next operation ends Failed with this message. */
  failNextOperationWith?: string;
}

export interface FakeArgoCd {
  url: string;
  server: FakeHttpServer;
  apps: Map<string, FakeArgoApp>;
  close(): Promise<void>;
}

const grpcError = (status: number, code: number, message: string) => ({
  status,
  body: { error: message, code, message },
});

export async function startFakeArgoCd(options: { token: string; apps: FakeArgoApp[] }): Promise<FakeArgoCd> {
  const server = await startFakeHttpServer();
  const apps = new Map(options.apps.map((app) => [app.name, app]));
  let clockSeconds = Date.parse('2026-12-06T05:00:00Z') / 1000;
  const authorized = (request: RecordedRequest) =>
    request.headers.authorization === `Bearer ${options.token}`;
  const unauthenticated = grpcError(401, 16, 'invalid session: token signature is invalid');
  // Argo CD answers "permission denied" for applications that do not exist, so names do not leak.
  const denied = grpcError(403, 7, 'permission denied');

  const present = (app: FakeArgoApp) => ({
    metadata: { name: app.name, namespace: 'argocd' },
    spec: {
      project: 'default',
      syncPolicy: app.autoSync ? { automated: { prune: true, selfHeal: true } } : {},
    },
    status: {
      sync: { status: app.sync, revision: app.revision },
      health: { status: app.health },
      history: app.history,
      ...(app.operation
        ? {
            operationState: {
              phase: app.operation.phase,
              message: app.operation.message,
              startedAt: app.operation.startedAt,
              syncResult: { revision: app.operation.revision },
            },
          }
        : {}),
    },
  });

  /** One step of the running operation per read, like a controller catching up. */
  const advance = (app: FakeArgoApp) => {
    const operation = app.operation;
    if (!operation || operation.phase === 'Failed') return;
    operation.step += 1;
    if (operation.phase === 'Running' && operation.step >= 2) {
      if (app.failNextOperationWith) {
        operation.phase = 'Failed';
        operation.message = app.failNextOperationWith;
        app.failNextOperationWith = undefined;
        app.health = 'Degraded';
        return;
      }
      operation.phase = 'Succeeded';
      operation.message = 'successfully synced (all tasks run)';
      app.revision = operation.revision;
      app.sync = operation.kind === 'sync' ? 'Synced' : 'OutOfSync';
      const lastId = app.history.at(-1)?.id ?? 0;
      app.history.push({ id: lastId + 1, revision: operation.revision, deployedAt: operation.startedAt });
    } else if (operation.phase === 'Succeeded' && operation.step >= 3) {
      app.health = 'Healthy';
    }
  };

  const start = (app: FakeArgoApp, kind: 'sync' | 'rollback', revision: string) => {
    clockSeconds += 60;
    app.health = 'Progressing';
    app.operation = {
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: new Date(clockSeconds * 1000).toISOString().replace('.000', ''),
      kind,
      revision,
      step: 0,
    };
  };

  server.route('GET', '/api/v1/applications/:name', (request, params) => {
    if (!authorized(request)) return unauthenticated;
    const app = apps.get(params.name ?? '');
    if (!app) return denied;
    const body = present(app);
    advance(app);
    return { body };
  });

  server.route('POST', '/api/v1/applications/:name/sync', (request, params) => {
    if (!authorized(request)) return unauthenticated;
    const app = apps.get(params.name ?? '');
    if (!app) return denied;
    if (app.operation?.phase === 'Running')
      return grpcError(400, 9, 'another operation is already in progress');
    const body = (request.json ?? {}) as { revision?: string };
    start(app, 'sync', body.revision ?? 'HEAD');
    return { body: present(app) };
  });

  server.route('POST', '/api/v1/applications/:name/rollback', (request, params) => {
    if (!authorized(request)) return unauthenticated;
    const app = apps.get(params.name ?? '');
    if (!app) return denied;
    if (app.autoSync) return grpcError(400, 9, 'rollback cannot be initiated when auto-sync is enabled');
    if (app.operation?.phase === 'Running')
      return grpcError(400, 9, 'another operation is already in progress');
    const id = Number((request.json as { id?: number | string } | undefined)?.id);
    const entry = app.history.find((candidate) => candidate.id === id);
    if (!entry) return grpcError(400, 3, `application ${app.name} does not have deployment with id ${id}`);
    start(app, 'rollback', entry.revision);
    return { body: present(app) };
  });

  return { url: server.url, server, apps, close: () => server.close() };
}
