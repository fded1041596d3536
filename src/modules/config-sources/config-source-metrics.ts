import { Gauge, type Registry } from 'prom-client';
import type { ConfigSourceStatus } from './contract.ts';

/** What the gauges read of a source: a config source's status, or the catalog's own sources'. */
export type SourceMetricsStatus = Pick<
  ConfigSourceStatus,
  'label' | 'state' | 'problems' | 'appliedAt' | 'error'
> & {
  kind: string;
};

/**
 * Per config source: whether its latest revision runs, how many problems refused it, when it was
 * last applied, and its first error (file:line and message) as a label, so an alert can say why.
 */
export function registerConfigSourceMetrics(registry: Registry, status: () => SourceMetricsStatus[]): void {
  const labels = (source: SourceMetricsStatus) => ({ kind: source.kind, source: source.label });
  new Gauge({
    name: 'cairn_config_source_up_to_date',
    help: 'Whether the latest revision of a config source is the one running (1) or was refused or unreadable (0).',
    labelNames: ['kind', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const source of status()) this.set(labels(source), source.state === 'applied' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'cairn_config_source_problems',
    help: 'Problems that refused the latest revision of a config source (0 when it applied).',
    labelNames: ['kind', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const source of status()) this.set(labels(source), source.problems.length);
    },
  });
  new Gauge({
    name: 'cairn_config_source_last_applied_timestamp_seconds',
    help: 'When the running configuration of a config source was applied (Unix seconds).',
    labelNames: ['kind', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const source of status()) {
        if (source.appliedAt) this.set(labels(source), Date.parse(source.appliedAt) / 1000);
      }
    },
  });
  new Gauge({
    name: 'cairn_config_source_last_error_info',
    help: 'The first problem (file:line: message) or read error of a config source; absent when it is up to date.',
    labelNames: ['kind', 'source', 'error'],
    registers: [registry],
    collect() {
      this.reset();
      for (const source of status()) {
        const first = source.problems[0];
        const error = first ? `${first.file}:${first.line}: ${first.message}` : source.error;
        if (error) this.set({ ...labels(source), error: error.slice(0, 300) }, 1);
      }
    },
  });
}
