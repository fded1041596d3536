import type { LogTotals, TemplateRow } from './log-signals.store.ts';
import type { SaturationRow } from './metric-signals.store.ts';
import { type NamedDependencies, namesDependency } from './named-dependencies.ts';
import { type NetworkSuspect, withOwnSpans } from './network-suspects.ts';
import { alignMinutes, byMinute, typicalRate } from './robust-baseline.ts';
import type { ErrorSpanRow, SelfTimeRow, SpanMinuteRow } from './span-signals.store.ts';
import { describeShift, shiftsByService } from './transition-shift.ts';
import type { TransitionRow } from './transition-signals.store.ts';

/**
 * Turns the per-service signals into one anomaly strength per service plus the sentences behind it.
 *
 * Every signal is first expressed as a z-score — how many standard deviations the window after
 * onset is from what the baseline predicts — so counts, latencies and gauges are comparable:
 * - errors and log templates: Poisson counts, z = (observed − expected) / √(expected + 1), the +1
 *   keeping a brand-new event from dividing by zero (5 new errors from 0 expected gives z = 5);
 * - latency: a binomial test on how many spans exceed their operation's baseline p95 (5% expected);
 * - saturation: the level held in most points after onset against the baseline median and robust
 *   spread (like with like: a typical point after against a typical point before);
 * - event flow: Fisher's exact test on what follows each span start or log line, corrected for
 *   the number of transitions tested (see transition-shift.ts).
 * A z below {@link Z_THRESHOLD} is noise. Above it, strength grows with log2 of z so one extreme
 * signal cannot drown the others, and agreeing modalities (errors *and* logs *and* CPU) add up.
 */
export const Z_THRESHOLD = 3;
/** Under no change, this share of spans exceeds the baseline p95, by definition of a p95. */
const P95_EXCEEDANCE = 0.05;
/** Fewest comparable spans after onset for the latency test to be meaningful. */
const MIN_LATENCY_SPANS = 10;
/**
 * A gauge must move more than 5% of its baseline level to count: resource gauges jitter at about
 * that level, and a flat baseline (spread ≈ 0) would otherwise turn any wiggle into a huge z.
 */
const MIN_RELATIVE_SPREAD = 0.05;
/** Fewest services reporting a metric for their median shift to stand for a load change of all. */
const MIN_COMMON_MODE_SERVICES = 3;
/** A new informational message is weaker evidence of a fault than a new error: half its z counts. */
const NON_ERROR_TEMPLATE_WEIGHT = 0.5;

/** One piece of evidence against a service. */
export interface Signal {
  kind: 'errors' | 'latency' | 'logs' | 'saturation' | 'flow' | 'network';
  z: number;
  reason: string;
}

/** A service's anomaly after onset, before localisation along the call graph. */
export interface ServiceAnomaly {
  service: string;
  strength: number;
  signals: Signal[];
  /** Sentences that are context, not evidence (e.g. errors propagated from callees). */
  notes: string[];
  /** First anomalous event after onset (ms since epoch), when known; used to order ties. */
  firstAnomalyMs: number | undefined;
}

/** The inputs, as read from the store. */
export interface ServiceSignals {
  selfTime: readonly SelfTimeRow[];
  errorSpans: readonly ErrorSpanRow[];
  templates: readonly TemplateRow[];
  logTotals: LogTotals;
  saturation: readonly SaturationRow[];
  /** Spans per service and minute; absent = the error rate is pooled over the whole baseline. */
  spanMinutes?: readonly SpanMinuteRow[];
  /** Event transitions per service; absent = the flow signal is not computed. */
  transitions?: readonly TransitionRow[];
  /** The services each service calls, to tell an error naming a dependency from its own (named-dependencies.ts). */
  dependencies?: NamedDependencies;
  /** Services whose call edges changed on the wire (network-suspects.ts). */
  network?: readonly NetworkSuspect[];
}

/** Strength of one z: 0 under the threshold, then 1 + log2(z / threshold). */
export function strengthOf(z: number): number {
  return z >= Z_THRESHOLD ? 1 + Math.log2(z / Z_THRESHOLD) : 0;
}

/** Poisson surprise of `observed` events where `expected` were predicted. */
export function poissonZ(observed: number, expected: number): number {
  return (observed - expected) / Math.sqrt(expected + 1);
}

