/**
 * Argo CD: sync an application (optionally to a revision, with prune) or roll it back to an entry
 * of its deployment history, then wait until Argo CD reports the operation finished and the
 * application Healthy (and Synced, for a sync). Argo CD refuses a rollback while auto-sync is on —
 * the controller would sync straight back to Git — so the executor checks first and says how to
 * roll back the GitOps way instead.
 */
import { type ActionExecutor, type ExecutionContext, ExecutorError } from '../../executor.ts';
import { type Environment, requireSecret } from '../shared/secrets.ts';
import { toInteger } from '../shared/settings.ts';
import type { FetchFunction } from '../shared/tool-http.ts';
import { pollUntil } from '../shared/waiting.ts';
import { type ArgoApplication, type ArgoCdClient, createArgoCdClient, isAutoSyncOn } from './argocd.api.ts';
import { type ArgoCdSettings, ArgoCdSettingsSchema } from './argocd.settings.ts';

export interface ArgoCdExecutorDeps {
  env?: Environment;
  fetch?: FetchFunction;
}

type Context = ExecutionContext<ArgoCdSettings>;

const FAILED_PHASES = new Set(['Failed', 'Error']);
const UNKNOWN_REVISION = '(unknown)';

export function createArgoCdExecutor(
  deps: ArgoCdExecutorDeps = {},
): ActionExecutor<typeof ArgoCdSettingsSchema> {
  const env = deps.env ?? process.env;
  return {
    kind: 'argocd',
    settingsSchema: ArgoCdSettingsSchema,
    async execute(context) {
      const { settings } = context;
      const client = createArgoCdClient({
        server: settings.server,
        token: requireSecret(env, settings.tokenEnv, `calling Argo CD at ${settings.server}`),
        appNamespace: settings.appNamespace,
        project: settings.project,
        fetch: deps.fetch,
      });
      const name = settings.application;
      context.link({ title: `Argo CD application ${name}`, url: applicationUrl(settings) });
      const before = await client.getApplication(name, context.signal);
      const previousOperationStart = before.status?.operationState?.startedAt;

      let summary: string;
      /** The revision a rollback returns to; a sync's is known once Argo CD has done it. */
      let revision: string | undefined;
      if (settings.operation === 'sync') {
        const target = settings.revision ? ` to ${settings.revision}` : '';
        context.log(`Asking Argo CD to sync ${name}${target}${settings.prune ? ' with prune' : ''}`);
        await client.sync(
          name,
          { ...(settings.revision ? { revision: settings.revision } : {}), prune: settings.prune },
          context.signal,
        );
        summary = `synced ${name}${target}`;
      } else {
        if (isAutoSyncOn(before)) {
          throw new ExecutorError(
            `Argo CD refuses to roll back ${name} while auto-sync is on (spec.syncPolicy.automated): the controller would sync it straight back to Git. ` +
              'Roll back the GitOps way instead — an action with executor kind "gitops" that sets the previous version in the deployment repository — or turn auto-sync off for this application first.',
          );
        }
        const entry = chooseHistoryEntry(before, settings);
        context.log(
          `Asking Argo CD to roll back ${name} to history id ${entry.id} (revision ${entry.revision})`,
        );
        await client.rollback(name, { id: entry.id, prune: settings.prune }, context.signal);
        summary = `rolled back ${name} to history id ${entry.id} (revision ${entry.revision})`;
        if (entry.revision !== UNKNOWN_REVISION) revision = entry.revision;
      }
      if (!settings.wait) {
        context.log('Not waiting for the result (wait: false)');
      } else {
        revision = (await waitForResult(context, client, previousOperationStart)) ?? revision;
      }
      const change = {
        summary,
        ...(settings.version ? { version: settings.version } : {}),
        ...(revision ? { revision } : {}),
      };
      return { outcome: 'succeeded', message: `Argo CD ${summary}`, change };
    },
  };
}

