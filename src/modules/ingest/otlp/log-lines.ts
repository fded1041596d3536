import { encodeJsonEachRow } from '../../../stores/telemetry/index.ts';
import { asPlainBytes } from '../protobuf/proto-reader.ts';
import { AttributeScan } from './attribute-scan.ts';
import { ByteWriter } from './byte-writer.ts';
import { EXPECTED_GROWTH, MAX_ESCAPE_GROWTH } from './line-values.ts';
import { LOG_LINE_OVERHEAD, type LogScopeColumns, logScopeColumns, writeLogLine } from './log-line.ts';
import { LogScan } from './log-scan.ts';
import type {
  AttributeCollector,
  AttributeLimits,
  Attributes,
  ResourceModel,
  ScopeModel,
} from './otlp-model.ts';
import { decodeLogsProto } from './proto-logs.ts';
import { type EncodedRows, logRows, serviceNameOf } from './trace-log-rows.ts';
import { ascii, asciiText, SingularFields, WireCursor } from './wire-cursor.ts';

/**
 * Decodes an `ExportLogsServiceRequest` into otel_logs JSONEachRow bytes. When the whole request is
 * of the common shape (resources, scopes and records as `LogScan` and `AttributeScan` take them,
 * every known field with its own wire type, no message field sent twice), its lines are written
 * straight from the body's bytes. Otherwise it goes through the generated decoder, `logRows` and
 * `JSON.stringify`, which refuse, cut, drop and explain as always; the text is the same either way
 * (log-lines.test.ts). All or nothing, unlike spans: the general path here is protobuf-es, whose
 * reading of odd input (strings that are not UTF-8, a message field sent twice) only it defines.
 */
export function encodeLogsProto(body: Uint8Array, attrs: AttributeCollector): EncodedRows {
  const bytes = asPlainBytes(body);
  const direct = encodeDirect(bytes, attrs.limits);
  if (direct !== null) return direct;
  const set = logRows(decodeLogsProto(bytes, attrs));
  return {
    text: Buffer.from(encodeJsonEachRow(set.rows)),
    rows: set.rows.length,
    rejected: set.rejected,
    reasons: set.reasons,
  };
}

interface ScopeRecords {
  shared: LogScopeColumns;
  /** Each record's start and end in the body. */
  records: number[];
}

/** The request's lines, or null when any part of it is outside the direct shape. */
function encodeDirect(bytes: Uint8Array, limits: AttributeLimits): EncodedRows | null {
  const c = new WireCursor();
  c.buf = bytes;
  const scopes: ScopeRecords[] = [];
  while (c.at < bytes.length) {
    const key = c.key(bytes.length);
    if (key === 0x0a) {
      if (!c.range(bytes.length) || !resourceLogs(c, c.rangeStart, c.at, limits, scopes)) return null;
    } else if (key < 0 || key >>> 3 === 1 || !c.skip(key & 7, bytes.length)) return null;
  }
  let capacity = EXPECTED_GROWTH * bytes.length;
  for (const { shared, records } of scopes) {
    capacity +=
      (records.length / 2) * (shared.beforeBody.length + shared.afterBody.length + LOG_LINE_OVERHEAD);
  }
  const out = new ByteWriter(capacity);
  const scan = new LogScan();
  let rows = 0;
  for (const { shared, records } of scopes) {
    for (let i = 0; i < records.length; i += 2) {
      const start = records[i] as number;
      const end = records[i + 1] as number;
      if (!scan.read(bytes, start, end, limits)) return null;
      out.reserve(
        MAX_ESCAPE_GROWTH * (end - start) +
          shared.beforeBody.length +
          shared.afterBody.length +
          LOG_LINE_OVERHEAD,
      );
      writeLogLine(out, scan, shared);
      rows++;
    }
  }
  return { text: out.written(), rows, rejected: 0, reasons: [] };
}

