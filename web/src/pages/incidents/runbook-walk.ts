import type { RunbookMatch, Step, WalkedCheck } from '../../api/runbooks.ts';

/** One answered check on the walked path, with the step its answer leads to. */
export interface PathEntry {
  check: WalkedCheck;
  step: Step | undefined;
  /** The step the answer's branch goes to; null when the answer is unknown or has no branch. */
  next: Step | null;
}

/** A matching runbook read for display: the path walked, where it ends, and the steps off it. */
export interface WalkedRunbook {
  path: PathEntry[];
  /** The step the data leads to (highlighted, with its action). */
  recommended: Step | null;
  /** The check the walk stopped on for lack of data: a person answers it. */
  unanswered: WalkedCheck | null;
  /** Steps the walk did not reach, in file order (a person may still take them). */
  others: Step[];
}

/** Reads the API's walk of one runbook into the path, the recommended step and the other steps. */
export function readWalk(match: RunbookMatch): WalkedRunbook {
  const byId = new Map(match.runbook.steps.map((s) => [s.id, s]));
  const path = match.path.map((check): PathEntry => {
    const step = byId.get(check.stepId);
    const branch =
      check.answer === 'unknown' ? undefined : step?.branches.find((b) => b.when === check.answer);
    return { check, step, next: branch ? (byId.get(branch.to) ?? null) : null };
  });
  const recommended = match.recommendedStepId ? (byId.get(match.recommendedStepId) ?? null) : null;
  const last = match.path.at(-1);
  const reached = new Set([...match.path.map((c) => c.stepId), ...(recommended ? [recommended.id] : [])]);
  return {
    path,
    recommended,
    unanswered: last?.answer === 'unknown' ? last : null,
    others: match.runbook.steps.filter((s) => !reached.has(s.id)),
  };
}

/** The element id of a runbook's section on the incident page (the page sent out links it). */
export function runbookAnchor(runbookId: string): string {
  return `runbook-${runbookId}`;
}

/** The element id of one step of a runbook on the incident page. */
export function stepAnchor(runbookId: string, stepId: string): string {
  return `runbook-${runbookId}-step-${stepId}`;
}

/** "service payment · version 1.3.2"; an input the incident could not fill says so. */
export function describeInputs(inputs: Record<string, string>): string {
  return Object.entries(inputs)
    .map(([name, value]) => `${name} ${value === '' ? '(to fill in)' : value}`)
    .join(' · ');
}