/** Scores every service that has any signal; services without one are left out. */
export function scoreServices(input: ServiceSignals): ServiceAnomaly[] {
  const byService = new Map<string, ServiceAnomaly>();
  const entry = (service: string): ServiceAnomaly => {
    let found = byService.get(service);
    if (!found) {
      found = { service, strength: 0, signals: [], notes: [], firstAnomalyMs: undefined };
      byService.set(service, found);
    }
    return found;
  };
  const spansByService = new Map(input.selfTime.map((row) => [row.service, row]));

  const baselineSpans = baselineSpansByMinute(input.spanMinutes);
  for (const row of input.errorSpans)
    errorSignal(entry(row.service), row, spansByService.get(row.service), baselineSpans.get(row.service));
  for (const row of input.selfTime) latencySignal(entry(row.service), row);
  logSignals(entry, input.templates, input.logTotals, input.dependencies);
  saturationSignals(entry, input.saturation, loadRatios(input.spanMinutes));
  for (const suspect of input.network ?? []) {
    const reason = withOwnSpans(suspect.template, ownSpansClause(spansByService.get(suspect.service)));
    entry(suspect.service).signals.push({ kind: 'network', z: suspect.z, reason });
  }
  for (const [service, shift] of shiftsByService(input.transitions ?? [])) {
    if (shift.z >= Z_THRESHOLD)
      entry(service).signals.push({ kind: 'flow', z: shift.z, reason: describeShift(shift) });
  }

  for (const anomaly of byService.values()) {
    anomaly.signals.sort((a, b) => b.z - a.z);
    anomaly.strength = anomaly.signals.reduce((sum, s) => sum + strengthOf(s.z), 0);
  }
  return [...byService.values()];
}

/** Baseline spans per service and minute. */
export function baselineSpansByMinute(rows: readonly SpanMinuteRow[] = []): Map<string, Map<number, number>> {
  const result = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (row.isAfter) continue;
    const minutes = result.get(row.service) ?? new Map<number, number>();
    minutes.set(row.minute, (minutes.get(row.minute) ?? 0) + row.spans);
    result.set(row.service, minutes);
  }
  return result;
}

function errorSignal(
  target: ServiceAnomaly,
  row: ErrorSpanRow,
  spans: SelfTimeRow | undefined,
  spansPerMinute: ReadonlyMap<number, number> | undefined,
): void {
  const baselineSpans = spans?.baselineSpans ?? 0;
  const afterSpans = spans?.afterSpans ?? 0;
  // The typical minute's own-error rate, so an earlier incident inside the baseline does not make
  // this one look normal; pooled over the window when per-minute counts were not read.
  const rate = spansPerMinute
    ? typicalRate(alignMinutes(byMinute(row.ownMinutes, row.ownCounts), spansPerMinute))
    : baselineSpans > 0
      ? row.baselineOwn / baselineSpans
      : 0;
  const expected = rate * afterSpans;
  const z = poissonZ(row.afterOwn, expected);
  if (row.afterOwn > 0 && z >= Z_THRESHOLD) {
    const rate = (n: number, total: number) => (total > 0 ? `${percent(n / total)}` : `${n} spans`);
    target.signals.push({
      kind: 'errors',
      z,
      reason:
        `${target.service}: errors originate in its own spans — ${row.afterOwn} erroring spans after onset with ` +
        `no erroring callee inside them; own-span error rate ${rate(row.baselineOwn, baselineSpans)} → ` +
        `${rate(row.afterOwn, afterSpans)}`,
    });
    noteFirst(target, row.firstOwnError);
  }
  const contained = row.afterPropagated - row.afterNamed;
  if (contained > 0) {
    target.notes.push(
      `${target.service}: ${contained} erroring spans after onset contain an erroring callee (propagated)`,
    );
  }
  if (row.afterNamed > 0) {
    target.notes.push(
      `${target.service}: ${row.afterNamed} erroring spans after onset only log errors naming a service it calls ` +
        "(the dependency's errors, as its caller reports them)",
    );
  }
}

/** Binomial z of spans slower than their operation's baseline p95 (5% expected under no change). */
function latencyZ(row: SelfTimeRow): number {
  const expected = row.comparable * P95_EXCEEDANCE;
  return (row.slower - expected) / Math.sqrt(expected * (1 - P95_EXCEEDANCE));
}

/** What a network suspect's own spans did, when enough of them can be compared; '' otherwise. */
function ownSpansClause(row: SelfTimeRow | undefined): string {
  if (!row || row.comparable < MIN_LATENCY_SPANS) return '';
  return latencyZ(row) < Z_THRESHOLD ? '; its own spans did not slow' : '; its own spans slowed too';
}

