import type { BucketRow } from '../cost/index.ts';
import type { CapacityResource } from './contract.ts';

/** A resource series with a limit, before it is forecast: hourly used amounts and the latest limit. */
export interface Candidate {
  id: string;
  kind: CapacityResource['kind'];
  name: string;
  unit: CapacityResource['unit'];
  labels: Record<string, string>;
  /** Hour start → [time of the hour's last sample, used amount]. */
  used: Map<number, [number, number]>;
  limit: number;
}

/** Adds `value` to the candidate's hour of `row`, at the time of the row's last sample. */
export function addUsed(c: Candidate, row: BucketRow, value: number): void {
  const previous = c.used.get(row.t);
  c.used.set(row.t, [row.lastSeconds, (previous?.[1] ?? 0) + value]);
}
