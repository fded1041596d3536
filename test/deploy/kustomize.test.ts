import { describe, expect, it } from 'vitest';
import { checkManifests, loadPolicySet } from '../../src/modules/policy/index.ts';
import {
  KUSTOMIZE_DIR,
  type KubeObject,
  renderKustomization,
  renderWithComponents,
  validateAgainstSchema,
} from './render-kustomize.ts';

const restricted = loadPolicySet([
  new URL('../../examples/policies/pss-baseline.yaml', import.meta.url).pathname,
  new URL('../../examples/policies/pss-restricted.yaml', import.meta.url).pathname,
]);

const single = renderKustomization(`${KUSTOMIZE_DIR}overlays/single`);
const ha = renderKustomization(`${KUSTOMIZE_DIR}overlays/ha`);
const kinds = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const find = (objects: KubeObject[], kind: string) => {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind} rendered`);
  return found;
};
const podSpec = (objects: KubeObject[]) => find(objects, 'Deployment').spec.template.spec;

describe('deploy/kustomize overlays', () => {
  it('render the objects each overlay promises', () => {
    expect(kinds(single)).toEqual([
      'Deployment/cairn',
      'NetworkPolicy/cairn',
      'PersistentVolumeClaim/cairn-data',
      'Role/cairn-executor',
      'RoleBinding/cairn-executor',
      'Service/cairn',
      'ServiceAccount/cairn',
    ]);
    expect(kinds(ha)).toEqual([
      'Deployment/cairn',
      'NetworkPolicy/cairn',
      'PodDisruptionBudget/cairn',
      'Role/cairn-executor',
      'RoleBinding/cairn-executor',
      'Service/cairn',
      'ServiceAccount/cairn',
    ]);
    for (const object of [...single, ...ha]) expect(object.metadata.namespace).toBe('cairn');
  });

  it('validate against the Kubernetes API schemas, components included', () => {
    const withComponents = renderWithComponents('ha', ['ingress', 'servicemonitor']);
    expect(kinds(withComponents)).toContain('Ingress/cairn');
    expect(kinds(withComponents)).toContain('ServiceMonitor/cairn');
    for (const object of [...single, ...ha, ...withComponents]) validateAgainstSchema(object);
    // The validator does catch a wrong type: the check above is not vacuous.
    const broken = structuredClone(find(ha, 'Deployment'));
    broken.spec.replicas = 'two';
    expect(() => validateAgainstSchema(broken)).toThrow(
      'apps/v1/Deployment cairn: data/spec/replicas must be integer',
    );
  });

  it('pass the Pod Security restricted profile in Cairn’s policy engine', () => {
    for (const objects of [single, ha]) {
      const report = checkManifests(restricted, [{ source: 'kustomize', documents: objects }]);
      expect(report).toMatchObject({ denied: 0, errors: 0, warned: 0 });
      const deploymentResults = report.findings
        .filter((f) => f.resource.kind === 'Deployment')
        .map((f) => [f.policy, f.outcome, f.checkedAs]);
      expect(deploymentResults).toEqual([
        ['pss-baseline', 'pass', 'pod-template'],
        ['pss-restricted', 'pass', 'pod-template'],
      ]);
    }
    // A root container in the same Deployment is denied: the policy really reads the pod template.
    const rooted = structuredClone(find(single, 'Deployment'));
    rooted.spec.template.spec.securityContext.runAsUser = 0;
    const report = checkManifests(restricted, [{ source: 'kustomize', documents: [rooted] }]);
    expect(report.denied).toBe(1);
    expect(report.findings.find((f) => f.outcome === 'fail')?.violations[0]?.message).toBe(
      'Running as user 0 (root) is disallowed (securityContext.runAsUser).',
    );
  });

  it('probe /healthz and /readyz, set resources and a read-only root filesystem in both', () => {
    for (const objects of [single, ha]) {
      const spec = podSpec(objects);
      const [container] = spec.containers;
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.resources).toEqual({
        requests: { cpu: '250m', memory: '512Mi' },
        limits: { memory: '2Gi' },
      });
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      expect(spec.serviceAccountName).toBe('cairn');
      expect(container.volumeMounts).toEqual([
        { name: 'data', mountPath: '/data' },
        { name: 'tmp', mountPath: '/tmp' },
      ]);
    }
  });

  it('single: one replica, Recreate, the data dir on the PersistentVolumeClaim', () => {
    const deployment = find(single, 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(podSpec(single).volumes.find((v: { name: string }) => v.name === 'data')).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'cairn-data' },
    });
    expect(find(single, 'PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('ha: two replicas on external stores from Secrets, a PodDisruptionBudget and anti-affinity', () => {
    const deployment = find(ha, 'Deployment');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const env = Object.fromEntries(
      podSpec(ha).containers[0].env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [
        e.name,
        e.valueFrom ?? e.value,
      ]),
    );
    expect(env.CAIRN_STATE_URL).toEqual({ secretKeyRef: { name: 'cairn-stores', key: 'state-url' } });
    expect(env.CAIRN_TELEMETRY_URL).toEqual({ secretKeyRef: { name: 'cairn-stores', key: 'telemetry-url' } });
    expect(podSpec(ha).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      {
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cairn' } },
      },
    ]);
    const pdb = find(ha, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cairn' } },
    });
    // The PDB and anti-affinity select the pods the Deployment makes.
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('cairn');
  });

  it('grant the executor exactly get/patch on deployments and their scale, namespaced', () => {
    for (const objects of [single, ha]) {
      expect(find(objects, 'Role').rules).toEqual([
        { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['get', 'patch'] },
      ]);
      expect(find(objects, 'RoleBinding')).toMatchObject({
        roleRef: { kind: 'Role', name: 'cairn-executor' },
        subjects: [{ kind: 'ServiceAccount', name: 'cairn', namespace: 'cairn' }],
      });
      expect(objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toBe(false);
    }
  });
});
