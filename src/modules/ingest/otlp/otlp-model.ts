/**
 * The decoded form of an OTLP request, shared by the protobuf and JSON decoders so that validation
 * and the mapping to clickhouseexporter rows are written once. Attribute values are already the
 * strings the exporter stores (see any-value.ts); ids are lower-case hex as received (validated
 * later, so one bad span is rejected without failing the request); times are Unix nanoseconds.
 */

/** Attributes flattened to `Map(String, String)`; a null-prototype object so `__proto__` is just a key. */
export type Attributes = Record<string, string>;

export interface ResourceModel {
  attributes: Attributes;
  schemaUrl: string;
}

export interface ScopeModel {
  name: string;
  version: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  schemaUrl: string;
}

export interface SpanEventModel {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface SpanLinkModel {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
}

export interface SpanModel {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: SpanEventModel[];
  links: SpanLinkModel[];
  statusCode: number;
  statusMessage: string;
}

export interface LogRecordModel {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: Attributes;
  flags: number;
  traceId: string;
  spanId: string;
  eventName: string;
}

export interface ExemplarModel {
  filteredAttributes: Attributes;
  timeUnixNano: bigint;
  value: number;
  spanId: string;
  traceId: string;
}

interface PointBase {
  attributes: Attributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
}

export interface NumberPointModel extends PointBase {
  value: number;
  exemplars: ExemplarModel[];
}

export interface HistogramPointModel extends PointBase {
  count: bigint;
  sum: number;
  bucketCounts: bigint[];
  explicitBounds: number[];
  exemplars: ExemplarModel[];
  min: number;
  max: number;
}

export interface ExponentialHistogramPointModel extends PointBase {
  count: bigint;
  sum: number;
  scale: number;
  zeroCount: bigint;
  positiveOffset: number;
  positiveBucketCounts: bigint[];
  negativeOffset: number;
  negativeBucketCounts: bigint[];
  exemplars: ExemplarModel[];
  min: number;
  max: number;
}

export interface SummaryPointModel extends PointBase {
  count: bigint;
  sum: number;
  quantiles: number[];
  values: number[];
}

/** One metric and its points, by OTLP data type; `empty` is a metric without data (counted, not stored). */
export type MetricData =
  | { type: 'gauge'; points: NumberPointModel[] }
  | { type: 'sum'; points: NumberPointModel[]; temporality: number; isMonotonic: boolean }
  | { type: 'histogram'; points: HistogramPointModel[]; temporality: number }
  | { type: 'exponentialHistogram'; points: ExponentialHistogramPointModel[]; temporality: number }
  | { type: 'summary'; points: SummaryPointModel[] }
  | { type: 'empty'; points: [] };

export interface MetricModel {
  name: string;
  description: string;
  unit: string;
  data: MetricData;
}

/** resource → scopes → records, the shape all three OTLP signals share. */
export interface ResourceGroup<R> {
  resource: ResourceModel;
  scopes: { scope: ScopeModel; records: R[] }[];
}

export type TracesRequest = ResourceGroup<SpanModel>[];
export type LogsRequest = ResourceGroup<LogRecordModel>[];
export type MetricsRequest = ResourceGroup<MetricModel>[];

/** What decoding dropped or shortened to stay within the attribute limits. */
export interface DecodeStats {
  droppedAttributes: number;
  truncatedValues: number;
}

/** Per-record attribute limits, from the `ingest` configuration section. */
export interface AttributeLimits {
  /** Attributes kept per record (resource, scope, span, event, link, log record, point, exemplar). */
  maxAttributes: number;
  /** Longest attribute value kept, in UTF-16 code units; longer values are cut. */
  maxValueLength: number;
}

/** Collects attributes under {@link AttributeLimits}, counting what it drops into {@link DecodeStats}. */
export class AttributeCollector {
  readonly limits: AttributeLimits;
  readonly stats: DecodeStats = { droppedAttributes: 0, truncatedValues: 0 };

  constructor(limits: AttributeLimits) {
    this.limits = limits;
  }

  /** A fresh attribute map. */
  create(): Attributes {
    return Object.create(null);
  }

  /** Adds one attribute unless the map already holds the limit; returns the map's new size. */
  add(target: Attributes, count: number, key: string, value: string): number {
    const isNew = target[key] === undefined;
    if (isNew && count >= this.limits.maxAttributes) {
      this.stats.droppedAttributes++;
      return count;
    }
    let kept = value;
    if (kept.length > this.limits.maxValueLength) {
      // Cutting may split a surrogate pair; ClickHouse rejects the lone half, so mend it.
      kept = kept.slice(0, this.limits.maxValueLength).toWellFormed();
      this.stats.truncatedValues++;
    }
    target[key] = kept;
    return isNew ? count + 1 : count;
  }
}
