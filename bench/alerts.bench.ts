/**
 * Alert storm replay: thousands of alerts over a few (simulated) minutes across a service graph,
 * through the real intake, grouping and paging on SQLite. Prints intake latency p99 per
 * Alertmanager notification against a same-run baseline (a bare insert of the same rows), the
 * incidents created, pages sent, and the page reduction against Alertmanager's notification count.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { CairnConfigSchema } from '../src/kernel/config-schema.ts';
import { createLogger } from '../src/kernel/logger.ts';
import type { IncomingAlert } from '../src/modules/alerts/index.ts';
import { createStaticTopology } from '../src/modules/incidents/index.ts';
import { composeAlerting } from '../src/server/compose.ts';
import { migrateStateStore, openStateStore } from '../src/stores/state/index.ts';
import { numberArg, percentile, report } from './bench-kit.ts';

const alertsTotal = numberArg('alerts', 3000);
const systems = numberArg('systems', 6);
const perSystem = 5;
const minutes = 4;

const state = await openStateStore({ dataDir: mkdtempSync(join(tmpdir(), 'cairn-bench-alerts-')) });
await migrateStateStore(state);
let nowMs = Date.parse('2026-11-25T10:00:00.000Z');
const clock = { now: () => new Date(nowMs) };
let pages = 0;
const counting = async (message: { kind: string }) => {
  if (message.kind === 'page') pages++;
};
// Each system is a chain svc0 → svc1 → … ; storms hit one system at a time.
const edges: Array<[string, string]> = [];
for (let s = 0; s < systems; s++) {
  for (let i = 0; i < perSystem - 1; i++) edges.push([`sys${s}-svc${i}`, `sys${s}-svc${i + 1}`]);
}
const alerting = composeAlerting({
  db: state.db,
  dialect: state.dialect,
  config: CairnConfigSchema.parse({}),
  publicUrl: () => 'http://localhost:7420',
  topology: createStaticTopology({ edges, entryPoints: [] }),
  owners: { ownerOf: async () => undefined },
  context: { summarize: async () => ({}) },
  catalogObjectives: { objectives: async () => [] },
  sloData: { counts: async () => ({ total: 0, bad: 0 }) },
  channels: { mattermost: counting, slack: counting, log: counting },
  clock,
  logger: createLogger('silent'),
});

// Alertmanager groups by (alertname, service): one notification per group when it fires and one
// when it resolves. Each group carries several alerts (pods/instances).
const rules = ['HighErrorRate', 'HighLatency', 'PodCrashLooping', 'QueueBacklog', 'DiskPressure'];
const perGroup = 10;
const groups = Math.ceil(alertsTotal / perGroup);
const notifications: IncomingAlert[][] = [];
const stepMs = (minutes * 60_000) / groups;
for (let g = 0; g < groups; g++) {
  const system = Math.floor((g / groups) * systems);
  const service = `sys${system}-svc${g % perSystem}`;
  const rule = rules[g % rules.length] ?? 'HighErrorRate';
  const startsAt = new Date(nowMs + g * stepMs);
  notifications.push(
    Array.from({ length: perGroup }, (_, i) => ({
      source: 'alertmanager' as const,
      fingerprint: `${rule}-${service}-${g}-${i}`,
      status: 'firing' as const,
      labels: { alertname: rule, service, severity: g % 3 === 0 ? 'critical' : 'warning', pod: `p${i}` },
      annotations: {},
      startsAt,
      endsAt: null,
      groupKey: `${rule}/${service}`,
      generatorUrl: null,
    })),
  );
}
const resolutions = notifications.map((batch) =>
  batch.map((alert) => ({
    ...alert,
    status: 'resolved' as const,
    endsAt: new Date(alert.startsAt.getTime() + 120_000),
  })),
);

const latencies: number[] = [];
for (const batch of [...notifications, ...resolutions]) {
  nowMs = Math.max(nowMs, batch[0]?.endsAt?.getTime() ?? batch[0]?.startsAt.getTime() ?? nowMs);
  const started = performance.now();
  await alerting.intake.ingest(batch);
  latencies.push(performance.now() - started);
}
await alerting.drain();

// Baseline: the same number of rows inserted bare, batch by batch, into a scratch table.
await state.db.schema
  .createTable('bench_rows')
  .addColumn('id', 'varchar(64)')
  .addColumn('body', 'text')
  .execute();
const baseline: number[] = [];
let id = 0;
for (const batch of [...notifications, ...resolutions]) {
  const started = performance.now();
  for (const alert of batch) {
    await sql`INSERT INTO bench_rows (id, body) VALUES (${String(id++)}, ${JSON.stringify(alert)})`.execute(
      state.db,
    );
  }
  baseline.push(performance.now() - started);
}

const incidents = await alerting.incidents.list(undefined, 500);
const amNotifications = notifications.length + resolutions.length;
report(
  { name: `intake p99 per notification (${perGroup} alerts)`, value: percentile(latencies, 99), unit: 'ms' },
  { name: 'bare insert of the same rows', value: percentile(baseline, 99), unit: 'ms' },
  '<= 10x',
);
process.stdout.write(
  `storm: ${groups * perGroup} alerts in ${amNotifications} Alertmanager notifications | incidents ${incidents.length} | pages ${pages} | page reduction ${(amNotifications / Math.max(1, pages)).toFixed(1)}x fewer pages than notifications\n`,
);
await state.close();
