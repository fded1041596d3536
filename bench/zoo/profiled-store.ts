import type { SqlQuery, TelemetryStore } from '../../src/stores/telemetry/index.ts';

/**
 * Time spent in store queries, by the call site that issued them: wall time, and the process's CPU
 * time meanwhile (chDB runs in this process), which other work on a shared machine inflates less.
 */
export type QueryTimings = Map<string, { ms: number; cpuMs: number; calls: number }>;

/**
 * The same store, timing every query into `into` under its caller's stack frame (function, file and
 * line under src/), so a benchmark can say which of the ranking's queries the time goes to.
 */
export function profiledStore(store: TelemetryStore, into: QueryTimings): TelemetryStore {
  return {
    database: store.database,
    kind: store.kind,
    query: async <T>(q: SqlQuery): Promise<T[]> => {
      const site = (new Error().stack?.split('\n')[2] ?? '')
        .trim()
        .replace(/^at (async )?/, '')
        .replace(/\(.*\/src\//, '(');
      const started = performance.now();
      const cpu = process.cpuUsage();
      try {
        return await store.query<T>(q);
      } finally {
        const entry = into.get(site) ?? { ms: 0, cpuMs: 0, calls: 0 };
        const used = process.cpuUsage(cpu);
        entry.ms += performance.now() - started;
        entry.cpuMs += (used.user + used.system) / 1000;
        entry.calls++;
        into.set(site, entry);
      }
    },
    command: (q) => store.command(q),
    insert: (table, rows) => store.insert(table, rows),
    insertJsonEachRow: (table, text) => store.insertJsonEachRow(table, text),
    createDatabase: () => store.createDatabase(),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
