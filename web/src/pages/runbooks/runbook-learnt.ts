import type { Runbook, RunbookInsights } from '../../api/runbooks.ts';

export type RunbookLearnt = RunbookInsights['runbooks'][number];
export type StepLearnt = RunbookLearnt['steps'][number];

/** What was learnt about one runbook; a runbook no incident walked yet has nothing learnt. */
export function learntFor(insights: RunbookInsights | undefined, runbookId: string): RunbookLearnt | null {
  return insights?.runbooks.find((r) => r.id === runbookId) ?? null;
}

/** "alerts FrontendErrors, HighErrorRate · labels category=errors · SLO burn" — what a runbook applies to. */
export function describeAppliesTo(appliesTo: Runbook['appliesTo']): string {
  const parts: string[] = [];
  if (appliesTo.alerts.length) parts.push(`alerts ${appliesTo.alerts.join(', ')}`);
  const labels = Object.entries(appliesTo.labels);
  if (labels.length) parts.push(`labels ${labels.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (appliesTo.services.length) parts.push(`services ${appliesTo.services.join(', ')}`);
  if (appliesTo.tags.length) parts.push(`tags ${appliesTo.tags.join(', ')}`);
  if (appliesTo.slo) parts.push('SLO burn');
  return parts.length ? parts.join(' · ') : 'nothing (it never matches)';
}

/** The fastest path as step titles: "Deploy before onset? → Roll back the deploy". */
export function describePath(runbook: Pick<Runbook, 'steps'>, stepIds: readonly string[]): string {
  const titles = new Map(runbook.steps.map((s) => [s.id, s.title]));
  return stepIds.map((id) => titles.get(id) ?? id).join(' → ');
}

/** Minutes to resolve, as people say it: "45 s", "12 min", "2 h 5 min". */
export function formatMinutes(minutes: number): string {
  const seconds = Math.round(minutes * 60);
  if (seconds < 60) return `${seconds} s`;
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Share of walks that reached a step, in percent (0 when the runbook was never walked). */
export function reachedPercent(step: StepLearnt, walks: number): number {
  return walks === 0 ? 0 : Math.round((step.reached / walks) * 100);
}
