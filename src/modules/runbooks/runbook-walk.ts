import { CHECK_RUNNERS, type CheckInput } from './check-queries.ts';
import type { Runbook, RunbookMatch, WalkedCheck } from './contract.ts';
import { fillTemplate } from './input-templates.ts';

export type Walk = Pick<RunbookMatch, 'path' | 'recommendedStepId' | 'recommendedAction'>;

/**
 * Walks a runbook's decision tree on the incident's data: from the first step, each check is
 * answered and its yes/no branch followed, until a step without a check (the recommended step).
 * An unanswerable check (no data) stops the walk on itself: a person answers it.
 */
export async function walkRunbook(
  runbook: Runbook,
  input: CheckInput & { incidentId: string },
): Promise<Walk> {
  const byId = new Map(runbook.steps.map((s) => [s.id, s]));
  const values: Record<string, string> = {
    'incident.id': input.incidentId,
    'incident.service': input.context.rootCauseServices[0]?.service ?? input.services[0] ?? '',
    service: input.services[0] ?? '',
  };
  const path: WalkedCheck[] = [];
  const visited = new Set<string>();
  let step = runbook.steps[0];
  while (step && !visited.has(step.id)) {
    visited.add(step.id);
    if (!step.check) break;
    const answer = await CHECK_RUNNERS[step.check.query](step.check, input);
    path.push({
      stepId: step.id,
      title: step.title,
      query: step.check.query,
      answer: answer.answer,
      evidence: answer.evidence,
      value: answer.value,
    });
    Object.assign(values, answer.values);
    if (answer.answer === 'unknown') break;
    const branch = step.branches.find((b) => b.when === answer.answer);
    step = branch ? byId.get(branch.to) : undefined;
  }
  if (!step) return { path, recommendedStepId: null, recommendedAction: null };
  const action = step.action;
  if (!action) return { path, recommendedStepId: step.id, recommendedAction: null };
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([key, template]) => [key, fillTemplate(String(template), values)]),
  );
  // The run form passes `incident` on, so the run is linked to the incident and shows in its timeline.
  const query = new URLSearchParams({ ...inputs, incident: input.incidentId }).toString();
  return {
    path,
    recommendedStepId: step.id,
    recommendedAction: {
      action: action.action,
      inputs,
      url: `/actions/${encodeURIComponent(action.action)}/run?${query}`,
    },
  };
}
