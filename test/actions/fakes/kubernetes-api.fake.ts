/**
 * A fake Kubernetes API server on loopback with a tiny Deployment controller, implementing exactly
 * what the kubernetes executor calls:
 * - `GET /apis/apps/v1/namespaces/{ns}/deployments/{name}`
 * - `PATCH` the same with `application/merge-patch+json` (RFC 7386) or
 *   `application/json-patch+json` (RFC 6902: test, replace, add, remove)
 * - `PATCH /apis/apps/v1/namespaces/{ns}/deployments/{name}/scale` (merge patch of a Scale)
 * - `GET /apis/apps/v1/namespaces/{ns}/replicasets?labelSelector=k=v,…`
 * A pod template change makes (or re-uses, renumbering it, as the real controller does on a
 * rollback) a ReplicaSet with the next `deployment.kubernetes.io/revision`; each read of the
 * Deployment then advances its status one step: observedGeneration, updatedReplicas, old replicas
 * terminating, availableReplicas. Errors are `Status` objects; auth is a bearer token.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  type FakeHttpServer,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from './fake-http-server.ts';

type Json = Record<string, unknown>;

export interface FakeDeploymentSpec {
  namespace: string;
  name: string;
  replicas: number;
  /** Container name → image, in order. */
  containers: [string, string][];
  /** Older revisions' images (oldest first); the current template is the next revision. */
  history?: [string, string][][];
  /** Pods never become available; the rollout ends with ProgressDeadlineExceeded. */
  stuck?: boolean;
}

export interface FakeKubernetes {
  url: string;
  server: FakeHttpServer;
  deployment(namespace: string, name: string): Json;
  replicaSets: Json[];
  /** `verb resource` pairs the service account may not do, e.g. `patch deployments/scale`. */
  forbidden: Set<string>;
  close(): Promise<void>;
}

const status = (code: number, reason: string, message: string): FakeReply => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
});

