import { stringifyRow } from '../../../stores/telemetry/index.ts';
import { asPlainBytes, DecodeError, type ProtoReader } from '../protobuf/proto-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { EXPECTED_GROWTH, MAX_ESCAPE_GROWTH } from './line-values.ts';
import { AttributeCollector } from './otlp-model.ts';
import { readEnvelope } from './proto-common.ts';
import { decodeTracesProto, readSpan } from './proto-traces.ts';
import { LINE_OVERHEAD, scopeColumns, writeSpanLine } from './span-line.ts';
import { SpanScan } from './span-scan.ts';
import { checkSpan, type EncodedRows, newRowSet, reject, serviceNameOf, spanRow } from './trace-log-rows.ts';

const NAMES = { resources: 'resourceSpans', scopes: 'scopeSpans', records: 'spans' };

/**
 * Decodes an `ExportTraceServiceRequest` straight into otel_traces JSONEachRow bytes: the same text
 * `spanRows` and `JSON.stringify` give, without the span objects, row objects and strings on the
 * way, which were most of ingest's own CPU per span (docs/adr/0006). Spans of the common shape
 * (see {@link SpanScan}) are written from the body's bytes; any other span is decoded, checked and
 * written by the general path, so what is refused, cut or dropped, and why, is decided in one place.
 * Throws `DecodeError` naming the field on malformed input, as `decodeTracesProto` does.
 */
export function encodeTracesProto(body: Uint8Array, attrs: AttributeCollector): EncodedRows {
  const bytes = asPlainBytes(body);
  try {
    return encodeDirect(bytes, attrs);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    // The direct path reads resources and scopes before their spans; the general decoder reads in
    // the body's order, so the fault it names first is the one a sender sees, as before.
    decodeTracesProto(bytes, new AttributeCollector(attrs.limits));
    throw error;
  }
}

function encodeDirect(bytes: Uint8Array, attrs: AttributeCollector): EncodedRows {
  // The span messages are left unread here: each is a reader over its own bytes.
  const groups = readEnvelope(bytes, NAMES, attrs, (span: ProtoReader) => span);
  const scopes = groups.map((group) => {
    const serviceName = serviceNameOf(group.resource);
    return group.scopes.map(({ scope }) => scopeColumns(serviceName, group.resource, scope));
  });
  // Sized for the lines as they usually come out, so growing it (a copy) is rare, and not for the
  // worst case: a request's text is held until its insert, and an oversized buffer with it.
  let capacity = EXPECTED_GROWTH * bytes.length;
  groups.forEach((group, ri) => {
    group.scopes.forEach(({ records }, si) => {
      capacity += records.length * ((scopes[ri]?.[si]?.length ?? 0) + LINE_OVERHEAD);
    });
  });
  const out = new ByteWriter(capacity);
  const scan = new SpanScan();
  const refused = newRowSet();
  let rows = 0;
  groups.forEach((group, ri) => {
    const serviceName = serviceNameOf(group.resource);
    group.scopes.forEach(({ scope, records }, si) => {
      const shared = scopes[ri]?.[si] as Uint8Array;
      records.forEach((span, i) => {
        if (scan.read(bytes, span.pos, span.end, attrs.limits)) {
          out.reserve(MAX_ESCAPE_GROWTH * (span.end - span.pos) + shared.length + LINE_OVERHEAD);
          writeSpanLine(out, scan, shared);
          rows++;
          return;
        }
        const model = readSpan(span, attrs);
        const problem = checkSpan(model);
        if (problem !== null) {
          reject(refused, `resourceSpans[${ri}].scopeSpans[${si}].spans[${i}]`, problem);
          return;
        }
        out.text(`${stringifyRow(spanRow(model, serviceName, group.resource, scope))}\n`);
        rows++;
      });
    });
  });
  return { text: out.written(), rows, rejected: refused.rejected, reasons: refused.reasons };
}
