import { InputError, UnavailableError } from '../../kernel/errors.ts';
import { type BatchWriter, QueueFullError } from '../../stores/telemetry/index.ts';
import { type IngestChannel, type IngestMetrics, noIngestMetrics } from './ingest-metrics.ts';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from './otlp/json-decode.ts';
import { encodeLogsProto } from './otlp/log-lines.ts';
import { metricRows } from './otlp/metric-rows.ts';
import { AttributeCollector, type AttributeLimits, type DecodeStats } from './otlp/otlp-model.ts';
import { decodeMetricsProto } from './otlp/proto-metrics.ts';
import { encodeTracesProto } from './otlp/span-lines.ts';
import { logRows, MAX_REASONS, spanRows } from './otlp/trace-log-rows.ts';
import { DecodeError } from './protobuf/proto-reader.ts';
import { decodeRemoteWrite, inflateSnappy } from './remote-write/remote-write-decode.ts';
import type { OtlpEncoding } from './request-body.ts';

/** The three OTLP signals. */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/** What an OTLP export produced: the partial-success fields of its response. */
export interface OtlpIngestResult {
  /** Records stored. */
  accepted: number;
  /** Records refused (bad ids, out-of-range times); the rest of the request was stored. */
  rejected: number;
  /** Why records were refused or attributes dropped; empty when nothing was. */
  errorMessage: string;
}

export interface RemoteWriteResult {
  samples: number;
  staleMarkers: number;
}

export interface IngestServiceDeps {
  writer: BatchWriter;
  /** Cairn's own counters of what came in (default: none). */
  metrics?: IngestMetrics;
  limits: AttributeLimits;
  /** Largest body after decompression (server.maxBodyBytes). */
  maxBodyBytes: number;
}

export interface IngestService {
  /**
   * Decodes one OTLP export (protobuf bytes, or JSON already parsed) and resolves once its rows are
   * written. Throws InputError (400) for malformed data or when every record was refused,
   * QueueFullError (503 + Retry-After) under overload, UnavailableError when the store fails.
   */
  ingestOtlp(
    signal: OtlpSignal,
    encoding: OtlpEncoding,
    payload: Uint8Array | unknown,
  ): Promise<OtlpIngestResult>;
  /** Decodes a Snappy-compressed remote-write 1.0 request and resolves once its samples are written. */
  ingestRemoteWrite(body: Uint8Array): Promise<RemoteWriteResult>;
}

const RECORD_NAMES: Record<OtlpSignal, string> = {
  traces: 'spans',
  logs: 'log records',
  metrics: 'data points',
};

/** Creates the ingest use cases over the shared batch writer. */
export function createIngestService(deps: IngestServiceDeps): IngestService {
  const { writer, limits, maxBodyBytes } = deps;
  const metrics = deps.metrics ?? noIngestMetrics;

  /** Runs one request's intake, counting a refusal by its reason. */
  async function observed<T>(channel: IngestChannel, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof InputError) metrics.refused(channel, 'invalid');
      else if (error instanceof QueueFullError) metrics.refused(channel, 'overloaded');
      else metrics.refused(channel, 'store_failed');
      throw error;
    }
  }

  async function write(table: string, rows: Rows): Promise<void> {
    try {
      await (Array.isArray(rows)
        ? writer.write(table, rows)
        : writer.writeEncoded(table, rows.text, rows.count));
    } catch (error) {
      if (error instanceof QueueFullError || error instanceof UnavailableError) throw error;
      // The store refused or failed the insert: a Cairn-side fault the sender should retry.
      throw new UnavailableError(`Storing ${table} rows failed; retry later`, 5);
    }
  }

  return {
    ingestOtlp: (signal, encoding, payload) =>
      observed(signal, async () => {
        const attrs = new AttributeCollector(limits);
        const sets = decodeToRows(signal, encoding, payload, attrs);
        const accepted = sets.tables.reduce((n, [, rows]) => n + countOf(rows), 0);
        if (accepted === 0 && sets.rejected > 0) {
          throw new InputError(
            `All ${sets.rejected} ${RECORD_NAMES[signal]} were rejected: ${sets.reasons.join('; ')}`,
            sets.reasons[0],
          );
        }
        await Promise.all(sets.tables.map(([table, rows]) => write(table, rows)));
        metrics.records(signal, 'accepted', accepted);
        metrics.records(signal, 'rejected', sets.rejected);
        return {
          accepted,
          rejected: sets.rejected,
          errorMessage: describeProblems(signal, sets, attrs.stats, limits),
        };
      }),

    ingestRemoteWrite: (body) =>
      observed('remote_write', async () => {
        const attrs = new AttributeCollector(limits);
        const decoded = decodeRemoteWrite(inflateSnappy(body, maxBodyBytes), attrs);
        await write('otel_metrics_gauge', decoded.rows);
        metrics.records('remote_write', 'accepted', decoded.rows.length);
        return { samples: decoded.rows.length, staleMarkers: decoded.staleMarkers };
      }),
  };
}

