/**
 * Root-cause ranking on third-party data: the Nezha (FSE'23) fault-injection datasets.
 *
 *   node bench/rca.bench.ts [--data <dir>] [--dataset <name part>] [--delay-minutes <n>]
 *
 * Extracts each matching archive in <dir> (default ../shared/data/nezha), replays each labelled day
 * into a fresh Cairn (wired by compose.ts, own temp data dir) with the original timestamps — through
 * TelemetryStore.insert into the otel_* tables until OTLP ingest lands — asks for the root-cause ranking of
 * every fault at its injection time on the entry service (the one owning the most root spans, as an
 * SLO alert on the user-facing entry point would), and scores it against the labels.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rankRootCauses } from '../src/modules/context/index.ts';
import { accuracyAt, averageAt5, type Outcome } from './rca/ac-at-k.ts';
import { startFreshCairn } from './rca/fresh-cairn.ts';
import { extractArchives, findDays, type NezhaDay } from './rca/nezha-dataset.ts';
import { replayDay } from './rca/nezha-replay.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/data/nezha') },
    dataset: { type: 'string', default: 'trainticket' },
    'delay-minutes': { type: 'string', default: '3' },
  },
});
// A fast-burn SLO alert pages a few minutes after the symptom starts; the context is what Cairn
// would compute at that moment, so data after it is not looked at.
const delayMinutes = Number(values['delay-minutes']);
const log = (line: string) => process.stderr.write(`[rca] ${line}\n`);

/** Published service-level results on TrainTicket (Nezha, FSE'23, Table 3), in percent. */
const PUBLISHED: readonly [string, number, number, number][] = [
  ['Nezha', 86.67, 97.78, 97.78],
  ['PDiagnose', 8.89, 13.33, 22.22],
  ['MicroRank', 15.56, 24.44, 35.56],
  ['MicroRCA', 20.0, 31.11, 44.44],
];

async function evaluateDay(day: NezhaDay): Promise<Outcome[]> {
  const oldest = day.faults[0]?.onset ?? new Date();
  const cairn = await startFreshCairn(new Date(oldest.getTime() - 86_400_000));
  try {
    const store = cairn.runtime.telemetry;
    const started = performance.now();
    const counts = await replayDay(store, day.telemetryDirs, log);
    log(
      `replayed ${counts.spans} spans, ${counts.logs} log lines, ${counts.metricPoints} metric points in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s through TelemetryStore.insert; entry service ${counts.entryService}`,
    );
    const outcomes: Outcome[] = [];
    console.log(
      `\n${day.archive} ${day.day}: ${day.faults.length} faults, entry service ${counts.entryService}`,
    );
    console.log(
      `${'#'.padStart(3)}  ${'onset (UTC)'.padEnd(20)} ${'type'.padEnd(15)} ${'true service'.padEnd(30)} top 3 (ms)`,
    );
    const timings: number[] = [];
    for (const [i, fault] of day.faults.entries()) {
      log(`evaluating fault ${i + 1}/${day.faults.length}`);
      const t0 = performance.now();
      const result = await rankRootCauses(
        { telemetry: store },
        {
          onset: fault.onset,
          services: [counts.entryService],
          at: new Date(fault.onset.getTime() + delayMinutes * 60_000),
        },
      );
      timings.push(performance.now() - t0);
      const ranking = result.rootCauseServices.map((r) => r.service);
      outcomes.push({ truth: fault.service, ranking });
      const hit =
        ranking[0] === fault.service ? '✓' : ranking.slice(0, 3).includes(fault.service) ? '~' : '✗';
      console.log(
        `${String(i + 1).padStart(3)}${hit} ${fault.onset.toISOString().slice(0, 19).replace('T', ' ').padEnd(20)} ` +
          `${fault.type.padEnd(15)} ${fault.service.padEnd(30)} ${ranking.slice(0, 3).join(', ') || '(none)'} ` +
          `(${Math.round(timings.at(-1) ?? 0)})`,
      );
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(
      `ranking time per fault: median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, ` +
        `max ${Math.round(sorted.at(-1) ?? 0)} ms`,
    );
    printHalves(outcomes);
    return outcomes;
  } finally {
    await cairn.close();
  }
}

/**
 * The day's faults split in two by time: the signals were developed looking at the first half
 * only, so the second half is the held-out check (and a gap between the two shows overfitting).
 */
function printHalves(outcomes: readonly Outcome[]): void {
  const half = Math.ceil(outcomes.length / 2);
  const parts: [string, readonly Outcome[]][] = [
    [`first half (${half})`, outcomes.slice(0, half)],
    [`second half (${outcomes.length - half})`, outcomes.slice(half)],
  ];
  for (const [label, part] of parts) {
    const pct = (v: number) => (v * 100).toFixed(2);
    console.log(
      `${label.padEnd(20)} AC@1 ${pct(accuracyAt(part, 1))}  AC@3 ${pct(accuracyAt(part, 3))}  ` +
        `AC@5 ${pct(accuracyAt(part, 5))}  Avg@5 ${pct(averageAt5(part))}`,
    );
  }
}

function printTable(outcomes: readonly Outcome[]): void {
  const pct = (v: number) => (v * 100).toFixed(2).padStart(7);
  console.log(`\n${'method'.padEnd(22)}   AC@1    AC@3    AC@5   Avg@5`);
  console.log(
    `${`Cairn (${outcomes.length} faults)`.padEnd(22)} ${pct(accuracyAt(outcomes, 1))} ${pct(accuracyAt(outcomes, 3))} ` +
      `${pct(accuracyAt(outcomes, 5))} ${pct(averageAt5(outcomes))}`,
  );
  for (const [name, a1, a3, a5] of PUBLISHED) {
    console.log(
      `${`${name} (published)`.padEnd(22)} ${a1.toFixed(2).padStart(7)} ${a3.toFixed(2).padStart(7)} ${a5.toFixed(2).padStart(7)}       —`,
    );
  }
  const nezha = PUBLISHED[0];
  if (nezha) {
    console.log(
      `ratio to Nezha: AC@1 ${((accuracyAt(outcomes, 1) * 100) / nezha[1]).toFixed(2)}×, ` +
        `AC@3 ${((accuracyAt(outcomes, 3) * 100) / nezha[2]).toFixed(2)}×`,
    );
  }
  console.log(
    'targets: AC@1 ≥ 87.00, AC@3 ≥ 98.00 (published figures cover both TrainTicket days, 45 faults)',
  );
}

if (!existsSync(values.data)) {
  console.log(`rca: skipped — no dataset directory at ${values.data} (pass --data <dir>)`);
  process.exit(0);
}
const roots = extractArchives(values.data, values.dataset, log);
const days = roots.flatMap((root) => findDays(root, root.split('/').at(-1) ?? root));
if (days.length === 0) {
  console.error(
    `no rca_data/<day>/<day>-fault_list.json found under ${values.data} for dataset "${values.dataset}"`,
  );
  process.exit(1);
}
const all: Outcome[] = [];
for (const day of days) all.push(...(await evaluateDay(day)));
printTable(all);
