/**
 * Ranking dumps (`--dump`) and their comparison (`--expect`, `--baseline-module`), shared by the
 * Nezha and zoo harnesses: a speed change proves it kept the answers by ranking the same stored
 * faults before and after and comparing the two dumps here.
 */
import { readFileSync } from 'node:fs';
import type { RootCauseAnalysis } from '../../src/modules/context/index.ts';

/** One fault's ranking in a dump; harnesses add their own fields (day, class, truth). */
export interface DumpedRanking {
  onset: string;
  analysis: RootCauseAnalysis;
}

export function readRankings(file: string): DumpedRanking[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`--expect ${file}: not a ranking dump (an array)`);
  // A dump written by --dump; compareRankings only reads fields it finds and reports what is missing.
  return parsed as DumpedRanking[];
}

/**
 * Differences between two dumps of the same faults. `ranking` holds the answers: ranked services,
 * their order and scores (rounded to 3 decimals, so any change beyond 1e-9 is a real one). `wording`
 * holds the rest: reasons and evidence (exemplar traces, example lines), which may name a different
 * one of several equally good candidates without changing any score.
 */
export function compareRankings(
  expected: readonly DumpedRanking[],
  actual: readonly DumpedRanking[],
): { ranking: string[]; wording: string[] } {
  const ranking: string[] = [];
  const wording: string[] = [];
  if (expected.length !== actual.length)
    ranking.push(`${expected.length} faults expected, ${actual.length} ranked`);
  for (const [i, want] of expected.entries()) {
    const got = actual[i];
    const label = `fault ${i + 1} (${want.onset})`;
    if (!got || got.onset !== want.onset) {
      ranking.push(`${label}: not ranked in this run`);
      continue;
    }
    const w = want.analysis?.rootCauseServices ?? [];
    const g = got.analysis.rootCauseServices;
    const list = (rs: typeof g) => rs.map((r) => `${r.service} ${r.score}`).join(', ');
    const sameOrder = w.length === g.length && w.every((r, k) => r.service === g[k]?.service);
    const sameScores =
      sameOrder && w.every((r, k) => Math.abs(r.score - (g[k]?.score ?? Number.NaN)) <= 1e-9);
    if (!sameOrder || !sameScores) {
      ranking.push(`${label}: expected [${list(w)}], got [${list(g)}]`);
      continue;
    }
    const reasons = w.filter((r, k) => JSON.stringify(r.reasons) !== JSON.stringify(g[k]?.reasons));
    if (reasons.length > 0) wording.push(`${label}: reasons of ${reasons.map((r) => r.service).join(', ')}`);
    const keys = ['summary', 'windows', 'exemplarTraceIds', 'topErrorTemplates'] as const;
    const evidence = keys.filter(
      (key) => JSON.stringify(want.analysis.evidence?.[key]) !== JSON.stringify(got.analysis.evidence[key]),
    );
    if (evidence.length > 0) wording.push(`${label}: evidence ${evidence.join(', ')}`);
  }
  return { ranking, wording };
}

/**
 * Prints whether `actual` ranks as `expected` did (services, order and scores) and what wording
 * differs; sets the exit code to 1 when a ranking differs.
 */
export function reportComparison(
  expected: readonly DumpedRanking[],
  actual: readonly DumpedRanking[],
  against: string,
): void {
  const { ranking, wording } = compareRankings(expected, actual);
  console.log(
    ranking.length === 0
      ? `rankings identical to ${against}: ${actual.length} faults, same services, order and scores`
      : `rankings differ from ${against}:\n  ${ranking.join('\n  ')}`,
  );
  console.log(
    wording.length === 0
      ? 'wording identical too: every reason and all evidence'
      : `wording differs (same scores):\n  ${wording.join('\n  ')}`,
  );
  if (ranking.length > 0) process.exitCode = 1;
}
