import { existsSync, writeFileSync } from 'node:fs';
import { rankRootCauses } from './src/modules/context/index.ts';
import { createChdbTelemetryStore, migrateTelemetry } from './src/stores/telemetry/index.ts';
import { accuracyAt } from './bench/rca/ac-at-k.ts';
import { findDays } from './bench/rca/nezha-dataset.ts';
import { replayDay } from './bench/rca/nezha-replay.ts';

const store = createChdbTelemetryStore({ path: '/tmp/rca-dev/chdb', database: 'rca' });
await store.createDatabase();
await migrateTelemetry(store, { retentionDays: 3650 });
const [day] = findDays('/tmp/cairn-rca/trainticket-2023-01-29-30500096', 'tt');
if (!day) throw new Error('no day');
if (!existsSync('/tmp/rca-dev/done')) {
  const c = await replayDay(store, day.telemetryDirs, () => {});
  writeFileSync('/tmp/rca-dev/done', c.entryService);
}
const entry = 'ts-gateway-service';
const only = process.argv[2] ? Number(process.argv[2]) : undefined;
const outcomes = [];
for (const [i, f] of day.faults.entries()) {
  if (only !== undefined && i + 1 !== only) continue;
  const r = await rankRootCauses({ telemetry: store }, { onset: f.onset, services: process.env.ALL ? [] : [entry], at: new Date(f.onset.getTime() + 180000) });
  const ranking = r.rootCauseServices.map((x) => x.service);
  outcomes.push({ truth: f.service, ranking });
  const pos = ranking.indexOf(f.service);
  console.log(`${i + 1} ${f.type} ${f.service} pos=${pos + 1} top=${r.rootCauseServices.slice(0, 4).map((x) => `${x.service}:${x.score}`).join(' ')}`);
  if (only !== undefined || process.env.V) for (const x of r.rootCauseServices.slice(0, 5)) console.log('   ', x.service, x.score, '\n      ' + x.reasons.join('\n      '));
}
console.log('AC1', accuracyAt(outcomes, 1), 'AC3', accuracyAt(outcomes, 3), 'AC5', accuracyAt(outcomes, 5));
await store.close();