export async function startFakeKubernetes(options: {
  token: string;
  deployments: FakeDeploymentSpec[];
}): Promise<FakeKubernetes> {
  const server = await startFakeHttpServer();
  const deployments = new Map<string, { object: Json; step: number; stuck: boolean }>();
  const replicaSets: Json[] = [];
  const forbidden = new Set<string>();
  let uids = 0;

  const templateOf = (labels: Json, containers: [string, string][]) => ({
    metadata: { labels: { ...labels } },
    spec: {
      containers: containers.map(([name, image]) => ({ name, image, ports: [{ containerPort: 8080 }] })),
    },
  });
  const hashOf = (template: unknown) => {
    let hash = 0;
    for (const char of JSON.stringify(template)) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return hash.toString(36).slice(0, 10);
  };
  const withoutHash = (template: unknown) => {
    const copy = structuredClone(template) as { metadata?: { labels?: Json } };
    delete copy.metadata?.labels?.['pod-template-hash'];
    return copy;
  };
  const ownedBy = (deployment: Json) =>
    replicaSets.filter((replicaSet) =>
      ((replicaSet.metadata as Json).ownerReferences as Json[]).some(
        (owner) => owner.uid === (deployment.metadata as Json).uid,
      ),
    );
  const revisionOf = (object: Json) =>
    Number(((object.metadata as Json).annotations as Json)['deployment.kubernetes.io/revision']);

  /** Records the deployment's current template as a ReplicaSet revision (new or re-used). */
  const recordRevision = (deployment: Json) => {
    const metadata = deployment.metadata as Json;
    const template = (deployment.spec as Json).template;
    const owned = ownedBy(deployment);
    const next = Math.max(0, ...owned.map(revisionOf)) + 1;
    let replicaSet = owned.find((candidate) =>
      isDeepStrictEqual(withoutHash((candidate.spec as Json).template), withoutHash(template)),
    );
    if (!replicaSet) {
      const hash = hashOf(template);
      replicaSet = {
        kind: 'ReplicaSet',
        metadata: {
          name: `${metadata.name}-${hash}`,
          namespace: metadata.namespace,
          labels: {
            ...((((template as Json).metadata as Json).labels as Json) ?? {}),
            'pod-template-hash': hash,
          },
          annotations: {},
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: metadata.name,
              uid: metadata.uid,
              controller: true,
            },
          ],
        },
        spec: {
          template: {
            ...(structuredClone(template) as Json),
            metadata: {
              labels: {
                ...((((template as Json).metadata as Json).labels as Json) ?? {}),
                'pod-template-hash': hash,
              },
            },
          },
        },
      };
      replicaSets.push(replicaSet);
    }
    ((replicaSet.metadata as Json).annotations as Json)['deployment.kubernetes.io/revision'] = String(next);
    (metadata.annotations as Json)['deployment.kubernetes.io/revision'] = String(next);
  };

  for (const spec of options.deployments) {
    const labels = { app: spec.name };
    const deployment: Json = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: spec.name,
        namespace: spec.namespace,
        uid: `uid-${++uids}`,
        generation: 1,
        annotations: {},
      },
      spec: {
        replicas: spec.replicas,
        selector: { matchLabels: labels },
        template: templateOf(labels, spec.containers),
      },
      status: {},
    };
    for (const containers of spec.history ?? []) {
      (deployment.spec as Json).template = templateOf(labels, containers);
      recordRevision(deployment);
    }
    (deployment.spec as Json).template = templateOf(labels, spec.containers);
    recordRevision(deployment);
    deployment.status = {
      observedGeneration: 1,
      replicas: spec.replicas,
      updatedReplicas: spec.replicas,
      readyReplicas: spec.replicas,
      availableReplicas: spec.replicas,
    };
    deployments.set(`${spec.namespace}/${spec.name}`, {
      object: deployment,
      step: 4,
      stuck: spec.stuck === true,
    });
  }

  /** One controller step per read, so a waiting client sees the rollout progress. */
  const advance = (entry: { object: Json; step: number; stuck: boolean }) => {
    const deployment = entry.object;
    const wanted = (deployment.spec as Json).replicas as number;
    const generation = (deployment.metadata as Json).generation as number;
    const state = deployment.status as Json;
    switch (entry.step) {
      case 0:
        state.observedGeneration = generation - 1;
        break;
      case 1:
        Object.assign(state, {
          observedGeneration: generation,
          updatedReplicas: Math.max(wanted - 1, 0),
          replicas: wanted,
          availableReplicas: Math.max(wanted - 1, 0),
        });
        break;
      case 2:
        Object.assign(state, {
          updatedReplicas: wanted,
          replicas: wanted + 1,
          availableReplicas: entry.stuck ? 0 : wanted,
        });
        break;
      default:
        if (entry.stuck) {
          state.conditions = [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: `ReplicaSet "${(deployment.metadata as Json).name}-new" has timed out progressing.`,
            },
          ];
        } else {
          Object.assign(state, { replicas: wanted, availableReplicas: wanted, readyReplicas: wanted });
        }
    }
    if (entry.step < 3) entry.step += 1;
  };

  const authorized = (request: RecordedRequest) =>
    request.headers.authorization === `Bearer ${options.token}`;
  const unauthorized = status(401, 'Unauthorized', 'Unauthorized');
  const find = (params: Record<string, string>) => deployments.get(`${params.ns}/${params.name}`);
  const notFound = (params: Record<string, string>) =>
    status(404, 'NotFound', `deployments.apps "${params.name}" not found`);
  const denied = (verb: string, resource: string, params: Record<string, string>) =>
    forbidden.has(`${verb} ${resource}`)
      ? status(
          403,
          'Forbidden',
          `${resource.replace('deployments', 'deployments.apps')} "${params.name}" is forbidden: User "system:serviceaccount:cairn:cairn" cannot ${verb} resource "${resource}" in API group "apps" in the namespace "${params.ns}"`,
        )
      : undefined;

  const applyPatch = (target: Json, request: RecordedRequest): FakeReply | undefined => {
    const type = request.headers['content-type'];
    if (type === 'application/merge-patch+json') {
      mergePatch(target, request.json as Json);
      return undefined;
    }
    if (type === 'application/json-patch+json') return jsonPatch(target, request.json as Json[]);
    return status(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (got ${type})`,
    );
  };

  server.route('GET', '/apis/apps/v1/namespaces/:ns/deployments/:name', (request, params) => {
    if (!authorized(request)) return unauthorized;
    const entry = find(params);
    if (!entry) return notFound(params);
    const body = structuredClone(entry.object);
    advance(entry);
    return { body };
  });

  server.route('PATCH', '/apis/apps/v1/namespaces/:ns/deployments/:name', (request, params) => {
    if (!authorized(request)) return unauthorized;
    const entry = find(params);
    if (!entry) return notFound(params);
    const refused = denied('patch', 'deployments', params);
    if (refused) return refused;
    const before = structuredClone(entry.object.spec);
    const patched = structuredClone(entry.object);
    const failed = applyPatch(patched, request);
    if (failed) return failed;
    entry.object = patched;
    if (!isDeepStrictEqual(before, patched.spec)) {
      (patched.metadata as Json).generation = ((patched.metadata as Json).generation as number) + 1;
      if (!isDeepStrictEqual((before as Json).template, (patched.spec as Json).template))
        recordRevision(patched);
      entry.step = 0;
    }
    return { body: structuredClone(patched) };
  });

  server.route('PATCH', '/apis/apps/v1/namespaces/:ns/deployments/:name/scale', (request, params) => {
    if (!authorized(request)) return unauthorized;
    const entry = find(params);
    if (!entry) return notFound(params);
    const refused = denied('patch', 'deployments/scale', params);
    if (refused) return refused;
    const spec = entry.object.spec as Json;
    const scale: Json = {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: params.name, namespace: params.ns },
      spec: { replicas: spec.replicas },
    };
    const failed = applyPatch(scale, request);
    if (failed) return failed;
    const replicas = (scale.spec as Json).replicas;
    if (replicas !== spec.replicas) {
      spec.replicas = replicas;
      (entry.object.metadata as Json).generation = ((entry.object.metadata as Json).generation as number) + 1;
      entry.step = 0;
    }
    return { body: { ...scale, status: { replicas: (entry.object.status as Json).replicas } } };
  });

  server.route('GET', '/apis/apps/v1/namespaces/:ns/replicasets', (request, params) => {
    if (!authorized(request)) return unauthorized;
    const selector = (request.query.get('labelSelector') ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('='));
    const items = replicaSets.filter(
      (replicaSet) =>
        (replicaSet.metadata as Json).namespace === params.ns &&
        selector.every(([key, value]) => ((replicaSet.metadata as Json).labels as Json)[key ?? ''] === value),
    );
    return { body: { kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: {}, items } };
  });

  return {
    url: server.url,
    server,
    deployment: (namespace, name) => {
      const entry = deployments.get(`${namespace}/${name}`);
      if (!entry) throw new Error(`no deployment ${namespace}/${name}`);
      return entry.object;
    },
    replicaSets,
    forbidden,
    close: () => server.close(),
  };
}

function mergePatch(target: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (
      typeof value === 'object' &&
      !Array.isArray(value) &&
      typeof target[key] === 'object' &&
      target[key] !== null &&
      !Array.isArray(target[key])
    ) {
      mergePatch(target[key] as Json, value as Json);
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      target[key] = {};
      mergePatch(target[key] as Json, value as Json);
    } else target[key] = structuredClone(value);
  }
}

function jsonPatch(target: Json, operations: Json[]): FakeReply | undefined {
  for (const operation of operations) {
    const parts = String(operation.path)
      .split('/')
      .slice(1)
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = parts.pop() ?? '';
    let parent: unknown = target;
    for (const part of parts) parent = (parent as Record<string, unknown> | undefined)?.[part];
    if (parent === undefined || parent === null || typeof parent !== 'object') {
      return status(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: path ${String(operation.path)} does not exist`,
      );
    }
    const container = parent as Record<string, unknown>;
    if (operation.op === 'test') {
      if (!isDeepStrictEqual(container[last], operation.value)) {
        return status(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: testing value ${String(operation.path)} failed`,
        );
      }
    } else if (operation.op === 'replace' || operation.op === 'add') {
      container[last] = structuredClone(operation.value);
    } else if (operation.op === 'remove') {
      delete container[last];
    }
  }
  return undefined;
}