function applicationUrl(settings: ArgoCdSettings): string {
  const namespace = settings.appNamespace ? `${encodeURIComponent(settings.appNamespace)}/` : '';
  return `${settings.server}/applications/${namespace}${encodeURIComponent(settings.application)}`;
}

/** The history entry to return to: an id, "previous" (the one before the current), or a revision. */
function chooseHistoryEntry(
  application: ArgoApplication,
  settings: ArgoCdSettings,
): { id: number; revision: string } {
  const history = (application.status?.history ?? [])
    .map((entry) => ({ id: Number(entry.id), revision: entry.revision ?? UNKNOWN_REVISION }))
    .filter((entry) => Number.isInteger(entry.id))
    .sort((a, b) => a.id - b.id);
  const name = settings.application;
  const known = history.map((entry) => `${entry.id} (${entry.revision.slice(0, 12)})`).join(', ') || 'none';
  if (settings.historyId === 'previous') {
    const previous = history.at(-2);
    if (!previous)
      throw new ExecutorError(
        `${name} has no earlier deployment in Argo CD's history to roll back to (history: ${known})`,
      );
    return previous;
  }
  if (settings.historyId !== undefined) {
    const id = toInteger(settings.historyId, 'historyId');
    const entry = history.find((candidate) => candidate.id === id);
    if (!entry) throw new ExecutorError(`${name} has no history id ${id} in Argo CD (history: ${known})`);
    return entry;
  }
  const revision = settings.revision ?? '';
  const matching = history.filter(
    (entry) => entry.revision === revision || entry.revision.startsWith(revision),
  );
  const entry = matching.at(-1);
  if (!entry)
    throw new ExecutorError(
      `${name} has never been deployed at revision ${revision} in Argo CD's history (history: ${known})`,
    );
  return entry;
}

/**
 * Waits for the operation this run started (a `startedAt` different from the one before) to
 * finish, then for the application to be Healthy — and Synced after a sync. A rollback leaves the
 * application OutOfSync with Git on purpose, so Synced is not asked of it. Resolves with the
 * revision the operation synced, when Argo CD says it.
 */
async function waitForResult(
  context: Context,
  client: ArgoCdClient,
  previousOperationStart: string | undefined,
): Promise<string | undefined> {
  const { settings } = context;
  const name = settings.application;
  const wantSynced = settings.operation === 'sync';
  let last = '';
  let operationLogged = false;
  const done = await pollUntil(
    async () => {
      const application = await client.getApplication(name, context.signal);
      const operation = application.status?.operationState;
      const ours = operation !== undefined && operation.startedAt !== previousOperationStart;
      const sync = application.status?.sync?.status ?? 'Unknown';
      const health = application.status?.health?.status ?? 'Unknown';
      const state = `operation ${ours ? (operation?.phase ?? 'Unknown') : 'not started'}, sync ${sync}, health ${health}`;
      if (state !== last) {
        context.log(`${name}: ${state}`);
        last = state;
      }
      if (!ours) return undefined;
      if (FAILED_PHASES.has(operation?.phase ?? '')) {
        throw new ExecutorError(
          `Argo CD's ${settings.operation} of ${name} ended ${operation?.phase}: "${operation?.message ?? ''}"`,
        );
      }
      if (operation?.phase !== 'Succeeded') return undefined;
      if (!operationLogged) {
        context.log(`Argo CD: ${operation.message ?? 'operation succeeded'}`);
        operationLogged = true;
      }
      if (wantSynced && sync !== 'Synced') return undefined;
      return health === 'Healthy' ? { revision: operation.syncResult?.revision } : undefined;
    },
    {
      intervalMs: settings.pollIntervalMs,
      timeoutMs: settings.waitTimeoutMs,
      signal: context.signal,
      waitingFor: `Argo CD application ${name} to be ${wantSynced ? 'Synced and Healthy' : 'rolled back and Healthy'}`,
      describeLast: () => last,
    },
  );
  return done.revision;
}
