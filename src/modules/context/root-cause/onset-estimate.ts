import type { AnalysisWindow } from './analysis-window.ts';
import { alignMinutes, byMinute, typicalRate } from './robust-baseline.ts';
import { poissonZ, Z_THRESHOLD } from './service-anomaly.ts';
import type { ErrorMinutes, SpanMinuteRow } from './span-signals.store.ts';

/**
 * The furthest back the symptom may have started before the alert's onset: 5 minutes, the short
 * window of a fast-burn SLO alert (an alert on errors that already lasted longer would have fired
 * earlier). It is also well under half the 30-minute baseline, so the typical-minute baseline is not
 * moved by those minutes while they are still inside it.
 */
export const MAX_ONSET_LEAD_MINUTES = 5;

/**
 * When the alert fired after its symptom began (a slow burn, a `for:` clause, a delayed scrape), the
 * window after onset misses the start and the baseline holds the anomaly. Walking back minute by
 * minute from the onset, every whole minute whose erroring spans in the symptom services exceed
 * their typical baseline rate (Poisson z ≥ 3) is taken as part of the symptom, up to
 * {@link MAX_ONSET_LEAD_MINUTES}; the first minute that looks normal ends the walk. Returns the start
 * of the earliest such minute, or undefined when the minute before onset already looked normal.
 * Only errors are read: they are what the symptom services' traces record for every request.
 */
export function estimateOnset(
  window: AnalysisWindow,
  symptoms: readonly string[],
  errorSpans: readonly ErrorMinutes[],
  spanMinutes: readonly Pick<SpanMinuteRow, 'service' | 'minute' | 'spans'>[],
): Date | undefined {
  if (symptoms.length === 0) return undefined;
  const wanted = new Set(symptoms);
  const onsetMinute = Math.floor(window.onset.getTime() / 60_000) * 60;
  const spans = new Map<number, number>();
  for (const row of spanMinutes) {
    if (wanted.has(row.service)) spans.set(row.minute, (spans.get(row.minute) ?? 0) + row.spans);
  }
  const errors = new Map<number, number>();
  for (const row of errorSpans) {
    if (!wanted.has(row.service)) continue;
    for (const [minute, n] of byMinute(row.errorMinutes, row.errorCounts))
      errors.set(minute, (errors.get(minute) ?? 0) + n);
  }
  // Minutes well before any possible lead define the typical error rate.
  const earliestLead = onsetMinute - MAX_ONSET_LEAD_MINUTES * 60;
  const baseline = new Map([...spans].filter(([minute]) => minute < earliestLead));
  const rate = typicalRate(alignMinutes(errors, baseline));
  let estimate: number | undefined;
  for (let minute = onsetMinute - 60; minute >= earliestLead; minute -= 60) {
    const total = spans.get(minute) ?? 0;
    if (total === 0 || poissonZ(errors.get(minute) ?? 0, rate * total) < Z_THRESHOLD) break;
    estimate = minute;
  }
  return estimate === undefined ? undefined : new Date(estimate * 1000);
}
