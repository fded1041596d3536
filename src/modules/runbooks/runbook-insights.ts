import type { z } from 'zod';
import type { Runbook, RunbookInsightsSchema } from './contract.ts';
import type { RunbookStore } from './runbook.store.ts';
import { type IncidentFacts, matchRunbook } from './runbook-matching.ts';

type RunbookInsights = z.infer<typeof RunbookInsightsSchema>;

export interface RunbookInsightsDeps {
  runbooks(): Runbook[];
  store: RunbookStore;
  /** Recent incidents with their alerts, newest first. */
  recentIncidents(): Promise<
    Array<{ id: string; startedAt: string; resolvedAt: string | null; facts: IncidentFacts }>
  >;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * What was learnt from runbooks on incidents: per step how often the walk reached it and how people
 * marked it, the walked path whose incidents resolved fastest (median minutes), and alert rules
 * whose incidents no runbook matched (the runbooks to write next).
 */
export function createRunbookInsights(deps: RunbookInsightsDeps) {
  return {
    async compute(): Promise<RunbookInsights> {
      const [walks, marks, incidents] = await Promise.all([
        deps.store.walks(),
        deps.store.allMarks(),
        deps.recentIncidents(),
      ]);
      const byIncident = new Map(incidents.map((i) => [i.id, i]));
      const runbooks = deps.runbooks();
      const out: RunbookInsights['runbooks'] = runbooks.map((runbook) => {
        const mine = walks.filter((w) => w.runbook_id === runbook.id);
        const paths = mine.map((w) => {
          const checks = JSON.parse(w.steps) as string[]; // written by the service as a string array
          return {
            incidentId: w.incident_id,
            steps: w.recommended_step ? [...checks, w.recommended_step] : checks,
          };
        });
        const steps = runbook.steps.map((step) => {
          const stepMarks = marks.filter((m) => m.runbook_id === runbook.id && m.step_id === step.id);
          return {
            stepId: step.id,
            reached: paths.filter((p) => p.steps.includes(step.id)).length,
            done: stepMarks.filter((m) => m.status === 'done').length,
            skipped: stepMarks.filter((m) => m.status === 'skipped').length,
            didNotHelp: stepMarks.filter((m) => m.status === 'did-not-help').length,
            comments: stepMarks.flatMap((m) => (m.note ? [m.note] : [])),
          };
        });
        const minutesByPath = new Map<string, number[]>();
        for (const path of paths) {
          const incident = byIncident.get(path.incidentId);
          if (!incident?.resolvedAt) continue;
          const key = JSON.stringify(path.steps);
          const minutes = (Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt)) / 60_000;
          minutesByPath.set(key, [...(minutesByPath.get(key) ?? []), minutes]);
        }
        const fastest = [...minutesByPath.entries()]
          .map(([key, minutes]) => ({
            steps: JSON.parse(key) as string[],
            medianMinutesToResolve: median(minutes),
          })) // keys made by JSON.stringify above
          .sort((a, b) => a.medianMinutesToResolve - b.medianMinutesToResolve)[0];
        return { id: runbook.id, incidents: mine.length, steps, fastestPath: fastest ?? null };
      });
      const unmatched = new Map<string, number>();
      for (const incident of incidents) {
        if (runbooks.some((r) => matchRunbook(r, incident.facts).length > 0)) continue;
        for (const rule of new Set(incident.facts.alerts.map((a) => a.rule)))
          unmatched.set(rule, (unmatched.get(rule) ?? 0) + 1);
      }
      return {
        runbooks: out,
        unmatched: [...unmatched.entries()]
          .map(([rule, count]) => ({ rule, incidents: count }))
          .sort((a, b) => b.incidents - a.incidents || a.rule.localeCompare(b.rule)),
      };
    },
  };
}

export type RunbookInsightsService = ReturnType<typeof createRunbookInsights>;
