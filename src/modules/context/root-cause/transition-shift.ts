import { fisherTails, minimumAttainableP, type TwoByTwo, zOfUpperTail } from './fisher-exact.ts';
import { alignMinutes, byMinute, typicalRate } from './robust-baseline.ts';
import { END_EVENT, type TransitionRow } from './transition-signals.store.ts';

/**
 * One-sided p-value of z = 3, the three-sigma level every other signal uses: the family-wise
 * false-alarm rate allowed for one service's whole set of transition tests.
 */
const ALPHA = 0.0013498980316301;

/** The most significant change of one service's event flow, with the tests it was chosen among. */
export interface TransitionShift {
  service: string;
  row: TransitionRow;
  /** P(target | source) in a typical baseline minute, the rate the window after onset is tested against. */
  typicalBefore: number;
  /** How often the source event occurred in each window. */
  sourceBefore: number;
  sourceAfter: number;
  /** 'fell' when the source is followed by the target less often after onset, else 'rose'. */
  direction: 'fell' | 'rose';
  /** z of the corrected p-value (see {@link shiftsByService}); compare with the three-sigma threshold. */
  z: number;
  /** Tests counted in the multiple-testing correction. */
  tests: number;
}

/**
 * Per service, the event transition whose probability changed most significantly after onset.
 *
 * For every source event A of one operation (the request the service serves, see
 * {@link TransitionRow.operation}), P(next event = B | A) before and after onset is compared with
 * Fisher's exact test (both directions). Conditioning on the operation and on A makes the test
 * immune to traffic volume and request-mix changes: only what the code does *after* A is judged, which is where a thrown
 * exception (the expected next log line or call vanishes) or a changed return value (another
 * branch is taken) shows even when no error is logged or flagged.
 *
 * A service has many transitions, so its smallest p is corrected for the number of tests
 * (Bonferroni, counting only tests whose margins could reach the level at all — Tarone's rule —
 * and doubling for the two directions); the corrected p becomes a z on the common scale.
 */
export function shiftsByService(rows: readonly TransitionRow[]): Map<string, TransitionShift> {
  const sources = new Map<string, { before: number; after: number; minutes: Map<number, number> }>();
  for (const row of rows) {
    const key = sourceKey(row);
    const total = sources.get(key) ?? { before: 0, after: 0, minutes: new Map<number, number>() };
    total.before += row.before;
    total.after += row.after;
    for (const [minute, n] of byMinute(row.beforeMinutes, row.beforeCounts))
      total.minutes.set(minute, (total.minutes.get(minute) ?? 0) + n);
    sources.set(key, total);
  }
  const byService = new Map<
    string,
    { row: TransitionRow; table: TwoByTwo; minP: number; typical: number }[]
  >();
  for (const row of rows) {
    const total = sources.get(sourceKey(row));
    // A source seen in only one window says nothing about what follows it.
    if (!total || total.before === 0 || total.after === 0) continue;
    // P(target | source) in a typical baseline minute (weighted median over minutes), applied to the
    // whole baseline's count of the source: the test keeps its power while an earlier incident inside
    // the baseline cannot redefine what normally follows the source.
    const typical = typicalRate(alignMinutes(byMinute(row.beforeMinutes, row.beforeCounts), total.minutes));
    const table = {
      beforeTotal: total.before,
      beforeHits: Math.round(typical * total.before),
      afterTotal: total.after,
      afterHits: row.after,
    };
    const list = byService.get(row.service) ?? [];
    list.push({ row, table, minP: 2 * minimumAttainableP(table), typical });
    byService.set(row.service, list);
  }
  const result = new Map<string, TransitionShift>();
  for (const [service, tests] of byService) {
    const m = taroneCount(tests.map((t) => t.minP));
    if (m === 0) continue;
    let best: TransitionShift | undefined;
    for (const { row, table, minP, typical } of tests) {
      if (minP > ALPHA / m) continue;
      const { lower, upper } = fisherTails(table);
      const p = Math.min(1, 2 * Math.min(lower, upper) * m);
      const z = zOfUpperTail(p);
      const direction = lower < upper ? 'fell' : 'rose';
      // Equal evidence: a vanished expected step reads better than the branch that replaced it.
      const better =
        best === undefined ||
        z > best.z ||
        (z === best.z && direction === 'fell' && best.direction === 'rose') ||
        (z === best.z && direction === best.direction && row.target < best.row.target);
      if (better) {
        best = {
          service,
          row,
          typicalBefore: typical,
          sourceBefore: table.beforeTotal,
          sourceAfter: table.afterTotal,
          direction,
          z,
          tests: m,
        };
      }
    }
    if (best) result.set(service, best);
  }
  return result;
}

/** A source event inside one operation of one service: what follows it is tested. */
function sourceKey(row: TransitionRow): string {
  return `${row.service}\u0000${row.operation}\u0000${row.source}`;
}

/**
 * Tarone's count of tests to correct for: the smallest m such that at most m tests can reach
 * ALPHA / m. Tests that cannot reach it whatever the data are not counted.
 */
export function taroneCount(minimumPs: readonly number[]): number {
  const sorted = [...minimumPs].sort((a, b) => a - b);
  for (let m = 1; m <= sorted.length; m++) {
    const reachable = sorted.filter((p) => p <= ALPHA / m).length;
    if (reachable <= m) return reachable === 0 ? 0 : m;
  }
  return sorted.length;
}

/** Which requests the transition was counted in, unless the source event already says it. */
function inOperation(row: TransitionRow): string {
  return row.operation === '' || row.source === `span ${row.operation}`
    ? ''
    : `in its '${row.operation}' requests, `;
}

/** A sentence a human can check against the logs and traces. */
export function describeShift(shift: TransitionShift): string {
  const { row, sourceBefore, sourceAfter, typicalBefore } = shift;
  const share = (n: number, total: number) => `${n} of ${total} (${Math.round((n / total) * 100)}%)`;
  const target =
    row.target === END_EVENT ? 'nothing more from the service (the flow stopped there)' : `'${row.target}'`;
  return (
    `${shift.service}: ${inOperation(row)}after '${row.source}', the next event was ${target} in ${share(row.after, sourceAfter)} ` +
    `of cases after onset against ${Math.round(typicalBefore * 100)}% in a typical baseline minute ` +
    `(${row.before} of ${sourceBefore} over the whole baseline) — the service's flow changed ` +
    `(exact test over ${shift.tests} transitions)`
  );
}
