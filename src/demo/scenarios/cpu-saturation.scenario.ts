import type { AlertDefinition } from '../alerts/alert-sender.ts';
import type { Scenario } from './scenario.ts';
import { later } from './scenario.ts';

const DURATION_SECONDS = 180;
const SERVICE = 'recommendation';

const throttling: AlertDefinition = {
  labels: {
    alertname: 'CPUThrottlingHigh',
    service: SERVICE,
    severity: 'warning',
    namespace: 'shop',
    container: SERVICE,
  },
  annotations: {
    summary: `${SERVICE} is CPU-throttled`,
    description: `The ${SERVICE} container uses 95% of its CPU limit and is being throttled.`,
    runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/cputhrottlinghigh',
  },
};

/** The recommendation service runs at ~95% of its CPU limit and answers four times slower. */
export const cpuSaturationScenario: Scenario = {
  name: 'cpu-saturation',
  description: `${SERVICE} at ~95% CPU and 4× slower for ${DURATION_SECONDS / 60} minutes`,
  durationSeconds: DURATION_SECONDS,
  start: async (context) => {
    context.shop.faults.add({ id: 'cpu-saturation', service: SERVICE, cpu: 0.95, latencyFactor: 4 });
    await context.alerts.fire(throttling);
    context.announce(`cpu-saturation: ${SERVICE} CPU at 95%, latency up`);
    later(context, DURATION_SECONDS, async () => {
      context.shop.faults.remove('cpu-saturation');
      await context.alerts.resolve(throttling);
      context.announce(`cpu-saturation: ${SERVICE} back to normal`);
    });
  },
};