/** One `ResourceLogs` in `c.buf[start, end)`: its scopes' records go onto `scopes`. */
function resourceLogs(
  c: WireCursor,
  start: number,
  end: number,
  limits: AttributeLimits,
  scopes: ScopeRecords[],
): boolean {
  const resume = c.at;
  c.at = start;
  const resource: ResourceModel = { attributes: Object.create(null), schemaUrl: '' };
  const scopeRanges: number[] = [];
  const singular = new SingularFields();
  while (c.at < end) {
    const key = c.key(end);
    // resource (1) and schemaUrl (3) are singular.
    if ((key === 0x0a || key === 0x1a) && !singular.first(key >>> 3)) return false;
    if (key === 0x0a) {
      if (!c.range(end)) return false;
      const attributes = resourceAttributes(c, c.rangeStart, c.at, limits);
      if (attributes === null) return false;
      resource.attributes = attributes;
    } else if (key === 0x12) {
      if (!c.range(end)) return false;
      scopeRanges.push(c.rangeStart, c.at);
    } else if (key === 0x1a) {
      if (!c.range(end) || !ascii(c.buf, c.rangeStart, c.at)) return false;
      resource.schemaUrl = asciiText(c.buf, c.rangeStart, c.at);
    } else if (key < 0 || key >>> 3 <= 3 || !c.skip(key & 7, end)) return false;
  }
  const serviceName = serviceNameOf(resource);
  for (let i = 0; i < scopeRanges.length; i += 2) {
    const scope = scopeLogs(c, scopeRanges[i] as number, scopeRanges[i + 1] as number, limits);
    if (scope === null) return false;
    scopes.push({ shared: logScopeColumns(serviceName, resource, scope.scope), records: scope.records });
  }
  c.at = resume;
  return true;
}

/** One `ScopeLogs`: its scope and where its records lie. */
function scopeLogs(
  c: WireCursor,
  start: number,
  end: number,
  limits: AttributeLimits,
): { scope: ScopeModel; records: number[] } | null {
  c.at = start;
  const scope: ScopeModel = {
    name: '',
    version: '',
    attributes: Object.create(null),
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
  const records: number[] = [];
  const singular = new SingularFields();
  while (c.at < end) {
    const key = c.key(end);
    // scope (1) and schemaUrl (3) are singular.
    if ((key === 0x0a || key === 0x1a) && !singular.first(key >>> 3)) return null;
    if (key === 0x0a) {
      if (!c.range(end) || !instrumentationScope(c, c.rangeStart, c.at, limits, scope)) return null;
    } else if (key === 0x12) {
      if (!c.range(end)) return null;
      records.push(c.rangeStart, c.at);
    } else if (key === 0x1a) {
      if (!c.range(end) || !ascii(c.buf, c.rangeStart, c.at)) return null;
      scope.schemaUrl = asciiText(c.buf, c.rangeStart, c.at);
    } else if (key < 0 || key >>> 3 <= 3 || !c.skip(key & 7, end)) return null;
  }
  return { scope, records };
}

/** An `InstrumentationScope` into `scope`. */
function instrumentationScope(
  c: WireCursor,
  start: number,
  end: number,
  limits: AttributeLimits,
  scope: ScopeModel,
): boolean {
  const resume = c.at;
  c.at = start;
  const attributes = new AttributeScan();
  const singular = new SingularFields();
  while (c.at < end) {
    const key = c.key(end);
    // name (1), version (2) and droppedAttributesCount (4) are singular.
    if ((key === 0x0a || key === 0x12 || key === 0x20) && !singular.first(key >>> 3)) return false;
    if (key === 0x0a || key === 0x12) {
      if (!c.range(end) || !ascii(c.buf, c.rangeStart, c.at)) return false;
      const text = asciiText(c.buf, c.rangeStart, c.at);
      if (key === 0x0a) scope.name = text;
      else scope.version = text;
    } else if (key === 0x1a) {
      if (!c.range(end) || !attributes.read(c, c.rangeStart, c.at, limits)) return false;
    } else if (key === 0x20) {
      if (c.varint(end) < 0) return false;
    } else if (key < 0 || key >>> 3 <= 4 || !c.skip(key & 7, end)) return false;
  }
  scope.attributes = attributes.toObject(c.buf);
  c.at = resume;
  return true;
}

/** A `Resource` in `c.buf[start, end)`: its attributes, or null outside the direct shape. */
function resourceAttributes(
  c: WireCursor,
  start: number,
  end: number,
  limits: AttributeLimits,
): Attributes | null {
  const resume = c.at;
  c.at = start;
  const attributes = new AttributeScan();
  const singular = new SingularFields();
  while (c.at < end) {
    const key = c.key(end);
    if (key === 0x0a) {
      if (!c.range(end) || !attributes.read(c, c.rangeStart, c.at, limits)) return null;
    } else if (key === 0x10) {
      // droppedAttributesCount, singular
      if (!singular.first(2) || c.varint(end) < 0) return null;
    } else if (key < 0 || key >>> 3 <= 2 || !c.skip(key & 7, end)) return null;
  }
  c.at = resume;
  return attributes.toObject(c.buf);
}