/** One table's rows: as objects, or as JSONEachRow bytes already (protobuf spans, see span-lines.ts). */
type Rows = Record<string, unknown>[] | { text: Uint8Array; count: number };

const countOf = (rows: Rows) => (Array.isArray(rows) ? rows.length : rows.count);

interface TableRows {
  tables: [string, Rows][];
  rejected: number;
  reasons: string[];
}

function decodeToRows(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  payload: Uint8Array | unknown,
  attrs: AttributeCollector,
): TableRows {
  try {
    const proto = encoding === 'protobuf';
    const bytes = (): Uint8Array => {
      if (payload instanceof Uint8Array) return payload;
      throw new InputError('body: expected protobuf bytes', 'body');
    };
    switch (signal) {
      case 'traces': {
        if (proto) {
          const set = encodeTracesProto(bytes(), attrs);
          const rows = { text: set.text, count: set.rows };
          return { tables: [['otel_traces', rows]], rejected: set.rejected, reasons: set.reasons };
        }
        const set = spanRows(decodeTracesJson(payload, attrs));
        return { tables: [['otel_traces', set.rows]], rejected: set.rejected, reasons: set.reasons };
      }
      case 'logs': {
        if (proto) {
          const set = encodeLogsProto(bytes(), attrs);
          const rows = { text: set.text, count: set.rows };
          return { tables: [['otel_logs', rows]], rejected: set.rejected, reasons: set.reasons };
        }
        const set = logRows(decodeLogsJson(payload, attrs));
        return { tables: [['otel_logs', set.rows]], rejected: set.rejected, reasons: set.reasons };
      }
      case 'metrics': {
        const sets = metricRows(
          proto ? decodeMetricsProto(bytes(), attrs) : decodeMetricsJson(payload, attrs),
        );
        return { tables: [...sets.tables], rejected: sets.rejected, reasons: sets.reasons };
      }
    }
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new InputError(`Invalid OTLP ${signal} request: ${error.message}`, error.path);
    }
    throw error;
  }
}

function describeProblems(
  signal: OtlpSignal,
  sets: TableRows,
  stats: DecodeStats,
  limits: AttributeLimits,
): string {
  const parts: string[] = [];
  if (sets.rejected > 0) {
    const more = sets.rejected > MAX_REASONS ? ` (first ${MAX_REASONS} shown)` : '';
    parts.push(`${sets.rejected} ${RECORD_NAMES[signal]} rejected${more}: ${sets.reasons.join('; ')}`);
  }
  if (stats.droppedAttributes > 0)
    parts.push(
      `${stats.droppedAttributes} attributes dropped beyond the limit of ${limits.maxAttributes} per record`,
    );
  if (stats.truncatedValues > 0)
    parts.push(`${stats.truncatedValues} attribute values cut to ${limits.maxValueLength} characters`);
  return parts.join('; ');
}
