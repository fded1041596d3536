import { Counter, Gauge, type Registry } from 'prom-client';
import type { InFlightUsage } from './in-flight-limit.ts';

/** What Cairn counts about its own intake, for its /metrics. */
export type IngestChannel = 'traces' | 'logs' | 'metrics' | 'remote_write';
export type RefusalReason = 'invalid' | 'overloaded' | 'store_failed';

export interface IngestMetrics {
  /** Records (spans, log records, data points, samples) stored or refused inside an accepted request. */
  records(channel: IngestChannel, outcome: 'accepted' | 'rejected', count: number): void;
  /** A whole request refused: bad data (4xx), a full queue or a failing store (503). */
  refused(channel: IngestChannel, reason: RefusalReason): void;
}

/**
 * Registers the ingest counters on Cairn's own registry, the write queue's depth (rows accepted
 * but not yet inserted, from `queuedRows`) and what the in-flight limit holds (from `inFlight`),
 * both read at scrape time.
 */
export function createIngestMetrics(
  registry: Registry,
  queuedRows: () => number,
  inFlight?: () => InFlightUsage,
): IngestMetrics {
  if (inFlight) {
    new Gauge({
      name: 'cairn_ingest_in_flight_requests',
      help: 'Ingest requests being handled now; beyond ingest.maxInFlightRequests they are refused.',
      registers: [registry],
      collect() {
        this.set(inFlight().requests);
      },
    });
    new Gauge({
      name: 'cairn_ingest_in_flight_bytes',
      help: 'Request body bytes of the ingest requests being handled now (ingest.maxInFlightBytes).',
      registers: [registry],
      collect() {
        this.set(inFlight().bytes);
      },
    });
  }
  new Gauge({
    name: 'cairn_ingest_queued_rows',
    help: 'Rows waiting in the telemetry batch writer; ingest answers 503 when it is full.',
    registers: [registry],
    collect() {
      this.set(queuedRows());
    },
  });
  const records = new Counter({
    name: 'cairn_ingest_records_total',
    help: 'Telemetry records received, by channel and outcome (accepted and stored, or rejected).',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'cairn_ingest_refused_requests_total',
    help: 'Ingest requests refused whole, by channel and reason (invalid, overloaded, store_failed).',
    labelNames: ['channel', 'reason'],
    registers: [registry],
  });
  return {
    records: (channel, outcome, count) => {
      if (count > 0) records.inc({ channel, outcome }, count);
    },
    refused: (channel, reason) => refused.inc({ channel, reason }),
  };
}

/** Counts nothing: for tools and tests that build an ingest service without a registry. */
export const noIngestMetrics: IngestMetrics = { records: () => {}, refused: () => {} };
