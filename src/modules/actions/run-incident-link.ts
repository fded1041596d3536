/**
 * A run started from an incident tells the incident each state change: one line on its timeline
 * ("Run r… (Roll back on payment) approved by pat: go"), and at the start and the end an update to
 * the channel the incident paged, linking the run. The actions module says what happened; the
 * incidents module (wired in compose.ts) decides where it is written and sent.
 */
import type { Logger } from '../../kernel/logger.ts';
import { FINAL_STATES, type Run, type RunState } from './contract.ts';
import { presentRun } from './run-presenter.ts';
import type { RunRow } from './runs.store.ts';

/** One state change of a linked run, as the incident is told it. */
export interface RunIncidentNote {
  incidentId: string;
  runId: string;
  actionId: string;
  state: RunState;
  /** The timeline line. */
  text: string;
  /** The run's page: `<publicUrl>/runs/<id>`. */
  runUrl: string;
  /** Whether the change is worth an update on the incident's channel: the run started or ended. */
  announce: boolean;
}

const runUrl = (publicUrl: string, runId: string) => `${publicUrl}/runs/${runId}`;

/** A run as its incident lists it (`GET /api/v1/incidents/{id}` `runs`). */
export interface LinkedRun {
  id: string;
  action: string;
  actionTitle: string;
  service: string | null;
  state: RunState;
  /** Who asked for the run. */
  actor: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The run's page. */
  link: string;
}

/** A run row as its incident lists it; `publicUrl` is Cairn's base URL. */
export function presentLinkedRun(row: RunRow, publicUrl: string): LinkedRun {
  const run = presentRun(row);
  return {
    id: run.id,
    action: run.actionId,
    actionTitle: run.actionTitle,
    service: run.service,
    state: run.state,
    actor: run.requestedBy.name,
    requestedAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    link: runUrl(publicUrl, run.id),
  };
}

/** The incidents module, as runs see it. */
export interface IncidentLinkTarget {
  exists(incidentId: string): Promise<boolean>;
  noteRun(note: RunIncidentNote): Promise<void>;
}

/** What a final state is called when the run's message does not already say it. */
const ENDING_WORDS: Record<string, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  declined: 'declined',
  timed_out: 'timed out',
};

/** The timeline line of a run's current state, read from the run alone. */
export function describeRunChange(run: Run): string {
  const subject = `Run ${run.id} (${run.actionTitle}${run.service ? ` on ${run.service}` : ''})`;
  return `${subject} ${describeState(run)}`;
}

function describeState(run: Run): string {
  switch (run.state) {
    case 'waiting_for_approval':
      return `requested by ${run.requestedBy.name}: waiting for approval`;
    case 'queued':
      return run.decision
        ? `approved by ${run.decision.by.name}${run.decision.comment ? `: ${run.decision.comment}` : ''}`
        : `requested by ${run.requestedBy.name}: queued`;
    case 'running':
      return 'running';
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'declined':
    case 'timed_out': {
      const word = ENDING_WORDS[run.state] ?? run.state;
      const message = run.message ?? '';
      // "cancelled by Grace Hopper", "timed out after 2 s" already say it; a tool's message does not.
      if (message.startsWith(word)) return message;
      return message ? `${word}: ${message}` : word;
    }
  }
}

/**
 * Tells the incident about a linked run's change. Notes are written one after another in the order
 * they were asked for, so the timeline reads in the order the run moved; a failing write is logged
 * and never fails the run.
 */
export function createRunIncidentLink(deps: {
  incidents: IncidentLinkTarget | undefined;
  publicUrl: () => string;
  logger: Logger;
}) {
  let chain = Promise.resolve();
  return {
    /** Whether the incident a run names exists (no incidents module wired: none does). */
    exists: async (incidentId: string): Promise<boolean> =>
      (await deps.incidents?.exists(incidentId)) ?? false,

    /** Notes the run's current state on its incident, if it has one; resolves once written. */
    changed(row: RunRow): Promise<void> {
      const incidents = deps.incidents;
      const incidentId = row.incident_id;
      if (!incidents || incidentId === null) return Promise.resolve();
      const run = presentRun(row);
      const note: RunIncidentNote = {
        incidentId,
        runId: run.id,
        actionId: run.actionId,
        state: run.state,
        text: describeRunChange(run),
        runUrl: runUrl(deps.publicUrl(), run.id),
        announce:
          FINAL_STATES.includes(run.state) ||
          run.state === 'waiting_for_approval' ||
          (run.state === 'queued' && run.decision === null),
      };
      chain = chain.then(() =>
        incidents.noteRun(note).catch((error: unknown) => {
          deps.logger.warn({ err: error, run: run.id, incidentId }, 'noting a run on its incident failed');
        }),
      );
      return chain;
    },
  };
}

export type RunIncidentLink = ReturnType<typeof createRunIncidentLink>;
