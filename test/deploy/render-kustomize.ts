/**
 * Renders Cairn's kustomize overlays with the real `kubectl kustomize` and validates each object
 * against the Kubernetes API schemas shipped by `kubernetes-models`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

export const KUSTOMIZE_DIR = new URL('../../deploy/kustomize/', import.meta.url).pathname;

/** kubectl carries Kustomize; CI must have it, so its absence fails rather than skips. */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are arbitrary nested YAML, read by path in tests
  spec?: any;
  [key: string]: unknown;
}

/** The objects `kubectl kustomize <dir>` prints. */
export function renderKustomization(dir: string): KubeObject[] {
  if (!existsSync(KUBECTL)) {
    throw new Error(`${KUBECTL} not found: install kubectl (with Kustomize v5) to render deploy/kustomize`);
  }
  const output = execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(output).map((doc) => doc.toJS() as KubeObject);
}

/** An overlay rendered with extra components, through a throwaway kustomization. */
export function renderWithComponents(overlay: string, components: string[]): KubeObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-kustomize-'));
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      // Kustomize refuses absolute paths to kustomizations.
      `  - ${relative(dir, join(KUSTOMIZE_DIR, 'overlays', overlay))}`,
      'components:',
      ...components.map((c) => `  - ${relative(dir, join(KUSTOMIZE_DIR, 'components', c))}`),
      '',
    ].join('\n'),
  );
  try {
    return renderKustomization(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Validatable {
  validate(): void;
}
const MODELS: Record<string, new (data: never) => Validatable> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/** Throws naming the object and the schema error; an unknown kind is an error too. */
export function validateAgainstSchema(object: KubeObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[key];
  if (!Model) throw new Error(`${key} ${object.metadata.name}: no schema known for this kind`);
  try {
    new Model(object as never).validate();
  } catch (error) {
    throw new Error(`${key} ${object.metadata.name}: ${(error as Error).message}`);
  }
}
