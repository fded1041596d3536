/**
 * Starting and deciding runs: every guardrail is checked here before a row exists (who may run,
 * the inputs' JSON Schema, the input rules, freezes, the policy guardrail, one run per service),
 * and approvals, declines, cancels and reports move the row with a conditional update. Execution
 * is the worker's (run-worker.ts).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Principal } from '../auth/index.ts';
import type { Actor, Decision, Resource } from '../identity/index.ts';
import {
  type ActionRunRequest,
  checkActionInputs,
  type PolicyResult,
  type PolicySet,
} from '../policy/index.ts';
import {
  ACTIVE_STATES,
  type ActionDefinition,
  type Run,
  type RunQuery,
  type RunReport,
  type StartRun,
} from './contract.ts';
import {
  activeFreeze,
  approvalRequired,
  celActivation,
  failingRules,
  mayApprove,
  mayCancel,
  mayRun,
} from './guardrails.ts';
import type { RunIncidentLink } from './run-incident-link.ts';
import { presentRun } from './run-presenter.ts';
import type { RunWorker } from './run-worker.ts';
import type { RunRow, RunStore } from './runs.store.ts';

type ServiceResource = Extract<Resource, { kind: 'service' }>;

export interface RunServiceDeps {
  store: RunStore;
  action: (id: string) => ActionDefinition | undefined;
  identity: {
    actorFor(principal: Principal): Promise<Actor>;
    serviceResource(name: string): Promise<ServiceResource>;
  };
  /** Whether the catalog (or telemetry) knows the service. */
  serviceExists: (name: string) => Promise<boolean>;
  policies: () => PolicySet;
  /** Where the guardrail's policy results go (the policy module keeps violations), if anywhere. */
  policyResults?: (request: ActionRunRequest, results: PolicyResult[], principal: Principal) => void;
  worker: Pick<RunWorker, 'execute' | 'abortLocal'>;
  /** Incidents a run may be started from, and where a linked run's changes are noted. */
  incidents: Pick<RunIncidentLink, 'exists' | 'changed'>;
  clock: Clock;
}

