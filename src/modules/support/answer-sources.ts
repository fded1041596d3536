import type { Answerable, AnswerSource } from './matcher.ts';

/** Runbooks as support reads them (structurally the runbook service's list). */
export interface SupportRunbooks {
  list(): ReadonlyArray<{
    id: string;
    title: string;
    owner: string;
    appliesTo: { alerts: readonly string[]; services: readonly string[]; tags: readonly string[] };
    steps: ReadonlyArray<{ title: string }>;
  }>;
}

/** Actions as support reads them (structurally the actions module's definitions). */
export interface SupportActions {
  list(): ReadonlyArray<{ id: string; title: string; description: string; operation: string }>;
}

/**
 * Answers from the loaded runbooks: each runbook's page in the portal, found by its title, owner,
 * the alerts, services and tags it applies to, and its steps' titles ("Roll back the deploy").
 */
export function runbookAnswerSource(runbooks: SupportRunbooks, publicUrl: () => string): AnswerSource {
  return async () =>
    runbooks.list().map(
      (runbook): Answerable => ({
        kind: 'runbook',
        title: runbook.title,
        url: `${publicUrl()}/runbooks/${encodeURIComponent(runbook.id)}`,
        searchText: [
          'runbook',
          runbook.id.replace(/[-_]/g, ' '),
          runbook.owner,
          ...runbook.appliesTo.alerts.map(splitCamelCase),
          ...runbook.appliesTo.services,
          ...runbook.appliesTo.tags,
          ...runbook.steps.map((step) => step.title),
        ].join(' '),
      }),
    );
}

/**
 * Answers from the action definitions: the run form of each self-service action, found by its
 * title, description, id and operation — "how do I scale cart" finds the scale action.
 */
export function actionAnswerSource(actions: SupportActions, publicUrl: () => string): AnswerSource {
  return async () =>
    actions.list().map(
      (action): Answerable => ({
        kind: 'action',
        title: action.title,
        url: `${publicUrl()}/actions/${encodeURIComponent(action.id)}/run`,
        searchText: [action.id.replace(/[-_.]/g, ' '), action.operation, action.description].join(' '),
      }),
    );
}

/** `HighErrorRate` → `High Error Rate`, so alert names match the words people type. */
function splitCamelCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}
