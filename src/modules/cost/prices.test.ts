import { describe, expect, it } from 'vitest';
import { CostConfigSchema } from '../../kernel/config-schema.ts';
import { isSpot, kubeLabelName, nodePrices } from './prices.ts';

const settings = CostConfigSchema.parse({
  nodePrices: [
    { instanceType: 'm5.xlarge', capacityType: 'on-demand', cpuCoreHourUsd: 0.048, ramGiBHourUsd: 0.006 },
    { instanceType: 'm5.xlarge', capacityType: 'spot', cpuCoreHourUsd: 0.02 },
    { capacityType: 'spot', cpuCoreHourUsd: 0.015, ramGiBHourUsd: 0.002 },
    { instanceType: 'p3.2xlarge', gpuHourUsd: 3.06 },
  ],
});
const type = (t: string) => ({ label_node_kubernetes_io_instance_type: t });
const DEFAULTS = { cpuCoreHourUsd: 0.031611, ramGiBHourUsd: 0.004237, gpuHourUsd: 0.95 };

describe('node prices', () => {
  it('matches instance type and on-demand', () => {
    expect(nodePrices(type('m5.xlarge'), settings)).toEqual({
      cpuCoreHourUsd: 0.048,
      ramGiBHourUsd: 0.006,
      gpuHourUsd: 0.95,
    });
  });

  it('takes each resource from the first entry that matches and sets it', () => {
    // m5.xlarge spot: CPU from its own entry; memory from the later any-type spot entry.
    expect(nodePrices({ ...type('m5.xlarge'), label_karpenter_sh_capacity_type: 'spot' }, settings)).toEqual({
      cpuCoreHourUsd: 0.02,
      ramGiBHourUsd: 0.002,
      gpuHourUsd: 0.95,
    });
    // An entry without a capacity type matches both; GPU only is set, the rest default.
    expect(nodePrices({ label_beta_kubernetes_io_instance_type: 'p3.2xlarge' }, settings)).toEqual({
      ...DEFAULTS,
      gpuHourUsd: 3.06,
    });
  });

  it('falls back to the defaults for a node no entry matches', () => {
    expect(nodePrices(type('c5.large'), settings)).toEqual(DEFAULTS);
    expect(nodePrices({}, settings)).toEqual(DEFAULTS);
  });

  it('knows spot nodes by each cloud’s label and value', () => {
    const spot = settings.spotLabels;
    expect(isSpot({ label_karpenter_sh_capacity_type: 'spot' }, spot)).toBe(true);
    expect(isSpot({ label_eks_amazonaws_com_capacityType: 'SPOT' }, spot)).toBe(true);
    expect(isSpot({ label_cloud_google_com_gke_spot: 'true' }, spot)).toBe(true);
    expect(isSpot({ label_kubernetes_azure_com_scalesetpriority: 'spot' }, spot)).toBe(true);
    expect(isSpot({ label_karpenter_sh_capacity_type: 'on-demand' }, spot)).toBe(false);
    expect(isSpot({}, spot)).toBe(false);
    expect(kubeLabelName('node.kubernetes.io/instance-type')).toBe('label_node_kubernetes_io_instance_type');
  });
});
