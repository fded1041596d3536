import type { Clock } from '../../kernel/clock.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import type { IncidentContext } from '../context/index.ts';
import type { Incident } from '../incidents/index.ts';
import type { RunbookTelemetry } from './check-queries.ts';
import type { IncidentRunbooks, Runbook, RunbookMatch, StepMark } from './contract.ts';
import type { RunbookStore } from './runbook.store.ts';
import type { LoadedRunbooks } from './runbook-loader.ts';
import { type IncidentFacts, matchRunbook, rulesCovered } from './runbook-matching.ts';
import { walkRunbook } from './runbook-walk.ts';

export interface RunbookServiceDeps {
  /** The runbooks as the configuration directory holds them now. */
  runbooks(): LoadedRunbooks;
  incidents: {
    get(id: string): Promise<Incident>;
    /** Adds a `runbook` entry to the incident timeline. */
    noteRunbook(id: string, message: string, details: Record<string, unknown>): Promise<void>;
  };
  /** The incident's alerts with their labels, annotations and source (alertmanager | slo). */
  alertsOf(incidentId: string): Promise<
    Array<{
      rule: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
      source: string;
    }>
  >;
  /** The stored context, or one computed now when none is stored yet. */
  contextOf(incident: Incident): Promise<IncidentContext>;
  serviceTags(service: string): Promise<string[]>;
  telemetry: RunbookTelemetry;
  store: RunbookStore;
  clock: Clock;
}

const presentMark = (row: {
  step_id: string;
  status: string;
  note: string | null;
  actor: string;
  at: string;
}): StepMark => ({
  stepId: row.step_id,
  status: row.status as StepMark['status'], // written by markStep from StepMarkBodySchema only
  note: row.note,
  by: row.actor,
  at: row.at,
});

/** Runbooks: listing, matching an incident with the decision path walked, and step marks. */
export function createRunbookService(deps: RunbookServiceDeps) {
  const find = (id: string): Runbook => {
    const runbook = deps.runbooks().runbooks.find((r) => r.id === id);
    if (!runbook) throw new NotFoundError(`runbook "${id}" does not exist`);
    return runbook;
  };

  /** Services the incident's services call, transitively, in the observed graph around onset. */
  const calleesOf = async (services: readonly string[], context: IncidentContext): Promise<string[]> => {
    const onsetMs = Date.parse(context.evidence.windows.onset);
    const graph = await deps.telemetry.serviceGraph({
      from: new Date(onsetMs - 30 * 60_000),
      to: new Date(context.evidence.windows.at),
    });
    const reached = new Set(services);
    const queue = [...services];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const edge of graph.edges) {
        if (edge.source === next && !reached.has(edge.target)) {
          reached.add(edge.target);
          queue.push(edge.target);
        }
      }
    }
    return [...reached].filter((s) => !services.includes(s));
  };

  return {
    list: (): Runbook[] => deps.runbooks().runbooks,
    get: find,

    /** Matching runbooks with their paths walked, and the runbook_url links no runbook covers. */
    async forIncident(incidentId: string): Promise<IncidentRunbooks> {
      const incident = await deps.incidents.get(incidentId);
      const alerts = await deps.alertsOf(incidentId);
      // Catalog tags cost a service lookup each: read only when some runbook matches on tags.
      const all = deps.runbooks().runbooks;
      const tags = all.some((r) => r.appliesTo.tags.length > 0)
        ? (await Promise.all(incident.services.map((s) => deps.serviceTags(s)))).flat()
        : [];
      const facts: IncidentFacts = { alerts, services: incident.services, tags: [...new Set(tags)] };
      const matched = all
        .map((runbook) => ({ runbook, matchedBy: matchRunbook(runbook, facts) }))
        .filter((m) => m.matchedBy.length > 0);
      const covered = new Set(matched.flatMap((m) => rulesCovered(m.runbook, facts)));
      const links = [
        ...new Map(
          alerts
            .filter((a) => a.annotations.runbook_url && !covered.has(a.rule))
            .map((a) => [a.annotations.runbook_url, { rule: a.rule, url: a.annotations.runbook_url ?? '' }]),
        ).values(),
      ];
      if (matched.length === 0) return { items: [], links };
      const context = await deps.contextOf(incident);
      const callees = await calleesOf(incident.services, context);
      const marks = await deps.store.marksOf(incidentId);
      const items: RunbookMatch[] = [];
      for (const { runbook, matchedBy } of matched) {
        const walk = await walkRunbook(runbook, {
          incidentId,
          context,
          services: incident.services,
          callees,
          telemetry: deps.telemetry,
        });
        await deps.store.saveWalk({
          incident_id: incidentId,
          runbook_id: runbook.id,
          steps: JSON.stringify(walk.path.map((p) => p.stepId)),
          recommended_step: walk.recommendedStepId,
          walked_at: deps.clock.now().toISOString(),
        });
        items.push({
          runbook,
          matchedBy,
          ...walk,
          marks: marks.filter((m) => m.runbook_id === runbook.id).map(presentMark),
        });
      }
      // Runbooks naming the alert first, then by how many reasons they match.
      items.sort(
        (a, b) =>
          Number(b.matchedBy.some((r) => r.startsWith('alert '))) -
            Number(a.matchedBy.some((r) => r.startsWith('alert '))) ||
          b.matchedBy.length - a.matchedBy.length,
      );
      return { items, links };
    },

    /** Marks a step done, skipped, noted or "did not help"; the incident timeline says so. */
    async markStep(input: {
      incidentId: string;
      runbookId: string;
      stepId: string;
      status: StepMark['status'];
      note: string | undefined;
      actor: string;
    }): Promise<StepMark> {
      await deps.incidents.get(input.incidentId);
      const runbook = find(input.runbookId);
      const step = runbook.steps.find((s) => s.id === input.stepId);
      if (!step) throw new NotFoundError(`runbook "${runbook.id}" has no step "${input.stepId}"`);
      const at = deps.clock.now().toISOString();
      const row = {
        incident_id: input.incidentId,
        runbook_id: runbook.id,
        step_id: step.id,
        status: input.status,
        note: input.note ?? null,
        actor: input.actor,
        at,
      };
      await deps.store.addMark(row);
      const verb = { done: 'done', skipped: 'skipped', noted: 'noted', 'did-not-help': 'did not help' }[
        input.status
      ];
      await deps.incidents.noteRunbook(
        input.incidentId,
        `Runbook "${runbook.title}", step "${step.title}": ${verb} by ${input.actor}${input.note ? ` — ${input.note}` : ''}`,
        {
          runbookId: runbook.id,
          stepId: step.id,
          status: input.status,
          note: input.note ?? null,
          by: input.actor,
        },
      );
      return presentMark(row);
    },
  };
}

export type RunbookService = ReturnType<typeof createRunbookService>;
