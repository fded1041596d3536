/**
 * The demo's Argo CD: one auto-synced application per shop service, each tracking its values file
 * on the deployment repository's `main`. When `main` moves and a service's file changed, the
 * application goes OutOfSync and a sync operation rolls out the tag the file names (the shop's
 * instance is replaced), then reports Synced and Healthy — and, for applications subscribed to
 * Cairn, sends the notifications Argo CD's webhook service would.
 */
import type { DeploymentRepository } from './deployment-repository.ts';
import { readImageTag, valuesPath } from './values-file.ts';

export type SyncStatus = 'Synced' | 'OutOfSync';
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded';

export interface HistoryEntry {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt: string;
}

export interface Operation {
  phase: 'Running' | 'Succeeded' | 'Failed';
  message: string;
  startedAt: string;
  finishedAt?: string;
  revision: string;
  /** The tag the revision's values file names (undefined when it names none). */
  tag: string | undefined;
  /** Who asked: a person through the API, or the automated sync policy. */
  initiatedBy: { username: string } | { automated: true };
}

export interface ApplicationState {
  name: string;
  image: string;
  /** Subscribed to Cairn's webhook (the `notifications.argoproj.io/subscribe.*` annotations). */
  notify: boolean;
  sync: SyncStatus;
  /** The revision last synced. */
  revision: string;
  /** The tag running, from the values file at `revision`. */
  tag: string;
  health: HealthStatus;
  history: HistoryEntry[];
  operation?: Operation;
}

/** What a finished or started sync tells Cairn (the body of Cairn's notification template). */
export interface SyncReport {
  app: ApplicationState;
  phase: Operation['phase'];
}

export interface ArgoCdController {
  readonly repository: DeploymentRepository;
  applications(): readonly ApplicationState[];
  application(name: string): ApplicationState | undefined;
  /** The tag each application runs now. */
  tagOf(name: string): string | undefined;
  /**
   * Starts a sync of one application to `revision` (default: `main`'s tip) and returns once it is
   * running; the rollout continues in the background. Refused while another operation runs.
   */
  sync(name: string, request: { revision?: string; username: string }): Promise<ApplicationState>;
  /**
   * Compares `main` with what is synced now and starts syncing what changed (a refresh, or a Git
   * webhook); resolves once those syncs are running.
   */
  refresh(): Promise<void>;
  /**
   * Resolves once `name` runs `tag`, Synced, or rejects when a sync that started meanwhile failed.
   * (By tag, not revision: other applications' commits may land before the sync and move it on.)
   */
  runs(name: string, tag: string): Promise<ApplicationState>;
  /** Resolves once every sync running now has ended and been reported. */
  settled(): Promise<void>;
  /** Starts rolling out: polls `main` every `refreshMs` until stopped. */
  start(hooks: ControllerHooks): void;
  stop(): Promise<void>;
}

export interface ControllerHooks {
  /** Replaces the service's instance with one running `tag` (what the Deployment rollout does). */
  rollOut(name: string, tag: string): Promise<void>;
  /** Called when an operation starts and ends. */
  report(report: SyncReport): Promise<void>;
  refreshMs: number;
}

export class OperationInProgressError extends Error {}

