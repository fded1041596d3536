/**
 * The runbook API as the portal uses it: the response types (from the runbooks module's zod
 * contract, type-only) and the requests, through the shared query cache.
 */
import type { z } from 'zod';
import type {
  IncidentRunbooks,
  Runbook,
  RunbookInsightsSchema,
  RunbookListSchema,
  RunbookMatch,
  Step,
  StepMark,
  WalkedCheck,
} from '../../../src/modules/runbooks/contract.ts';
import { apiFetch } from './client.ts';
import { useApiMutation, useApiQuery } from './queries.ts';

export type { IncidentRunbooks, Runbook, RunbookMatch, Step, StepMark, WalkedCheck };
/** `GET /api/v1/runbooks`. */
export type RunbookList = z.infer<typeof RunbookListSchema>;
/** `GET /api/v1/runbooks/insights`: what was learnt per runbook, and alert rules without one. */
export type RunbookInsights = z.infer<typeof RunbookInsightsSchema>;
export type StepStatus = StepMark['status'];

/** The matching runbooks of an incident, each with its decision path walked on the incident's data. */
export function useIncidentRunbooks(incidentId: string) {
  return useApiQuery<IncidentRunbooks>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/runbooks`);
}

export interface StepMarkInput {
  runbookId: string;
  stepId: string;
  status: StepStatus;
  note: string;
}

/**
 * Marks a runbook step of an incident done, skipped, noted or "did not help". The server writes
 * the mark to the incident timeline too, so the incident (and its runbooks' marks, under the same
 * path) and what was learnt are fetched again.
 */
export function useMarkStep(incidentId: string) {
  return useApiMutation<StepMarkInput, StepMark>({
    request: ({ runbookId, stepId, status, note }) =>
      apiFetch<StepMark>(
        `/api/v1/incidents/${encodeURIComponent(incidentId)}/runbooks/${encodeURIComponent(runbookId)}/steps/${encodeURIComponent(stepId)}`,
        {
          method: 'POST',
          body: JSON.stringify(note.trim() ? { status, note: note.trim() } : { status }),
        },
      ),
    invalidates: [`/api/v1/incidents/${encodeURIComponent(incidentId)}`, '/api/v1/runbooks'],
  });
}
