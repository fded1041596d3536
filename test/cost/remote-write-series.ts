import { compress } from 'snappyjs';
import { ProtoWriter } from '../../src/modules/ingest/protobuf/proto-writer.ts';

/** One remote-write series: labels (with `__name__`) and [value, unix ms] samples. */
export interface Series {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/** A remote-write 1.0 body: snappy(prometheus.WriteRequest) with the given series. */
export function writeRequest(series: readonly Series[]): Uint8Array {
  const request = new ProtoWriter();
  for (const s of series) {
    const ts = new ProtoWriter();
    // Prometheus sends labels sorted by name.
    for (const [name, value] of Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1)))
      ts.message(1, new ProtoWriter().bytes(1, name).bytes(2, value));
    for (const [value, ms] of s.samples) ts.message(2, new ProtoWriter().double(1, value).uint(2, ms));
    request.message(1, ts);
  }
  return compress(request.finish());
}

/** POSTs series to Cairn's remote-write endpoint in batches, failing on any non-2xx. */
export async function remoteWrite(url: string, auth: string, series: readonly Series[]): Promise<void> {
  for (let i = 0; i < series.length; i += 20) {
    const response = await fetch(`${url}/api/v1/write`, {
      method: 'POST',
      headers: {
        authorization: auth,
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
      },
      body: writeRequest(series.slice(i, i + 20)),
    });
    if (!response.ok) throw new Error(`remote write: ${response.status} ${await response.text()}`);
  }
}

/** Samples every `stepSeconds` over [startSeconds, endSeconds), value from `valueAt(unixSeconds)`. */
export function sampled(
  startSeconds: number,
  endSeconds: number,
  stepSeconds: number,
  valueAt: (t: number) => number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = startSeconds; t < endSeconds; t += stepSeconds) out.push([valueAt(t), t * 1000]);
  return out;
}
