/**
 * A minimal protobuf writer for the few small messages ingest answers with (Export*ServiceResponse,
 * google.rpc.Status) and that tests build by hand.
 */
export class ProtoWriter {
  private readonly chunks: number[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
  }

  /** A varint field (int32, int64, uint32, enum, bool); zero is omitted as proto3 does. */
  uint(field: number, value: number | bigint): this {
    if (value === 0 || value === 0n) return this;
    this.varint(field << 3);
    this.varint(value);
    return this;
  }

  /** A length-delimited field (string or bytes); empty is omitted. */
  bytes(field: number, value: string | Uint8Array): this {
    const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    if (data.length === 0) return this;
    this.varint((field << 3) | 2);
    this.varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }

  /** An embedded message field, written even when empty (presence matters for messages). */
  message(field: number, inner: ProtoWriter): this {
    const data = inner.finish();
    this.varint((field << 3) | 2);
    this.varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }

  /** A fixed64 field. */
  fixed64(field: number, value: bigint): this {
    this.varint((field << 3) | 1);
    const buf = Buffer.alloc(8);
    buf.writeBigUInt64LE(BigInt.asUintN(64, value));
    for (const b of buf) this.chunks.push(b);
    return this;
  }

  /** A double field. */
  double(field: number, value: number): this {
    this.varint((field << 3) | 1);
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(value);
    for (const b of buf) this.chunks.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
