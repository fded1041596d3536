import type { NpsReport, NpsScore } from './contract.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface ScoredAnswer {
  score: number;
  teams: readonly string[];
  csat: Readonly<Record<string, number>>;
  atMs: number;
}

/** NPS = % promoters (9–10) − % detractors (0–6), over every answer given; null for none. */
export function scoreNps(scores: readonly number[]): NpsScore {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const responses = scores.length;
  return {
    responses,
    promoters,
    passives: responses - promoters - detractors,
    detractors,
    // Multiplied before dividing, so whole percentages come out exact (1/10 × 100 would not).
    nps: responses === 0 ? null : ((promoters - detractors) * 100) / responses,
  };
}

/**
 * The NPS report for [fromMs, toMs): overall, per team (an answer counts for each team of its
 * author), one trend entry per survey period counted back from `toMs`, and CSAT per capability.
 * Inputs may hold more; they are filtered here.
 */
export function computeNpsReport(input: {
  answers: readonly ScoredAnswer[];
  ratings: readonly { rating: 'up' | 'down'; atMs: number }[];
  capabilities: readonly string[];
  fromMs: number;
  toMs: number;
  periodDays: number;
}): Omit<NpsReport, 'from' | 'to'> {
  const { fromMs, toMs } = input;
  const answers = input.answers.filter((a) => a.atMs >= fromMs && a.atMs < toMs);
  const teams = [...new Set(answers.flatMap((a) => a.teams))].sort();
  const periodMs = input.periodDays * DAY_MS;
  const periods = Math.max(1, Math.ceil((toMs - fromMs) / periodMs));
  const trend = Array.from({ length: periods }, (_, index) => {
    const endMs = toMs - (periods - 1 - index) * periodMs;
    const startMs = Math.max(fromMs, endMs - periodMs);
    return {
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      ...scoreNps(answers.filter((a) => a.atMs >= startMs && a.atMs < endMs).map((a) => a.score)),
    };
  });
  const capabilities = [
    ...input.capabilities,
    ...new Set(answers.flatMap((a) => Object.keys(a.csat)).filter((c) => !input.capabilities.includes(c))),
  ];
  const ratings = input.ratings.filter((r) => r.atMs >= fromMs && r.atMs < toMs);
  return {
    overall: scoreNps(answers.map((a) => a.score)),
    byTeam: teams.map((team) => ({
      team,
      ...scoreNps(answers.filter((a) => a.teams.includes(team)).map((a) => a.score)),
    })),
    trend,
    csat: capabilities.map((capability) => {
      const scores = answers.flatMap((a) => (a.csat[capability] === undefined ? [] : [a.csat[capability]]));
      const total = scores.reduce((sum, s) => sum + s, 0);
      return {
        capability,
        responses: scores.length,
        averageScore: scores.length === 0 ? null : total / scores.length,
        satisfiedPercent:
          scores.length === 0 ? null : (scores.filter((s) => s >= 4).length / scores.length) * 100,
      };
    }),
    ratings: {
      up: ratings.filter((r) => r.rating === 'up').length,
      down: ratings.filter((r) => r.rating === 'down').length,
    },
  };
}

export interface PromptHistory {
  lastAnsweredAtMs: number | null;
  dismissedAtMs: number | null;
  snoozedUntilMs: number | null;
}

/**
 * Whether the survey is due for a person at `nowMs`: not while snoozed, and at most once per
 * period after they last answered or dismissed it. `nextAtMs` says when it is due again.
 */
export function surveyDue(
  history: PromptHistory,
  nowMs: number,
  periodDays: number,
): { due: boolean; nextAtMs: number | null } {
  const last = Math.max(history.lastAnsweredAtMs ?? -Infinity, history.dismissedAtMs ?? -Infinity);
  const periodEndMs = Number.isFinite(last) ? last + periodDays * DAY_MS : null;
  const nextAtMs = Math.max(periodEndMs ?? -Infinity, history.snoozedUntilMs ?? -Infinity);
  if (!Number.isFinite(nextAtMs) || nextAtMs <= nowMs) return { due: true, nextAtMs: null };
  return { due: false, nextAtMs };
}
