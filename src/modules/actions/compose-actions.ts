/**
 * The actions module wired: definitions (the last good of each config source, or read once from
 * `actions.dir`), the executor registry, the runs service, the worker every replica runs, and the routes. compose.ts calls
 * this with what other modules provide.
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { Principal } from '../auth/index.ts';
import type { ChangeService } from '../changes/index.ts';
import type { Actor, Resource } from '../identity/index.ts';
import type { ActionRunRequest, PolicyResult, PolicySet } from '../policy/index.ts';
import { type ActionSet, readActionDirectory } from './action-files.ts';
import { actionRoutes } from './actions.routes.ts';
import { createActionService } from './actions.service.ts';
import type { ExecutorRegistry } from './executor.ts';
import { createExecutorRegistry } from './executor-registry.ts';
import {
  createRunIncidentLink,
  type IncidentLinkTarget,
  type LinkedRun,
  presentLinkedRun,
} from './run-incident-link.ts';
import { createRunWorker } from './run-worker.ts';
import { createRunService } from './runs.service.ts';
import { createRunStore } from './runs.store.ts';

/** The example actions Cairn ships, used when `actions.dir` is not set. */
export const EXAMPLE_ACTIONS_DIR = fileURLToPath(new URL('../../../examples/actions', import.meta.url));

/** An incident lists at most this many runs (the newest); the runs API pages through all. */
const MAX_RUNS_PER_INCIDENT = 100;

export interface ActionsSettings {
  dir?: string | undefined;
  environments: readonly string[];
  webhook: { signingSecret?: string | undefined };
  pollIntervalMs: number;
}

export interface ComposeActionsDeps {
  db: Kysely<StateDatabase>;
  settings: ActionsSettings;
  /**
   * The definitions the config reconciler applied (it reads them with `executors`, returned
   * below); without it `settings.dir` is read once at start.
   */
  definitions?: () => ActionSet;
  publicUrl: () => string;
  policies: () => PolicySet;
  /** Keeps the policy guardrail's results (the policy module's violations). */
  policyResults?: (request: ActionRunRequest, results: PolicyResult[], principal: Principal) => void;
  audit: Pick<AuditService, 'record'>;
  changes: Pick<ChangeService, 'record' | 'recentForService'>;
  serviceNames: () => Promise<string[]>;
  identity: {
    actorFor(principal: Principal): Promise<Actor>;
    serviceResource(name: string): Promise<Extract<Resource, { kind: 'service' }>>;
    findUser(id: string): Promise<{ email: string | null } | undefined>;
  };
  clock: Clock;
  logger: Logger;
  /** Tests add executors for tools that cannot run here; production uses the registry as built. */
  extraExecutors?: ExecutorRegistry;
  /** Names this replica in the runs it claims. */
  replicaId?: string;
  /** Incidents runs may be started from; without it, a run naming an incident is refused. */
  incidents?: IncidentLinkTarget;
}

export function composeActions(deps: ComposeActionsDeps) {
  const executors: ExecutorRegistry = {
    ...createExecutorRegistry({
      signingSecret: deps.settings.webhook.signingSecret,
      publicUrl: deps.publicUrl,
    }),
    ...deps.extraExecutors,
  };
  let definitions = deps.definitions;
  if (!definitions) {
    const read: ActionSet = readActionDirectory(deps.settings.dir ?? EXAMPLE_ACTIONS_DIR, executors);
    for (const problem of read.problems) {
      deps.logger.warn({ file: problem.file, line: problem.line }, `action definition: ${problem.message}`);
    }
    definitions = () => read;
  }
  const actions = createActionService({
    definitions,
    serviceNames: deps.serviceNames,
    recentChanges: (service, limit) => deps.changes.recentForService(service, limit),
    knownEnvironments: deps.settings.environments,
    identity: deps.identity,
  });
  const store = createRunStore(deps.db);
  const incidentLink = createRunIncidentLink({
    incidents: deps.incidents,
    publicUrl: deps.publicUrl,
    logger: deps.logger,
  });
  const worker = createRunWorker({
    store,
    action: actions.find,
    executors,
    audit: deps.audit,
    changes: deps.changes,
    emailOf: async (userId) => (await deps.identity.findUser(userId))?.email ?? null,
    incidents: incidentLink,
    replicaId: deps.replicaId ?? `${hostname()}:${process.pid}:${newId(4)}`,
    clock: deps.clock,
    logger: deps.logger,
    pollIntervalMs: deps.settings.pollIntervalMs,
  });
  const runs = createRunService({
    store,
    action: actions.find,
    identity: deps.identity,
    serviceExists: async (name) => (await deps.serviceNames()).includes(name),
    policies: deps.policies,
    ...(deps.policyResults ? { policyResults: deps.policyResults } : {}),
    worker,
    incidents: incidentLink,
    clock: deps.clock,
  });
  const routes: RouteDefinition[] = actionRoutes({
    actions,
    runs,
    signingSecret: deps.settings.webhook.signingSecret,
    now: () => deps.clock.now().getTime(),
    pollIntervalMs: Math.min(deps.settings.pollIntervalMs, 500),
  });
  /** The runs started from an incident, oldest first, for the incident's API answer. */
  const incidentRuns = async (incidentId: string): Promise<LinkedRun[]> =>
    (await store.list({ incident: incidentId, limit: MAX_RUNS_PER_INCIDENT }))
      .map((row) => presentLinkedRun(row, deps.publicUrl()))
      .reverse();
  return { actions, runs, worker, routes, definitions, executors, incidentRuns };
}

export type ActionsRuntime = ReturnType<typeof composeActions>;
