/** One evaluated fault: the labelled service and the ranking produced for it. */
export interface Outcome {
  truth: string;
  ranking: readonly string[];
}

/** Share of faults whose labelled service is among the first `k` ranked. */
export function accuracyAt(outcomes: readonly Outcome[], k: number): number {
  if (outcomes.length === 0) return 0;
  return outcomes.filter((o) => o.ranking.slice(0, k).includes(o.truth)).length / outcomes.length;
}

/** Avg@5: the mean of AC@1 … AC@5, as RCA papers report it. */
export function averageAt5(outcomes: readonly Outcome[]): number {
  let sum = 0;
  for (let k = 1; k <= 5; k++) sum += accuracyAt(outcomes, k);
  return sum / 5;
}
