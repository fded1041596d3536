import type { Kysely } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { RuleOutcome, ServiceScore } from './scorecard-evaluator.ts';
import type { ScorecardLevel } from './scorecard-model.ts';

export interface StoredScore extends ServiceScore {
  day: string;
  evaluatedAt: string;
}

/** The only SQL touching `scorecard_results`. */
export function createScorecardStore(db: Kysely<StateDatabase>) {
  return {
    /** Records the day's result per service; a later evaluation the same day replaces it. */
    async saveDay(scores: ServiceScore[], evaluatedAt: string): Promise<void> {
      const day = evaluatedAt.slice(0, 10);
      for (const score of scores) {
        const row = {
          scorecard: score.scorecard,
          service: score.service,
          day,
          team: score.team,
          level: score.level,
          rules: JSON.stringify(score.rules),
          evaluated_at: evaluatedAt,
        };
        await db
          .insertInto('scorecard_results')
          .values(row)
          .onConflict((oc) =>
            oc.columns(['scorecard', 'service', 'day']).doUpdateSet({
              team: row.team,
              level: row.level,
              rules: row.rules,
              evaluated_at: row.evaluated_at,
            }),
          )
          .execute();
      }
    },

    /** Results from `fromDay` (inclusive), oldest first. */
    async since(fromDay: string): Promise<StoredScore[]> {
      const rows = await db
        .selectFrom('scorecard_results')
        .selectAll()
        .where('day', '>=', fromDay)
        .orderBy('day')
        .orderBy('service')
        .execute();
      return rows.map((row) => ({
        scorecard: row.scorecard,
        service: row.service,
        team: row.team,
        level: row.level as ScorecardLevel | null,
        rules: JSON.parse(row.rules) as RuleOutcome[],
        day: row.day,
        evaluatedAt: row.evaluated_at,
      }));
    },
  };
}

export type ScorecardStore = ReturnType<typeof createScorecardStore>;
