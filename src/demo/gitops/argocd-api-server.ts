/**
 * The demo's Argo CD API on loopback: the documented endpoints Cairn's argocd executor calls, and
 * nothing more. A fake of Argo CD's REST API (grpc-gateway) in front of the demo's controller:
 * - `GET  /api/v1/applications/{name}` → the Application (spec.source, spec.syncPolicy,
 *   status.sync, status.health, status.history, status.operationState, status.summary.images)
 * - `POST /api/v1/applications/{name}/sync` (ApplicationSyncRequest: revision, prune)
 * - `POST /api/v1/applications/{name}/rollback` (ApplicationRollbackRequest: id, prune): refused,
 *   as Argo CD refuses it, because every application syncs automatically.
 * Every call needs `Authorization: Bearer <token>`; errors have Argo CD's body `{error, code, message}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApplicationState,
  type ArgoCdController,
  OperationInProgressError,
} from './argocd-controller.ts';
import { DEPLOYMENT_BRANCH } from './deployment-repository.ts';

export interface ArgoCdApiServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (what an action's `server` setting takes). */
  url: string;
  /** The application's page, as Argo CD's UI links it. */
  applicationUrl(name: string): string;
  close(): Promise<void>;
}

/** gRPC status codes Argo CD's gateway returns in `code`. */
const GRPC = { invalidArgument: 3, permissionDenied: 7, failedPrecondition: 9, unauthenticated: 16 } as const;

const MAX_BODY_BYTES = 64 * 1024;

class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function startArgoCdApiServer(options: {
  controller: ArgoCdController;
  token: string;
}): Promise<ArgoCdApiServer> {
  const { controller } = options;
  let base = '';
  const applicationUrl = (name: string) => `${base}/applications/argocd/${encodeURIComponent(name)}`;

  const handle = async (request: IncomingMessage): Promise<unknown> => {
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      throw new ApiError(401, GRPC.unauthenticated, 'invalid session: token signature is invalid');
    }
    const url = new URL(request.url ?? '/', 'http://argocd.local');
    const match = /^\/api\/v1\/applications\/([^/]+)(\/sync|\/rollback)?$/.exec(url.pathname);
    if (!match?.[1])
      throw new ApiError(404, 5, `${request.method} ${url.pathname} is not an endpoint of this Argo CD`);
    const name = decodeURIComponent(match[1]);
    // Argo CD answers "permission denied" for applications that do not exist, so names do not leak.
    const app = controller.application(name);
    if (!app) throw new ApiError(403, GRPC.permissionDenied, 'permission denied');
    const operation = match[2];
    if (operation === undefined) {
      if (request.method !== 'GET') throw new ApiError(405, 12, `${request.method} is not allowed here`);
      return presentApplication(app, controller.repository.path);
    }
    if (request.method !== 'POST') throw new ApiError(405, 12, `${request.method} is not allowed here`);
    const body = await readJson(request);
    if (body.prune !== undefined && typeof body.prune !== 'boolean') {
      throw new ApiError(400, GRPC.invalidArgument, 'prune: must be true or false');
    }
    if (operation === '/rollback') {
      if (typeof body.id !== 'number' || !Number.isInteger(body.id)) {
        throw new ApiError(400, GRPC.invalidArgument, 'id: must be the integer id of a history entry');
      }
      throw new ApiError(
        400,
        GRPC.failedPrecondition,
        `rollback cannot be initiated when auto-sync is enabled`,
      );
    }
    if (body.revision !== undefined && (typeof body.revision !== 'string' || body.revision === '')) {
      throw new ApiError(400, GRPC.invalidArgument, 'revision: must be a non-empty string');
    }
    const revision =
      body.revision === undefined ? undefined : await resolveRevision(controller, body.revision);
    try {
      const synced = await controller.sync(name, {
        ...(revision ? { revision } : {}),
        username: 'cairn',
      });
      return presentApplication(synced, controller.repository.path);
    } catch (error) {
      if (error instanceof OperationInProgressError) {
        throw new ApiError(400, GRPC.failedPrecondition, error.message);
      }
      throw error;
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request).then(
      (body) => send(response, 200, body),
      (error: unknown) => {
        if (error instanceof ApiError) {
          send(response, error.status, { error: error.message, code: error.code, message: error.message });
        } else {
          const message = error instanceof Error ? error.message : String(error);
          send(response, 500, { error: message, code: 13, message });
        }
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; // listening on TCP: an AddressInfo
  return {
    url: base,
    applicationUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A branch name (`main`, `HEAD`) or a commit of the deployment repository, as a commit id. */
async function resolveRevision(controller: ArgoCdController, revision: string): Promise<string> {
  if (revision === DEPLOYMENT_BRANCH || revision === 'HEAD') return controller.repository.head();
  if (!/^[0-9a-f]{7,40}$/.test(revision)) {
    throw new ApiError(
      400,
      GRPC.invalidArgument,
      `revision: "${revision}" is not a commit or the branch ${DEPLOYMENT_BRANCH}`,
    );
  }
  try {
    return (await controller.repository.describe(revision)).sha;
  } catch {
    throw new ApiError(400, GRPC.invalidArgument, `revision: ${revision} is not a commit of the repository`);
  }
}

/** The Application resource, with the fields Argo CD's API returns that the demo has. */
export function presentApplication(app: ApplicationState, repoURL: string): unknown {
  const operation = app.operation;
  return {
    metadata: { name: app.name, namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoURL,
        path: `production/${app.name}`,
        targetRevision: DEPLOYMENT_BRANCH,
        helm: { valueFiles: ['values.yaml'] },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: {
      sync: { status: app.sync, revision: app.revision },
      health: { status: app.health },
      history: app.history.map((entry) => ({
        id: entry.id,
        revision: entry.revision,
        deployedAt: entry.deployedAt,
        deployStartedAt: entry.deployStartedAt,
        source: { repoURL, path: `production/${app.name}`, targetRevision: DEPLOYMENT_BRANCH },
      })),
      summary: { images: [`${app.image}:${app.tag}`] },
      ...(operation
        ? {
            operationState: {
              operation: { sync: { revision: operation.revision }, initiatedBy: operation.initiatedBy },
              phase: operation.phase,
              message: operation.message,
              startedAt: operation.startedAt,
              ...(operation.finishedAt ? { finishedAt: operation.finishedAt } : {}),
              syncResult: { revision: operation.revision },
            },
          }
        : {}),
    },
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, GRPC.invalidArgument, 'body: larger than 64 KiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, GRPC.invalidArgument, 'body: not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, GRPC.invalidArgument, 'body: must be a JSON object');
  }
  return body as Record<string, unknown>; // checked just above: a plain object
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