function latencySignal(target: ServiceAnomaly, row: SelfTimeRow): void {
  if (row.comparable < MIN_LATENCY_SPANS) return;
  const z = latencyZ(row);
  if (z < Z_THRESHOLD) return;
  target.signals.push({
    kind: 'latency',
    z,
    reason:
      `${target.service}: own-span p95 latency ${ms(row.baselineP95Ms)} → ${ms(row.afterP95Ms)} after onset ` +
      `(${percent(row.slower / row.comparable)} of ${row.comparable} spans slower than their operation's ` +
      `baseline p95, 5% expected)`,
  });
}

function logSignals(
  entry: (service: string) => ServiceAnomaly,
  templates: readonly TemplateRow[],
  totals: LogTotals,
  dependencies: NamedDependencies = { callers: [], patterns: [] },
): void {
  const expectedOf = templateExpectations(totals);
  const best = new Map<string, Signal[]>();
  for (const row of templates) {
    const isError = row.errors > 0;
    const expected = expectedOf(row);
    const z = poissonZ(row.after, expected) * (isError ? 1 : NON_ERROR_TEMPLATE_WEIGHT);
    if (z < Z_THRESHOLD) continue;
    const label = isError ? 'error log template' : 'log template';
    const reason =
      row.before === 0
        ? `${row.service}: new ${label} '${row.template}' appeared ${row.after}× after onset (0 in baseline)`
        : `${row.service}: ${label} '${row.template}' rose to ${row.after}× after onset from ${row.before}× ` +
          `in baseline (${expected.toFixed(1)} expected from ${expectationBasis(row)} in a typical baseline minute)`;
    if (isError && namesDependency(dependencies, row.service, row.example)) {
      // The dependency's error as its caller reports it: context, not evidence against the caller.
      entry(row.service).notes.push(`${reason} — it names a service ${row.service} calls`);
      continue;
    }
    const list = best.get(row.service) ?? [];
    list.push({ kind: 'logs', z, reason });
    best.set(row.service, list);
    noteFirst(entry(row.service), row.firstAfter);
  }
  // One log signal per service (its strongest template) so a chatty service is not rewarded for
  // many templates; the runner-up is kept as a second sentence.
  for (const [service, list] of best) {
    list.sort((a, b) => b.z - a.z);
    const [top, second] = list;
    if (!top) continue;
    const target = entry(service);
    target.signals.push(top);
    if (second) target.notes.push(second.reason);
  }
}

/** How {@link templateExpectations} judged a template, in the words of its reason. */
function expectationBasis(row: TemplateRow): string {
  return row.byOperation?.some((part) => part.requests)
    ? 'its lines per request of the operation writing it'
    : "its share of the service's lines";
}

/**
 * A template's expected count after onset. Lines written while serving a known operation are judged
 * per request of that operation: their typical count per request in a baseline minute, times the
 * requests of that operation after onset. A log statement runs a fixed number of times per request
 * handled the same way, so a shift in the mix of requests (one page surging) moves a template's
 * count exactly as much as the requests it is written for, and only a change in how each request is
 * handled stands out. Lines outside any known request (startup, background work, untraced lines)
 * are judged by their typical share of the service's lines, times the service's lines after onset,
 * which makes gaps in the baseline, traffic swings and a caller retrying move every template alike.
 */
export function templateExpectations(totals: LogTotals): (row: TemplateRow) => number {
  const perMinute = new Map<string, ReadonlyMap<number, number>>();
  const serviceLines = (service: string): ReadonlyMap<number, number> | undefined => {
    const volume = totals.byService.get(service);
    if (!volume) return undefined;
    let minutes = perMinute.get(service);
    if (!minutes) {
      minutes = byMinute(volume.beforeMinutes, volume.beforeCounts);
      perMinute.set(service, minutes);
    }
    return minutes;
  };
  const byShareOfLines = (service: string, beforeMinutes: number[], beforeCounts: number[]): number => {
    const minutes = serviceLines(service);
    const after = totals.byService.get(service)?.after ?? 0;
    return minutes ? typicalRate(alignMinutes(byMinute(beforeMinutes, beforeCounts), minutes)) * after : 0;
  };
  return (row) => {
    if (!row.byOperation) return byShareOfLines(row.service, row.beforeMinutes, row.beforeCounts);
    let expected = 0;
    for (const part of row.byOperation) {
      const served = part.requests;
      expected += served
        ? typicalRate(
            alignMinutes(
              byMinute(part.beforeMinutes, part.beforeCounts),
              byMinute(served.beforeMinutes, served.beforeCounts),
            ),
          ) * served.after
        : byShareOfLines(row.service, part.beforeMinutes, part.beforeCounts);
    }
    return expected;
  };
}

