import type { Clock } from '../../kernel/clock.ts';
import type { IncomingAlert } from '../alerts/index.ts';
import { type BucketRow, KUBE_METRICS, type KubeMetricsStore } from '../cost/index.ts';
import type { CapacityQuery, CapacityResource } from './contract.ts';
import { forecastSeries } from './forecast.ts';
import { quotaCandidates, RESOURCE_QUOTA_METRIC } from './namespace-quotas.ts';
import { addUsed, type Candidate } from './resource-candidate.ts';

/** What the capacity job reads back of an alert it raised. */
export interface FiringAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

export interface CapacityServiceDeps {
  store: KubeMetricsStore;
  settings: { alertWithinDays: number; historyDays: number };
  /** The alert intake: run-out forecasts go through the same dedup and grouping as any alert. */
  alerts: {
    find(fingerprint: string): Promise<{ status: string; startsAt: string } | undefined>;
    /** The capacity alerts firing now, to resolve those of resources no longer listed. */
    firingFrom(source: 'capacity'): Promise<FiringAlert[]>;
    ingest(alerts: readonly IncomingAlert[]): Promise<unknown>;
  };
  clock: Clock;
}

const HOUR = 3600;
const DAY = 86_400;
const PVC_USED = 'kubelet_volume_stats_used_bytes';
const PVC_CAPACITY = 'kubelet_volume_stats_capacity_bytes';
/** Filesystems that are not disks. */
const IGNORED_FSTYPES = new Set(['tmpfs', 'ramfs', 'overlay', 'squashfs', 'nsfs', 'devtmpfs']);

/** When the forecast mean first reaches `limit` (interpolated between steps), in epoch seconds. */
export function exhaustionSeconds(
  lastPoint: [number, number],
  forecast: ReadonlyArray<readonly [number, number, number, number]>,
  limit: number,
): number | null {
  if (lastPoint[1] >= limit) return lastPoint[0];
  let previous: readonly [number, number] = lastPoint;
  for (const [t, mean] of forecast) {
    if (mean >= limit) {
      const [t0, v0] = previous;
      return mean === v0 ? t : t0 + ((limit - v0) * (t - t0)) / (mean - v0);
    }
    previous = [t, mean];
  }
  return null;
}

