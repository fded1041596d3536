import type { ShopService } from './topology.ts';

/** Requests and errors per service over a sliding window of wall-clock seconds. */
export interface RequestStats {
  record(service: ShopService, failed: boolean, atMs: number): void;
  /** Totals over the last `windowSeconds` before `nowMs`. */
  window(service: ShopService, windowSeconds: number, nowMs: number): { requests: number; errors: number };
}

/** Kept per second in a ring: bounded memory however long the demo runs. */
export function createRequestStats(maxWindowSeconds = 600): RequestStats {
  const rings = new Map<ShopService, { second: Int32Array; requests: Int32Array; errors: Int32Array }>();
  const ringOf = (service: ShopService) => {
    let ring = rings.get(service);
    if (!ring) {
      ring = {
        second: new Int32Array(maxWindowSeconds).fill(-1),
        requests: new Int32Array(maxWindowSeconds),
        errors: new Int32Array(maxWindowSeconds),
      };
      rings.set(service, ring);
    }
    return ring;
  };
  return {
    record: (service, failed, atMs) => {
      const ring = ringOf(service);
      const second = Math.floor(atMs / 1000);
      const slot = second % maxWindowSeconds;
      if (ring.second[slot] !== second) {
        ring.second[slot] = second;
        ring.requests[slot] = 0;
        ring.errors[slot] = 0;
      }
      ring.requests[slot] = (ring.requests[slot] ?? 0) + 1;
      if (failed) ring.errors[slot] = (ring.errors[slot] ?? 0) + 1;
    },
    window: (service, windowSeconds, nowMs) => {
      const ring = ringOf(service);
      const now = Math.floor(nowMs / 1000);
      let requests = 0;
      let errors = 0;
      for (let second = now - Math.min(windowSeconds, maxWindowSeconds) + 1; second <= now; second++) {
        const slot = second % maxWindowSeconds;
        if (ring.second[slot] !== second) continue;
        requests += ring.requests[slot] ?? 0;
        errors += ring.errors[slot] ?? 0;
      }
      return { requests, errors };
    },
  };
}
