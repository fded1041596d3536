import type { CairnConfig } from '../../kernel/config-schema.ts';

export type CostSettings = CairnConfig['cost'];

/** Prices of one node's resources, US dollars per hour. */
export interface NodePrices {
  cpuCoreHourUsd: number;
  ramGiBHourUsd: number;
  gpuHourUsd: number;
}

export const GIB = 1024 ** 3;

/** kube-state-metrics' name for a node label: `node.kubernetes.io/instance-type` → `label_node_kubernetes_io_instance_type`. */
export function kubeLabelName(label: string): string {
  return label.startsWith('label_') ? label : `label_${label.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

const SPOT_VALUES = new Set(['spot', 'true', 'SPOT', 'Spot']);

/** Whether the node's labels (as in `kube_node_labels`) mark it spot. */
export function isSpot(labels: Record<string, string>, spotLabels: readonly string[]): boolean {
  return spotLabels.some((l) => SPOT_VALUES.has(labels[kubeLabelName(l)] ?? ''));
}

/**
 * A node's prices: per resource, the first `cost.nodePrices` entry that matches the node's
 * instance type and spot/on-demand and sets that resource's price, else the default.
 */
export function nodePrices(labels: Record<string, string>, settings: CostSettings): NodePrices {
  const instanceType =
    labels.label_node_kubernetes_io_instance_type ?? labels.label_beta_kubernetes_io_instance_type ?? '';
  const capacityType = isSpot(labels, settings.spotLabels) ? 'spot' : 'on-demand';
  const matching = settings.nodePrices.filter(
    (p) =>
      (p.instanceType === undefined || p.instanceType === instanceType) &&
      (p.capacityType === undefined || p.capacityType === capacityType),
  );
  return {
    cpuCoreHourUsd:
      matching.find((p) => p.cpuCoreHourUsd !== undefined)?.cpuCoreHourUsd ?? settings.cpuCoreHourUsd,
    ramGiBHourUsd:
      matching.find((p) => p.ramGiBHourUsd !== undefined)?.ramGiBHourUsd ?? settings.ramGiBHourUsd,
    gpuHourUsd: matching.find((p) => p.gpuHourUsd !== undefined)?.gpuHourUsd ?? settings.gpuHourUsd,
  };
}