export function createRunService(deps: RunServiceDeps) {
  const { store, clock } = deps;
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true });
  const validators = new Map<string, ValidateFunction>();

  function actionOf(id: string): ActionDefinition {
    const action = deps.action(id);
    if (!action) throw new NotFoundError(`no action "${id}"`);
    return action;
  }

  async function runRow(id: string): Promise<RunRow> {
    const row = await store.findById(id);
    if (!row) throw new NotFoundError(`no run "${id}"`);
    return row;
  }

  async function targetOf(
    action: ActionDefinition,
    service: string | undefined,
  ): Promise<ServiceResource | null> {
    if (action.target === 'none') {
      if (service !== undefined)
        throw new InputError(`body.service: ${action.id} has no target service`, 'body.service');
      return null;
    }
    if (service === undefined)
      throw new InputError(`body.service: ${action.id} needs a service`, 'body.service');
    if (!(await deps.serviceExists(service))) {
      throw new InputError(`body.service: "${service}" is not a service Cairn knows`, 'body.service');
    }
    return deps.identity.serviceResource(service);
  }

  /** Validates (and fills defaults into) `inputs` with the action's JSON Schema. */
  function validInputs(action: ActionDefinition, raw: Record<string, unknown>): Record<string, unknown> {
    let validate = validators.get(action.id);
    if (!validate) {
      validate = ajv.compile(action.inputs);
      validators.set(action.id, validate);
    }
    const inputs = structuredClone(raw);
    if (!validate(inputs)) {
      const errors = validate.errors ?? [];
      const first = errors[0];
      const field = (error: (typeof errors)[number]) =>
        `body.inputs${error.instancePath.replaceAll('/', '.')}${
          error.keyword === 'required' ? `.${String(error.params.missingProperty)}` : ''
        }`;
      const message = errors.map((error) => `${field(error)}: ${error.message ?? 'is not valid'}`).join('; ');
      throw new InputError(message, first ? field(first) : 'body.inputs');
    }
    return inputs;
  }

  async function incidentOf(incidentId: string | undefined): Promise<string | null> {
    if (incidentId === undefined) return null;
    if (!(await deps.incidents.exists(incidentId))) {
      throw new InputError(`body.incidentId: no incident "${incidentId}"`, 'body.incidentId');
    }
    return incidentId;
  }

  function allow(decision: Decision): void {
    if (!decision.allowed) throw new NotAllowedError(decision.reason ?? 'not allowed');
  }

  return {
    /** Checks every guardrail and creates the run: waiting for approval, or queued and handed to the worker. */
    async start(principal: Principal, actionId: string, request: StartRun): Promise<Run> {
      const action = actionOf(actionId);
      const service = await targetOf(action, request.service);
      const incidentId = await incidentOf(request.incidentId);
      const actor = await deps.identity.actorFor(principal);
      allow(mayRun(actor, action, service));
      const inputs = validInputs(action, request.inputs);
      const environment = typeof inputs.environment === 'string' ? inputs.environment : null;
      const activation = celActivation(inputs, service, environment, actor);
      const broken = failingRules(action, activation);
      if (broken.length > 0) throw new InputError(`body.inputs: ${broken.join('; ')}`, 'body.inputs');
      const now = clock.now();
      const freeze = activeFreeze(action.guardrails.freeze, environment, now);
      if (freeze) {
        const until =
          'end' in freeze
            ? ` until ${freeze.end}`
            : ` (${freeze.days.join(', ')} ${freeze.startTime}–${freeze.endTime} UTC)`;
        throw new ConflictError(`change freeze: ${freeze.reason}${until}; ${action.id} cannot run now`);
      }
      const policyRequest: ActionRunRequest = {
        action: action.id,
        service: service?.name ?? '',
        ...(environment === null ? {} : { environment }),
        inputs,
      };
      const guardrail = checkActionInputs(deps.policies(), policyRequest);
      deps.policyResults?.(policyRequest, guardrail.results, principal);
      if (!guardrail.allowed) throw new NotAllowedError(`policy: ${guardrail.denied.join('; ')}`);
      const needsApproval = approvalRequired(action, activation);
      const row: RunRow = {
        // Never starting with '-', so `cairn action logs <id>` is not read as an option.
        id: `r${newId()}`,
        action_id: action.id,
        action_title: action.title,
        service: service?.name ?? null,
        environment,
        active_service: service && action.guardrails.oneRunPerService ? service.name : null,
        inputs: JSON.stringify(inputs),
        state: needsApproval ? 'waiting_for_approval' : 'queued',
        requested_by_id: principal.actorId,
        requested_by_name: principal.name,
        requested_by_user_id: principal.userId,
        approval_required: needsApproval ? 1 : 0,
        decided_by_id: null,
        decided_by_name: null,
        decision_comment: null,
        decided_at: null,
        warnings: JSON.stringify(guardrail.warnings),
        links: '[]',
        message: null,
        change_id: null,
        timeout_seconds: action.guardrails.timeoutSeconds,
        claimed_by: null,
        cancel_requested: 0,
        report: null,
        created_at: now.toISOString(),
        started_at: null,
        deadline_at: null,
        finished_at: null,
        incident_id: incidentId,
      };
      if (!(await store.insert(row))) {
        const active = service ? await store.activeForService(service.name) : undefined;
        throw new ConflictError(
          `${service?.name} has a run in progress (one at a time per service): ${
            active ? `run ${active.id} of ${active.action_id}, ${active.state}` : 'it just ended; try again'
          }`,
        );
      }
      // Noted before the worker may move it, so the incident's timeline reads in order.
      await deps.incidents.changed(row);
      if (!needsApproval) void deps.worker.execute(row.id);
      return presentRun(row);
    },

    /** Approves a waiting run; the worker executes it. */
    async approve(principal: Principal, runId: string, comment: string): Promise<Run> {
      return decide(principal, runId, comment, 'queued');
    },

    async decline(principal: Principal, runId: string, comment: string): Promise<Run> {
      return decide(principal, runId, comment, 'declined');
    },

    /** Cancels a run that has not ended: at once when not yet running, else through its AbortSignal. */
    async cancel(principal: Principal, runId: string): Promise<Run> {
      const row = await runRow(runId);
      const action = actionOf(row.action_id);
      const actor = await deps.identity.actorFor(principal);
      const service = row.service ? await deps.identity.serviceResource(row.service) : null;
      allow(mayCancel(actor, principal.actorId, action, service, row.requested_by_id));
      const now = clock.now().toISOString();
      const message = `cancelled by ${principal.name}`;
      if (
        await store.transition(runId, ['queued', 'waiting_for_approval'], 'cancelled', {
          message,
          finished_at: now,
        })
      ) {
        const cancelled = await runRow(runId);
        await deps.incidents.changed(cancelled);
        return presentRun(cancelled);
      }
      const current = await runRow(runId);
      if (current.state !== 'running') throw new ConflictError(`run ${runId} has ended (${current.state})`);
      await store.requestCancel(runId);
      deps.worker.abortLocal(runId);
      return presentRun(await runRow(runId));
    },

    /** An automation's report (webhook executor): log lines, links, and at the end its outcome. */
    async report(runId: string, report: RunReport): Promise<Run> {
      const row = await runRow(runId);
      if (!(ACTIVE_STATES as readonly string[]).includes(row.state)) {
        throw new ConflictError(`run ${runId} has ended (${row.state}); the report is not taken`);
      }
      await store.appendLog(runId, report.logs, clock.now().toISOString());
      if (report.links.length > 0) {
        const links = [...(JSON.parse(row.links) as Run['links']), ...report.links]; // JSON of RunLink[]
        await store.setLinks(runId, JSON.stringify(links));
      }
      if (report.status !== 'running') await store.setReport(runId, JSON.stringify(report));
      return presentRun(await runRow(runId));
    },

    async get(runId: string) {
      const row = await runRow(runId);
      return { ...presentRun(row), log: await store.logsAfter(runId, 0, 10_000) };
    },

    async list(query: RunQuery): Promise<Run[]> {
      return (await store.list(query)).map(presentRun);
    },

    /** For the log stream: the run (to know when it ended) and the lines after `afterSeq`. */
    async logsAfter(runId: string, afterSeq: number) {
      const row = await runRow(runId);
      return { run: presentRun(row), lines: await store.logsAfter(runId, afterSeq) };
    },
  };

  async function decide(
    principal: Principal,
    runId: string,
    comment: string,
    to: 'queued' | 'declined',
  ): Promise<Run> {
    const row = await runRow(runId);
    if (row.state !== 'waiting_for_approval') {
      throw new ConflictError(`run ${runId} is ${row.state}, not waiting for approval`);
    }
    const action = actionOf(row.action_id);
    const actor = await deps.identity.actorFor(principal);
    const service = row.service ? await deps.identity.serviceResource(row.service) : null;
    allow(
      mayApprove(actor, principal.actorId, action, service, {
        id: row.requested_by_id,
        userId: row.requested_by_user_id,
      }),
    );
    const now = clock.now().toISOString();
    const moved = await store.transition(runId, ['waiting_for_approval'], to, {
      decided_by_id: principal.actorId,
      decided_by_name: principal.name,
      decision_comment: comment,
      decided_at: now,
      ...(to === 'declined'
        ? { finished_at: now, message: `declined by ${principal.name}${comment ? `: ${comment}` : ''}` }
        : {}),
    });
    if (!moved) throw new ConflictError(`run ${runId} was decided or cancelled by someone else just now`);
    const decided = await runRow(runId);
    await deps.incidents.changed(decided);
    if (to === 'queued') void deps.worker.execute(runId);
    return presentRun(decided);
  }
}

export type RunService = ReturnType<typeof createRunService>;
