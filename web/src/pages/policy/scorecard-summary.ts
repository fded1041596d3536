import type { ScorecardOverview } from '../../api/contracts.ts';

export type Level = 'bronze' | 'silver' | 'gold';
type ServiceScore = ScorecardOverview['services'][number];

/** Display order and words of the levels, lowest first. */
export const LEVELS: readonly Level[] = ['bronze', 'silver', 'gold'];

export function levelLabel(level: Level | null): string {
  return level === null ? 'Below bronze' : level[0]?.toUpperCase() + level.slice(1);
}

/** The rules a service must fix to reach the next level: failing rules of the lowest failing level. */
export function nextSteps(score: ServiceScore): { level: Level; rules: ServiceScore['rules'] } | null {
  for (const level of LEVELS) {
    const failing = score.rules.filter((r) => r.level === level && !r.passed);
    if (failing.length > 0) return { level, rules: failing };
  }
  return null;
}

/** Share of a team's services at `level` or above, in percent (0 for a team with none). */
export function percentAtLeast(levels: Record<Level | 'none', number>, level: Level): number {
  const total = levels.none + levels.bronze + levels.silver + levels.gold;
  if (total === 0) return 0;
  const from = LEVELS.indexOf(level);
  const reached = LEVELS.slice(from).reduce((sum, l) => sum + levels[l], 0);
  return Math.round((100 * reached) / total);
}
