import { compress } from 'snappyjs';

/** One Prometheus series: labels (with `__name__`) and [value, unix ms] samples. */
export interface PromSeries {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/** The demo speaks to Cairn over HTTP only, so it encodes remote write itself: a few protobuf fields. */
class Writer {
  private readonly chunks: number[] = [];
  varint(value: number): this {
    let v = value;
    while (v > 0x7f) {
      this.chunks.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.chunks.push(v);
    return this;
  }
  bytes(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2).varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }
  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }
  double(field: number, value: number): this {
    const buffer = new DataView(new ArrayBuffer(8));
    buffer.setFloat64(0, value, true);
    this.varint((field << 3) | 1);
    for (let i = 0; i < 8; i++) this.chunks.push(buffer.getUint8(i));
    return this;
  }
  uint(field: number, value: number): this {
    return this.varint(field << 3).varint(value);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

/** snappy(prometheus.WriteRequest): timeseries = 1 { labels = 1 { name = 1, value = 2 }, samples = 2 { value = 1, timestamp = 2 } }. */
export function encodeWriteRequest(series: readonly PromSeries[]): Uint8Array {
  const request = new Writer();
  for (const s of series) {
    const ts = new Writer();
    for (const [name, value] of Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1)))
      ts.bytes(1, new Writer().string(1, name).string(2, value).finish());
    for (const [value, ms] of s.samples) ts.bytes(2, new Writer().double(1, value).uint(2, ms).finish());
    request.bytes(1, ts.finish());
  }
  return compress(request.finish());
}
