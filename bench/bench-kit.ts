/** Small helpers every benchmark shares: timing loops and the one output format. */

export interface Measurement {
  name: string;
  /** Operations per second, or another figure where `unit` says so. */
  value: number;
  unit: string;
}

/** Runs `operation` with `concurrency` workers until `count` operations are done; returns ops/s. */
export async function measureRate(
  count: number,
  concurrency: number,
  operation: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        await operation(i);
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Percentile of latencies in milliseconds (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Prints a figure beside its same-run baseline and their ratio. */
export function report(subject: Measurement, baseline: Measurement, target?: string): void {
  const ratio = subject.value / baseline.value;
  const line = [
    `${subject.name}: ${format(subject.value)} ${subject.unit}`,
    `baseline ${baseline.name}: ${format(baseline.value)} ${baseline.unit}`,
    `ratio ${ratio.toFixed(2)}x`,
    ...(target ? [`target ${target}`] : []),
  ].join(' | ');
  process.stdout.write(`${line}\n`);
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** `--name value` from the command line, as a number, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
}