export async function createArgoCdController(options: {
  repository: DeploymentRepository;
  applications: ReadonlyArray<{ name: string; image: string; notify: boolean }>;
  now?: () => Date;
}): Promise<ArgoCdController> {
  const { repository } = options;
  const now = options.now ?? (() => new Date());
  const head = await repository.head();
  const startedAt = now().toISOString();
  const apps = new Map<string, ApplicationState>();
  for (const app of options.applications) {
    const text = await repository.read(head, valuesPath(app.name));
    apps.set(app.name, {
      ...app,
      sync: 'Synced',
      revision: head,
      tag: (text && readImageTag(text)) ?? 'unknown',
      health: 'Healthy',
      // Argo CD ran before the demo did: the running state is history entry 0.
      history: [{ id: 0, revision: head, deployedAt: startedAt, deployStartedAt: startedAt }],
    });
  }
  let lastSeen = head;
  let hooks: ControllerHooks | undefined;
  let timer: NodeJS.Timeout | undefined;
  let refreshing: Promise<void> | undefined;
  const running = new Set<Promise<void>>();
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const wake of [...waiters]) wake();
  };

  const find = (name: string) => {
    const app = apps.get(name);
    if (!app) throw new Error(`no application ${name}`);
    return app;
  };

  /** Runs one sync operation to its end; the caller has already marked it Running. */
  const rollOut = async (app: ApplicationState, revision: string, tag: string | undefined) => {
    const operation = app.operation as Operation; // set Running by startOperation just before
    try {
      if (!hooks) throw new Error('the controller is not running');
      // Notifications go out beside the sync, as Argo CD's notification controller sends them.
      const started = hooks.report({ app, phase: 'Running' }).catch(() => undefined);
      running.add(started);
      void started.finally(() => running.delete(started));
      if (tag === undefined) {
        throw new Error(`${valuesPath(app.name)} at ${revision.slice(0, 7)} sets no image.tag`);
      }
      await hooks.rollOut(app.name, tag);
      const finishedAt = now().toISOString();
      operation.phase = 'Succeeded';
      operation.message = 'successfully synced (all tasks run)';
      operation.finishedAt = finishedAt;
      app.revision = revision;
      app.tag = tag;
      app.sync = 'Synced';
      app.health = 'Healthy';
      app.history.push({
        id: (app.history.at(-1)?.id ?? -1) + 1,
        revision,
        deployedAt: finishedAt,
        deployStartedAt: operation.startedAt,
      });
    } catch (error) {
      operation.phase = 'Failed';
      operation.message = error instanceof Error ? error.message : String(error);
      operation.finishedAt = now().toISOString();
      app.health = 'Degraded';
    }
    changed();
    await hooks?.report({ app, phase: operation.phase }).catch(() => undefined);
  };

  const startOperation = async (
    app: ApplicationState,
    revision: string,
    initiatedBy: Operation['initiatedBy'],
  ) => {
    if (app.operation?.phase === 'Running') {
      throw new OperationInProgressError('another operation is already in progress');
    }
    const text = await repository.read(revision, valuesPath(app.name));
    const tag = text === undefined ? undefined : readImageTag(text);
    app.operation = {
      phase: 'Running',
      message: 'rolling out',
      startedAt: now().toISOString(),
      revision,
      tag,
      initiatedBy,
    };
    app.sync = 'OutOfSync';
    app.health = 'Progressing';
    const done = rollOut(app, revision, tag);
    running.add(done);
    void done.finally(() => running.delete(done));
    // Wrapped: an async function returning the promise itself would wait for the whole rollout.
    return { done };
  };

  // Most applications sit at the same revision: list each revision's files once per refresh.
  const listed = new Map<string, Promise<Map<string, string>>>();
  const blobsAt = (revision: string) => {
    let blobs = listed.get(revision);
    if (!blobs) {
      blobs = repository.blobs(revision);
      listed.set(revision, blobs);
    }
    return blobs;
  };

  const refresh = async () => {
    listed.clear();
    const tip = await repository.head();
    if (tip === lastSeen) return;
    const after = await repository.blobs(tip);
    let busy = false;
    for (const app of apps.values()) {
      // Looked at again once its operation ends: the tip may have changed it once more.
      if (app.operation?.phase === 'Running') {
        busy = true;
        continue;
      }
      const file = valuesPath(app.name);
      const before = await blobsAt(app.revision);
      if (before.get(file) === after.get(file)) {
        // Nothing of this application changed: it is Synced at the new revision, no operation.
        app.revision = tip;
        continue;
      }
      // Applications sync side by side, as Argo CD's controller syncs them; nobody waits here.
      await startOperation(app, tip, { automated: true });
    }
    if (!busy) lastSeen = tip;
    changed();
  };

  const refreshOnce = () => {
    // One refresh at a time; a second caller waits for the one running and then looks again.
    const next = (refreshing ?? Promise.resolve()).then(refresh, refresh);
    refreshing = next.finally(() => {
      if (refreshing === next) refreshing = undefined;
    });
    return next;
  };

  return {
    repository,
    applications: () => [...apps.values()],
    application: (name) => apps.get(name),
    tagOf: (name) => apps.get(name)?.tag,
    sync: async (name, request) => {
      const app = find(name);
      const revision = request.revision ?? (await repository.head());
      // The operation is running when this returns; its end comes later, as in Argo CD.
      await startOperation(app, revision, { username: request.username });
      return app;
    },
    refresh: refreshOnce,
    runs: (name, tag) =>
      new Promise<ApplicationState>((resolve, reject) => {
        const app = find(name);
        const failedBefore = app.operation?.phase === 'Failed' ? app.operation : undefined;
        const check = () => {
          if (app.operation?.phase === 'Failed' && app.operation !== failedBefore) {
            waiters.delete(check);
            reject(new Error(`Argo CD's sync of ${name} failed: ${app.operation.message}`));
          } else if (app.tag === tag && app.sync === 'Synced' && app.operation?.phase !== 'Running') {
            waiters.delete(check);
            resolve(app);
          }
        };
        waiters.add(check);
        check();
      }),
    settled: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
    start: (given) => {
      hooks = given;
      const tick = () => {
        timer = setTimeout(async () => {
          await refreshOnce().catch(() => undefined);
          if (timer) tick();
        }, given.refreshMs);
      };
      tick();
    },
    stop: async () => {
      clearTimeout(timer);
      timer = undefined;
      await refreshing?.catch(() => undefined);
      await Promise.all([...running]);
    },
  };
}
