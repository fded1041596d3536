import { ConflictError, NotFoundError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { IncidentMessage } from '../notify/index.ts';
import { summarizeWithin } from './context-provider.ts';
import type { Incident, IncidentStatus, IncidentSummary, TimelineKind } from './contract.ts';
import {
  type AlertFacts,
  CORRELATION_HOPS,
  type IncidentOutcome,
  type IncidentServiceDeps,
  type LinkedRunNote,
} from './incident.model.ts';
import type { IncidentRow, IncidentStore } from './incident.store.ts';
import { decidePaging } from './paging-policy.ts';
import { assessQuiet, describeLingering } from './quiet-assessment.ts';

const outcome = (row: IncidentRow): IncidentOutcome => ({
  id: row.id,
  acknowledged: row.acknowledged_at !== null,
  actioned: row.acknowledged_at !== null || (row.resolved_by !== null && row.resolved_by !== 'auto'),
  pagedRule: row.paged === 1 ? row.paged_rule : null,
});

/** Grouping alerts into incidents, paging once per incident, and the incident lifecycle. */
export function createIncidentService(deps: IncidentServiceDeps) {
  const { store, settings } = deps;
  const pending = new Set<Promise<void>>();
  const services = (row: IncidentRow): string[] => JSON.parse(row.services) as string[]; // written below only

  const noteIn = (
    target: IncidentStore,
    incidentId: string,
    at: Date,
    kind: TimelineKind,
    message: string,
    details = {},
  ) => target.appendTimeline(incidentId, { at: at.toISOString(), kind, message, details });
  const note = (incidentId: string, at: Date, kind: TimelineKind, message: string, details = {}) =>
    noteIn(store, incidentId, at, kind, message, details);

  /** The one summary a flapping alert gets instead of its notifications. */
  const noteFlapping = (target: IncidentStore, incidentId: string, facts: AlertFacts) =>
    noteIn(
      target,
      incidentId,
      facts.at,
      'alert-flapping',
      `${facts.rule} is flapping: its notifications are held`,
      { fingerprint: facts.fingerprint, rule: facts.rule },
    );

  const inBackground = (work: () => Promise<void>) => {
    const task = work()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'incident notification failed'))
      .finally(() => pending.delete(task));
    pending.add(task);
  };

  /** Context work runs beside intake: a slow telemetry store must never hold up an alert. */
  const contextInBackground = (incidentId: string, step: 'refresh' | 'snapshot') => {
    const run = deps.context[step];
    if (!run) return;
    const task = run
      .call(deps.context, incidentId)
      .catch((error: unknown) =>
        deps.logger.error({ err: error, incidentId }, `incident context ${step} failed`),
      )
      .finally(() => pending.delete(task));
    pending.add(task);
  };

  const notify = (
    row: IncidentRow,
    kind: IncidentMessage['kind'],
    runbookUrl: string | undefined,
    run?: IncidentMessage['run'],
  ) =>
    inBackground(async () => {
      const context =
        kind === 'page' ? await summarizeWithin(deps.context, row.id, settings.contextTimeoutMs) : {};
      const message: IncidentMessage = {
        kind,
        incidentId: row.id,
        title: row.title,
        severity: row.severity,
        services: services(row),
        impact: context.impact,
        topSuspect: context.topSuspect,
        runbookUrl: context.runbookUrl ?? runbookUrl,
        runbookStep: context.runbookStep,
        proposedFix: context.proposedFix,
        incidentUrl: `${settings.publicUrl()}/incidents/${row.id}`,
        ...(run ? { run } : {}),
      };
      const target = await deps.notifier.route(message.services);
      const result = await deps.notifier.deliver(message, target);
      const what = kind === 'page' ? 'Page' : kind === 'run' ? 'Run update' : 'Resolution notice';
      await note(
        row.id,
        deps.clock.now(),
        result.ok ? 'notification-sent' : 'notification-failed',
        result.ok
          ? `${what} sent to ${target.name} (${target.kind})`
          : `${what} to ${target.name} failed after ${result.attempts} attempts: ${result.error ?? 'unknown'}`,
        {
          kind,
          channel: target.name,
          channelKind: target.kind,
          attempts: result.attempts,
          error: result.error,
        },
      );
    });

  /**
   * The open incident an alert on `service` belongs to: same service first, then within two hops
   * (`near`, read before the grouping lock so a slow topology load never holds up other replicas).
   */
  const findJoinable = async (target: IncidentStore, facts: AlertFacts, near: ReadonlySet<string>) => {
    const since = new Date(facts.at.getTime() - settings.groupWindowMinutes * 60_000).toISOString();
    const candidates = await target.listJoinable(since);
    if (!facts.service) {
      const row = candidates.find((candidate) => services(candidate).length === 0);
      return row ? { row, relation: 'no service' } : undefined;
    }
    const service = facts.service;
    const same = candidates.find((candidate) => services(candidate).includes(service));
    if (same) return { row: same, relation: 'same service' };
    const related = candidates.find((candidate) => services(candidate).some((s) => near.has(s)));
    if (!related) return undefined;
    const via = services(related).filter((s) => near.has(s));
    return { row: related, relation: `within ${CORRELATION_HOPS} hops of ${via.join(', ')}` };
  };

  const open = async (target: IncidentStore, facts: AlertFacts): Promise<IncidentRow> => {
    const at = facts.at.toISOString();
    const row: IncidentRow = {
      id: newId(),
      title: alertTitle(facts),
      status: 'open',
      severity: facts.severity,
      services: JSON.stringify(facts.service ? [facts.service] : []),
      started_at: at,
      last_alert_at: at,
      quiet_since: null,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
      paged: 0,
      paged_rule: null,
      context: null,
    };
    await target.insert(row);
    await noteIn(
      target,
      row.id,
      facts.at,
      'opened',
      `Opened by ${facts.rule}${facts.service ? ` on ${facts.service}` : ''}`,
      {
        fingerprint: facts.fingerprint,
        rule: facts.rule,
        service: facts.service,
        severity: facts.severity,
      },
    );
    return row;
  };

  /**
   * Puts a firing alert on its incident: the one it is on, else the joinable one, else a new one;
   * then merges its service and severity in. Runs inside the grouping lock, on `target` only.
   */
  const place = async (target: IncidentStore, facts: AlertFacts, near: ReadonlySet<string>) => {
    const current = facts.incidentId ? await target.findById(facts.incidentId) : undefined;
    let row = current && current.status !== 'resolved' ? current : undefined;
    if (row) {
      if (!facts.flapping)
        await noteIn(target, row.id, facts.at, 'alert-joined', `${facts.rule} fired again`, {
          fingerprint: facts.fingerprint,
        });
    } else {
      const joinable = await findJoinable(target, facts, near);
      if (joinable) {
        row = joinable.row;
        await noteIn(
          target,
          row.id,
          facts.at,
          'alert-joined',
          `${facts.rule}${facts.service ? ` on ${facts.service}` : ''} joined (${joinable.relation})`,
          {
            fingerprint: facts.fingerprint,
            rule: facts.rule,
            service: facts.service,
            relation: joinable.relation,
          },
        );
      } else {
        row = await open(target, facts);
      }
    }
    const merged = [...new Set([...services(row), ...(facts.service ? [facts.service] : [])])];
    const escalated = row.severity !== 'critical' && facts.severity === 'critical';
    await target.update(row.id, {
      last_alert_at: facts.at.toISOString(),
      quiet_since: null,
      services: JSON.stringify(merged),
      severity: escalated ? 'critical' : row.severity,
      // The page names what made it critical, not the warning that happened to arrive first.
      ...(escalated ? { title: alertTitle(facts) } : {}),
    });
    if (facts.becameFlapping) await noteFlapping(target, row.id, facts);
    // A new alert (not one firing again) may bring a new service: the context is recomputed.
    return { row, joinedOrOpened: row.id !== current?.id };
  };

  const pageIfNeeded = async (incidentId: string, facts: Pick<AlertFacts, 'rule' | 'annotations'>) => {
    if (!(await store.claimPage(incidentId, facts.rule))) return;
    const row = await store.findById(incidentId);
    if (row) notify(row, 'page', facts.annotations.runbook_url);
  };

  const resolve = async (row: IncidentRow, actor: string, at: Date) => {
    await store.update(row.id, { status: 'resolved', resolved_at: at.toISOString(), resolved_by: actor });
    if (actor === 'auto') {
      // Burn-rate alerts may still fire (see assessQuiet): the note says which, and why.
      const assessment = assessQuiet(await deps.alerts.listByIncident(row.id));
      const lingering = assessment.quiet ? assessment.lingering : [];
      if (lingering.length === 0) {
        await note(row.id, at, 'resolved', 'Resolved automatically: all alerts resolved and stayed quiet', {
          by: actor,
        });
      } else {
        await note(
          row.id,
          at,
          'resolved',
          `Resolved automatically: its symptom alerts resolved and stayed quiet; ${describeLingering(lingering)}`,
          { by: actor, stillFiring: lingering },
        );
      }
    } else {
      await note(row.id, at, 'resolved', `Resolved by ${actor}`, { by: actor });
    }
    if (row.paged === 1) notify({ ...row, status: 'resolved' }, 'resolved', undefined);
    contextInBackground(row.id, 'snapshot');
  };

  const summary = (row: IncidentRow): IncidentSummary => ({
    id: row.id,
    title: row.title,
    status: row.status as IncidentStatus, // written by this service from INCIDENT_STATUSES only
    severity: row.severity,
    services: services(row),
    startedAt: row.started_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    paged: row.paged === 1,
  });

  return {
    /**
     * A firing alert: joins the incident it belongs to (same service or within two hops, inside the
     * group window) or opens one, then pages per the policy. Returns the incident and, for a held
     * warning, when it may page.
     */
    async onAlertFiring(facts: AlertFacts): Promise<{ incidentId: string | null; pageAfter: string | null }> {
      if (facts.silenced) return { incidentId: facts.incidentId, pageAfter: null };
      const near = facts.service
        ? await deps.topology.neighbours(facts.service, CORRELATION_HOPS)
        : new Set<string>();
      // Read, decide and write under one lock: two replicas taking parts of one storm at the same
      // moment would otherwise both find no joinable incident and open two, or both merge their
      // service into a stale services list and lose one.
      const { row, joinedOrOpened } = await deps.grouping((target) => place(target, facts, near));
      // After the commit: the context engine reads the incident through its own connection.
      if (joinedOrOpened) contextInBackground(row.id, 'refresh');
      const entryPoint = facts.service ? await deps.topology.isEntryPoint(facts.service) : false;
      const decision = decidePaging({ ...facts, entryPoint });
      if (decision === 'now' || (decision === 'hold' && settings.transientHoldSeconds === 0)) {
        await pageIfNeeded(row.id, facts);
        return { incidentId: row.id, pageAfter: null };
      }
      if (decision === 'hold') {
        const after = new Date(facts.at.getTime() + settings.transientHoldSeconds * 1000).toISOString();
        return { incidentId: row.id, pageAfter: after };
      }
      return { incidentId: row.id, pageAfter: null };
    },

    /**
     * A resolved alert: once every alert of its incident resolved, or only SLO burn-rate alerts
     * whose service's symptoms have since resolved are left firing (see assessQuiet), the quiet
     * period starts; it keeps its start when a lingering burn-rate alert resolves later.
     */
    async onAlertResolved(facts: AlertFacts): Promise<void> {
      if (!facts.incidentId) return;
      const row = await store.findById(facts.incidentId);
      if (!row || row.status === 'resolved') return;
      if (!facts.flapping) {
        await note(row.id, facts.at, 'alert-resolved', `${facts.rule} resolved`, {
          fingerprint: facts.fingerprint,
        });
      }
      if (facts.becameFlapping) await noteFlapping(store, row.id, facts);
      if (row.quiet_since !== null) return;
      if (assessQuiet(await deps.alerts.listByIncident(row.id)).quiet) {
        await store.update(row.id, { quiet_since: facts.at.toISOString() });
      }
    },

    /** A held warning outlived the transient hold while firing: page its incident (once). */
    pageIfNeeded,

    /** Resolves incidents that stayed quiet for the quiet period. */
    async resolveQuiet(): Promise<number> {
      const now = deps.clock.now();
      const before = new Date(now.getTime() - settings.resolveQuietSeconds * 1000).toISOString();
      const due = await store.listQuietBefore(before);
      for (const row of due) await resolve(row, 'auto', now);
      return due.length;
    },

    async acknowledge(id: string, actor: string): Promise<Incident> {
      const row = await store.findById(id);
      if (!row) throw new NotFoundError(`incident "${id}" does not exist`);
      if (row.status === 'resolved')
        throw new ConflictError(`incident "${id}" is resolved; it cannot be acknowledged`);
      if (row.status === 'open') {
        const now = deps.clock.now();
        await store.update(id, {
          status: 'acknowledged',
          acknowledged_at: now.toISOString(),
          acknowledged_by: actor,
        });
        await note(id, now, 'acknowledged', `Acknowledged by ${actor}`, { by: actor });
      }
      return this.get(id);
    },

    async resolve(id: string, actor: string): Promise<Incident> {
      const row = await store.findById(id);
      if (!row) throw new NotFoundError(`incident "${id}" does not exist`);
      if (row.status !== 'resolved') await resolve(row, actor, deps.clock.now());
      return this.get(id);
    },

    async get(id: string): Promise<Incident> {
      const row = await store.findById(id);
      if (!row) throw new NotFoundError(`incident "${id}" does not exist`);
      const [alerts, runs, timeline] = await Promise.all([
        deps.alerts.listByIncident(id),
        deps.runs?.listByIncident(id) ?? [],
        store.timeline(id),
      ]);
      return {
        ...summary(row),
        alerts,
        runs,
        timeline: timeline.map((entry) => ({
          at: entry.at,
          kind: entry.kind as TimelineKind, // written by note() from TIMELINE_KINDS only
          message: entry.message,
          details: JSON.parse(entry.details) as Record<string, unknown>, // written by appendTimeline as an object
        })),
        context: row.context ? (JSON.parse(row.context) as Record<string, unknown>) : null, // stored as an object
      };
    },

    /** A runbook step marked done, skipped, noted or "did not help" (the runbooks module). */
    async noteRunbook(id: string, message: string, details: Record<string, unknown>): Promise<void> {
      await note(id, deps.clock.now(), 'runbook', message, details);
    },

    /** Whether the incident exists (a run started from it names it). */
    async exists(id: string): Promise<boolean> {
      return (await store.findById(id)) !== undefined;
    },

    /**
     * A state change of a run started from the incident: a line on its timeline, and when the run
     * started or ended, an update linking the run to the channel the incident paged.
     */
    async noteRun(run: LinkedRunNote): Promise<void> {
      const row = await store.findById(run.incidentId);
      if (!row) return;
      await note(row.id, deps.clock.now(), 'action-run', run.text, {
        runId: run.runId,
        action: run.actionId,
        state: run.state,
        runUrl: run.runUrl,
      });
      if (run.announce && row.paged === 1) {
        notify(row, 'run', undefined, { id: run.runId, state: run.state, text: run.text, url: run.runUrl });
      }
    },

    /** Stores the context engine's latest answer; `GET /api/v1/incidents/:id` serves it. */
    async saveContext(id: string, context: Record<string, unknown>): Promise<void> {
      await store.update(id, { context: JSON.stringify(context) });
    },

    /**
     * Adds a `change` timeline entry per change not on the timeline yet (matched by
     * `details.changeId`), so recomputing the context never duplicates them.
     */
    async noteChanges(
      id: string,
      changes: ReadonlyArray<{
        changeId: string;
        at: string;
        message: string;
        details: Record<string, unknown>;
      }>,
    ): Promise<number> {
      const known = new Set(
        (await store.timeline(id))
          .filter((entry) => entry.kind === 'change')
          .map((entry) => (JSON.parse(entry.details) as { changeId?: unknown }).changeId), // written below as an object
      );
      const fresh = changes.filter((change) => !known.has(change.changeId));
      for (const change of fresh) {
        await note(id, new Date(change.at), 'change', change.message, {
          ...change.details,
          changeId: change.changeId,
        });
      }
      return fresh.length;
    },

    async list(status: IncidentStatus | undefined, limit: number): Promise<IncidentSummary[]> {
      return (await store.list(status, limit)).map(summary);
    },

    /** How incidents ended, for noise analytics. */
    async outcomes(ids: readonly string[]): Promise<IncidentOutcome[]> {
      return (await store.listByIds(ids)).map(outcome);
    },

    /** Incidents started in [from, to), any status: the earlier incidents an incident context leaves out of its baseline. */
    async startedBetween(from: string, to: string): Promise<IncidentSummary[]> {
      return (await store.listStartedBetween(from, to)).map(summary);
    },

    /** Incidents started in [from, to) that paged, for noise analytics. */
    async pagedBetween(from: string, to: string): Promise<IncidentOutcome[]> {
      return (await store.listStartedBetween(from, to)).filter((row) => row.paged === 1).map(outcome);
    },

    /** Waits for notifications in flight (shutdown, tests). */
    async drain(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;

/** An incident's title from an alert: its summary annotation, else the rule and service. */
function alertTitle(facts: Pick<AlertFacts, 'annotations' | 'rule' | 'service'>): string {
  return facts.annotations.summary ?? `${facts.rule}${facts.service ? ` on ${facts.service}` : ''}`;
}