/**
 * Per service, its spans per minute after onset against a typical baseline minute: how much more
 * work it was given. Undefined where either window has no spans.
 */
function loadRatios(rows: readonly SpanMinuteRow[] = []): Map<string, number> {
  const sums = new Map<
    string,
    { before: number; beforeMinutes: number; after: number; afterMinutes: number }
  >();
  for (const row of rows) {
    const s = sums.get(row.service) ?? { before: 0, beforeMinutes: 0, after: 0, afterMinutes: 0 };
    if (row.isAfter) {
      s.after += row.spans;
      s.afterMinutes++;
    } else {
      s.before += row.spans;
      s.beforeMinutes++;
    }
    sums.set(row.service, s);
  }
  const ratios = new Map<string, number>();
  for (const [service, s] of sums) {
    if (s.before > 0 && s.after > 0 && s.afterMinutes > 0)
      ratios.set(service, s.after / s.afterMinutes / (s.before / s.beforeMinutes));
  }
  return ratios;
}

/** CPU gauges: utilisation = request rate × CPU per request, so more load alone raises them. */
const CPU_METRIC = /cpu/i;

function saturationSignals(
  entry: (service: string) => ServiceAnomaly,
  rows: readonly SaturationRow[],
  load: ReadonlyMap<string, number> = new Map(),
): void {
  const scored = rows.map((row) => {
    const spread = Math.max(row.baselineSigma, Math.abs(row.baselineMedian) * MIN_RELATIVE_SPREAD, 1e-9);
    // A service given more work uses more CPU for it and is not at fault for that: its level is
    // judged per unit of work (utilisation over the load ratio), so only a rise in what each
    // request costs — a busy loop, throttling, contention — stands out. Less work is not credited.
    const ratio = CPU_METRIC.test(row.metric) ? Math.max(1, load.get(row.service) ?? 1) : 1;
    return { row, raw: (row.afterSustained / ratio - row.baselineMedian) / spread, ratio };
  });
  // Common-mode rejection: when most services' CPU rises together, load changed, not one service.
  // Each series is judged against the median shift of the same metric across all services.
  // With fewer than three services reporting the metric the median is (mostly) the service itself,
  // and its own shift would cancel itself out: no common mode is taken then.
  const common = new Map<string, number>();
  for (const metric of new Set(rows.map((r) => r.metric))) {
    const series = scored.filter((s) => s.row.metric === metric);
    if (new Set(series.map((s) => s.row.service)).size >= MIN_COMMON_MODE_SERVICES)
      common.set(metric, median(series.map((s) => s.raw)));
  }
  const best = new Map<string, Signal>();
  for (const { row, raw, ratio } of scored) {
    const shared = Math.max(0, common.get(row.metric) ?? 0);
    const z = raw - shared;
    if (z < Z_THRESHOLD) continue;
    const current = best.get(row.service);
    if (current && current.z >= z) continue;
    const held =
      row.afterPoints > 1 ? `in ${Math.floor(row.afterPoints / 2) + 1} of ${row.afterPoints} points ` : '';
    best.set(row.service, {
      kind: 'saturation',
      z,
      reason:
        `${row.service}: ${row.metric} stayed at ${num(row.afterSustained)} or more ${held}after onset against a ` +
        `baseline median of ${num(row.baselineMedian)} ± ${num(row.baselineSigma)} (z = ${raw.toFixed(1)}` +
        (ratio > 1.05 ? `, per unit of work at ${ratio.toFixed(1)}× its baseline load` : '') +
        (shared >= 0.05 ? `; the median service moved z = ${shared.toFixed(1)})` : ')'),
    });
  }
  for (const [service, signal] of best) entry(service).signals.push(signal);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function noteFirst(target: ServiceAnomaly, utcText: string): void {
  if (utcText === '') return;
  const ms = Date.parse(`${utcText.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms) || ms <= 0) return;
  target.firstAnomalyMs = target.firstAnomalyMs === undefined ? ms : Math.min(target.firstAnomalyMs, ms);
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

function ms(value: number): string {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

function num(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}
