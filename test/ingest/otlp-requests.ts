import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { z } from 'zod';
import { fieldOf, ProtoReader } from '../../src/modules/ingest/protobuf/proto-reader.ts';
import { ProtoWriter } from '../../src/modules/ingest/protobuf/proto-writer.ts';

/** Builders for OTLP request bodies that tests shape by hand (bad ids, many attributes). */

const now = () => BigInt(Date.now() - 10_000) * 1_000_000n;

/** One OTLP/JSON span; `overrides` replace fields (e.g. a bad traceId). */
export function jsonSpan(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const start = now() + BigInt(i);
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: `eee19b7ec3c1b1${String(i).padStart(2, '0')}`,
    name: `span-${i}`,
    kind: 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 1_000_000n),
    ...overrides,
  };
}

/** An OTLP/JSON ExportTraceServiceRequest with one resource and scope. */
export function jsonTraces(service: string, spans: Record<string, unknown>[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  });
}

/** A protobuf ExportTraceServiceRequest; each span is `{ traceId, spanId, name }` bytes/strings. */
export function protoTraces(
  service: string,
  spans: { traceId: Uint8Array; spanId: Uint8Array; name: string }[],
): Uint8Array {
  const resource = new ProtoWriter().message(
    1,
    new ProtoWriter().bytes(1, 'service.name').message(2, new ProtoWriter().bytes(1, service)),
  );
  const scope = new ProtoWriter();
  for (const span of spans) {
    const start = now();
    scope.message(
      2,
      new ProtoWriter()
        .bytes(1, span.traceId)
        .bytes(2, span.spanId)
        .bytes(5, span.name)
        .uint(6, 2)
        .fixed64(7, start)
        .fixed64(8, start + 5_000_000n),
    );
  }
  const resourceSpans = new ProtoWriter().message(1, resource).message(2, scope);
  return new ProtoWriter().message(1, resourceSpans).finish();
}

/** Decodes a `google.rpc.Status` or an Export*ServiceResponse's partial success (same field numbers). */
export function decodeStatus(body: Uint8Array): { code: number; message: string } {
  const r = new ProtoReader(body);
  const out = { code: 0, message: '' };
  while (r.more()) {
    const key = r.key();
    if (fieldOf(key) === 1 && (key & 7) === 0) out.code = r.varint32();
    else if (fieldOf(key) === 2) out.message = r.string();
    else r.skip(key & 7);
  }
  return out;
}

/** partialSuccess { rejected (1), errorMessage (2) } of a protobuf export response. */
export function decodePartialSuccess(body: Uint8Array): { rejected: number; errorMessage: string } | null {
  const r = new ProtoReader(body);
  while (r.more()) {
    const key = r.key();
    if (fieldOf(key) === 1) {
      const s = decodeStatus(r.bytes());
      return { rejected: s.code, errorMessage: s.message };
    }
    r.skip(key & 7);
  }
  return null;
}

/**
 * `size` zero bytes (a multiple of 16 MiB) gzip-compressed to about size/1000 bytes, as a stream of
 * identical gzip members: gunzip inflates concatenated members as one body (RFC 1952), and
 * compressing 16 MiB once instead of 1 GiB keeps the test fast and its memory small.
 */
export async function gzipBomb(size: number): Promise<Buffer> {
  const member = 16 << 20;
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zeros = Buffer.alloc(1 << 20);
  for (let written = 0; written < member; written += zeros.length) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(gzip, 'end');
  const one = Buffer.concat(chunks);
  return Buffer.concat(Array.from({ length: Math.ceil(size / member) }, () => one));
}

const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The `{ error: { code, message } }` body of a JSON error response. */
export async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ErrorBodySchema.parse(await res.json()).error;
}