export function createCapacityService(deps: CapacityServiceDeps) {
  async function candidates(nowSeconds: number, historyDays: number): Promise<Candidate[]> {
    const rows = await deps.store.buckets({
      metrics: [
        KUBE_METRICS.fsAvail,
        KUBE_METRICS.fsSize,
        PVC_USED,
        PVC_CAPACITY,
        KUBE_METRICS.requests,
        KUBE_METRICS.nodeAllocatable,
        RESOURCE_QUOTA_METRIC,
      ],
      fromSeconds: nowSeconds - historyDays * DAY,
      toSeconds: nowSeconds + 1,
      stepSeconds: HOUR,
    });
    const byId = new Map<string, Candidate>();
    const get = (id: string, make: () => Omit<Candidate, 'used' | 'limit'>) => {
      let c = byId.get(id);
      if (!c) {
        c = { ...make(), used: new Map(), limit: 0 };
        byId.set(id, c);
      }
      return c;
    };
    const sizes = new Map<string, BucketRow>();
    const requested: BucketRow[] = [];
    const allocatable: BucketRow[] = [];
    for (const r of rows) {
      const l = r.labels;
      if (r.metric === KUBE_METRICS.fsSize || r.metric === KUBE_METRICS.fsAvail) {
        if (IGNORED_FSTYPES.has(l.fstype ?? '')) continue;
        const host = l.node ?? l.instance ?? '';
        const key = `disk:${host}:${l.mountpoint ?? l.device ?? ''}`;
        if (r.metric === KUBE_METRICS.fsSize) sizes.set(`${key}@${r.t}`, r);
      } else if (r.metric === PVC_CAPACITY)
        sizes.set(`pvc:${l.namespace}/${l.persistentvolumeclaim}@${r.t}`, r);
      else if (r.metric === KUBE_METRICS.requests && (l.resource === 'cpu' || l.resource === 'memory'))
        requested.push(r);
      else if (r.metric === KUBE_METRICS.nodeAllocatable && (l.resource === 'cpu' || l.resource === 'memory'))
        allocatable.push(r);
    }
    for (const r of rows) {
      const l = r.labels;
      if (r.metric === KUBE_METRICS.fsAvail && !IGNORED_FSTYPES.has(l.fstype ?? '')) {
        const host = l.node ?? l.instance ?? '';
        const mount = l.mountpoint ?? l.device ?? '';
        const id = `disk:${host}:${mount}`;
        const size = sizes.get(`${id}@${r.t}`);
        if (!size) continue;
        const c = get(id, () => ({
          id,
          kind: 'node_disk',
          name: `${host} ${mount}`,
          unit: 'bytes',
          labels: { node: host, mountpoint: mount },
        }));
        addUsed(c, r, size.last - r.last);
        c.limit = size.last;
      } else if (r.metric === PVC_USED) {
        const id = `pvc:${l.namespace}/${l.persistentvolumeclaim}`;
        const size = sizes.get(`${id}@${r.t}`);
        if (!size) continue;
        const c = get(id, () => ({
          id,
          kind: 'pvc_disk',
          name: `${l.namespace}/${l.persistentvolumeclaim}`,
          unit: 'bytes',
          labels: { namespace: l.namespace ?? '', persistentvolumeclaim: l.persistentvolumeclaim ?? '' },
        }));
        addUsed(c, r, r.last);
        c.limit = size.last;
      }
    }
    // Cluster CPU and memory: the sum of container requests (what scheduling runs out of) against allocatable.
    for (const resource of ['cpu', 'memory'] as const) {
      const id = `cluster:${resource}`;
      const limits = new Map<number, number>();
      for (const r of allocatable)
        if (r.labels.resource === resource) limits.set(r.t, (limits.get(r.t) ?? 0) + r.avg);
      if (limits.size === 0) continue;
      const c = get(id, () => ({
        id,
        kind: resource === 'cpu' ? 'cluster_cpu' : 'cluster_memory',
        name: `cluster ${resource} requests`,
        unit: resource === 'cpu' ? 'cores' : 'bytes',
        labels: { resource },
      }));
      for (const r of requested)
        if (r.labels.resource === resource) addUsed(c, { ...r, lastSeconds: r.t + HOUR / 2 }, r.avg);
      const latest = Math.max(...limits.keys());
      c.limit = limits.get(latest) ?? 0;
    }
    return [...byId.values(), ...quotaCandidates(rows)].filter((c) => c.used.size >= 3 && c.limit > 0);
  }

  async function resources(query: Partial<CapacityQuery> = {}) {
    const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
    const horizonDays = query.horizonDays ?? 30;
    const out: CapacityResource[] = [];
    for (const c of await candidates(nowSeconds, query.historyDays ?? deps.settings.historyDays)) {
      const history = [...c.used.entries()].sort(([a], [b]) => a - b).map(([, point]) => point);
      const last = history.at(-1) ?? [nowSeconds, 0];
      const forecast = forecastSeries({ points: history, horizonSeconds: horizonDays * DAY });
      const at = exhaustionSeconds(last, forecast.points, c.limit);
      out.push({
        id: c.id,
        kind: c.kind,
        name: c.name,
        unit: c.unit,
        labels: c.labels,
        limit: c.limit,
        current: last[1],
        history,
        forecast,
        exhaustedAt: at === null ? null : new Date(at * 1000).toISOString(),
        daysUntilExhausted: at === null ? null : Math.max(0, (at - nowSeconds) / DAY),
      });
    }
    return {
      // Soonest first; the rest (and ties) by id, so the order is stable between calls.
      resources: out.sort(
        (a, b) =>
          (a.daysUntilExhausted ?? Infinity) - (b.daysUntilExhausted ?? Infinity) ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      ),
      alertWithinDays: deps.settings.alertWithinDays,
    };
  }

  return {
    resources,
    /**
     * Fires a warning for each resource forecast to run out within `alertWithinDays`, resolves the
     * rest, and resolves the alerts of resources no longer listed (a deleted volume, a node gone):
     * nothing would ever evaluate them again.
     */
    async evaluate(): Promise<IncomingAlert[]> {
      const now = deps.clock.now();
      const { resources: all } = await resources({
        horizonDays: Math.ceil(deps.settings.alertWithinDays) + 1,
      });
      const changes: IncomingAlert[] = [];
      const listed = new Set(all.map((r) => `capacity:${r.id}`));
      for (const alert of await deps.alerts.firingFrom('capacity')) {
        if (!listed.has(alert.fingerprint)) changes.push(goneAlert(alert, now));
      }
      for (const r of all) {
        const fingerprint = `capacity:${r.id}`;
        const current = await deps.alerts.find(fingerprint);
        const firing = current?.status === 'firing';
        const soon = r.daysUntilExhausted !== null && r.daysUntilExhausted <= deps.settings.alertWithinDays;
        if (soon && !firing) changes.push(capacityAlert(r, fingerprint, now, null));
        if (!soon && firing && current)
          changes.push(capacityAlert(r, fingerprint, new Date(current.startsAt), now));
      }
      if (changes.length > 0) await deps.alerts.ingest(changes);
      return changes;
    },
  };
}

/** The resolution of a firing capacity alert whose resource is no longer listed. */
function goneAlert(alert: FiringAlert, now: Date): IncomingAlert {
  return {
    source: 'capacity',
    fingerprint: alert.fingerprint,
    status: 'resolved',
    labels: alert.labels,
    annotations: {
      ...alert.annotations,
      summary: `${alert.labels.resource ?? alert.fingerprint} is no longer reported; its forecast alert is resolved`,
    },
    startsAt: new Date(alert.startsAt),
    endsAt: now,
    groupKey: null,
    generatorUrl: null,
  };
}

function capacityAlert(
  r: CapacityResource,
  fingerprint: string,
  startsAt: Date,
  endsAt: Date | null,
): IncomingAlert {
  const days = r.daysUntilExhausted === null ? 'not' : `in ${r.daysUntilExhausted.toFixed(1)} days`;
  return {
    source: 'capacity',
    fingerprint,
    status: endsAt ? 'resolved' : 'firing',
    labels: {
      alertname: 'CapacityExhaustionForecast',
      severity: 'warning',
      resource: r.id,
      kind: r.kind,
      // A namespace's quota or PVC routes like the namespace's other alerts.
      ...(r.labels.namespace ? { namespace: r.labels.namespace } : {}),
    },
    annotations: {
      summary: `${r.name} is forecast to run out ${days} (${r.exhaustedAt ?? 'beyond the horizon'})`,
      limit: String(r.limit),
      current: String(r.current),
      forecast_method: r.forecast.method,
    },
    startsAt,
    endsAt,
    groupKey: null,
    generatorUrl: null,
  };
}

export type CapacityService = ReturnType<typeof createCapacityService>;
