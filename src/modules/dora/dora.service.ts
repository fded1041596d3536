import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import type { Change } from '../changes/index.ts';
import type { IncidentRow } from '../incidents/index.ts';
import { computeDora } from './compute-dora.ts';
import type { DoraQuery, DoraReport } from './contract.ts';
import { DAY_MS, type Deployment, type DoraIncident } from './model.ts';
import { commitTimesFromPushes } from './push-commits.ts';

/** What the DORA report reads: changes, incidents with their context, and the catalog's owners. */
export interface DoraSources {
  /** Changes that took effect in [from, to), any kind and status but pushes. */
  changes(from: string, to: string): Promise<Change[]>;
  /** Pushes (commits reaching a branch) in [from, to): lead time of deployments without commits. */
  pushes(from: string, to: string): Promise<Change[]>;
  /** Incidents started in [from, to), with their stored context. */
  incidents(from: string, to: string): Promise<IncidentRow[]>;
  /** Every catalog service's owning team and system. */
  services(): Promise<Array<{ name: string; owner: string | null; system: string | null }>>;
}

export interface DoraServiceDeps {
  sources: DoraSources;
  clock: Clock;
  /** Environments whose deployments count (`dora.productionEnvironments`). */
  environments: readonly string[];
  /** A context's top suspect at least this score is confident (the context engine's threshold). */
  confidentScore: number;
}

const DEFAULT_WINDOW_MS = 30 * DAY_MS;
/** How far before the previous window deployments and incidents are read: previous versions, open incidents. */
const LOOK_BEHIND_MS = 7 * DAY_MS;
/** How far before that pushes are read: the commits a deployment ships may be older than its predecessor. */
const PUSH_LOOK_BEHIND_MS = 30 * DAY_MS;

/** The DORA report: reads the history around the window and hands it to the pure metrics. */
export function createDoraService({ sources, clock, environments, confidentScore }: DoraServiceDeps) {
  return {
    async report(query: DoraQuery): Promise<DoraReport> {
      if (query.scope !== 'org' && query.name === undefined) {
        throw new InputError(`query.name: required for scope ${query.scope}`, 'query.name');
      }
      const nowMs = clock.now().getTime();
      const toMs = query.to ? Date.parse(query.to) : nowMs;
      const fromMs = query.from ? Date.parse(query.from) : toMs - DEFAULT_WINDOW_MS;
      if (fromMs >= toMs) {
        throw new InputError(
          `query.from: ${new Date(fromMs).toISOString()} is not before to ${new Date(toMs).toISOString()}`,
          'query.from',
        );
      }
      const readFrom = new Date(2 * fromMs - toMs - LOOK_BEHIND_MS).toISOString();
      // Evidence (a rollback, a hotfix) may come up to a day after the window.
      const readTo = new Date(toMs + DAY_MS).toISOString();
      const pushesFrom = new Date(Date.parse(readFrom) - PUSH_LOOK_BEHIND_MS).toISOString();
      const [changes, pushes, incidentRows, services] = await Promise.all([
        sources.changes(readFrom, readTo),
        sources.pushes(pushesFrom, readTo),
        sources.incidents(readFrom, readTo),
        query.scope === 'team' || query.scope === 'system' ? sources.services() : Promise.resolve([]),
      ]);
      const deploymentChanges = changes.filter((change) => isDeployment(change, environments));
      const pushedCommits = commitTimesFromPushes(deploymentChanges, pushes);
      const deployments = deploymentChanges.map((change) =>
        toDeployment(change, pushedCommits.get(change.id) ?? []),
      );
      const incidents = incidentRows.map((row) => toDoraIncident(row, confidentScore));
      const metrics = computeDora(deployments, incidents, { fromMs, toMs }, scopeFilter(query, services));
      return {
        scope: query.scope,
        name: query.scope === 'org' ? null : (query.name ?? null),
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        environments: [...environments],
        ...metrics,
      };
    },
  };
}

export type DoraService = ReturnType<typeof createDoraService>;

function scopeFilter(
  query: DoraQuery,
  services: Array<{ name: string; owner: string | null; system: string | null }>,
): (deployment: Deployment) => boolean {
  if (query.scope === 'org') return () => true;
  if (query.scope === 'service') return (d) => d.service === query.name;
  const key = query.scope === 'team' ? 'owner' : 'system';
  const names = new Set(services.filter((s) => s[key] === query.name).map((s) => s.name));
  return (d) => names.has(d.service);
}

/** A deployment is a succeeded deploy or rollback of a known service in a production environment. */
function isDeployment(change: Change, environments: readonly string[]): boolean {
  return (
    change.status === 'succeeded' &&
    change.service !== null &&
    (change.kind === 'deploy' || change.kind === 'rollback') &&
    environments.includes(change.environment)
  );
}

/** Commit times come from the deployment's own `commits`, else from the pushes it shipped. */
function toDeployment(change: Change, pushedCommitTimesMs: number[]): Deployment {
  const own = change.commits.flatMap((commit) => (commit.at ? [Date.parse(commit.at)] : []));
  return {
    id: change.id,
    // isDeployment checked both.
    service: change.service as string,
    kind: change.kind as Deployment['kind'],
    version: change.version,
    previousVersion: change.previousVersion,
    atMs: Date.parse(change.at),
    commitTimesMs: change.commits.length > 0 ? own : pushedCommitTimesMs,
  };
}

/** The stored context's first suspect, when its score reaches the confident threshold. */
function toDoraIncident(row: IncidentRow, confidentScore: number): DoraIncident {
  return {
    id: row.id,
    title: row.title,
    // Written by the incident store as a JSON array of service names.
    services: JSON.parse(row.services) as string[],
    startedAtMs: Date.parse(row.started_at),
    resolvedAtMs: row.resolved_at ? Date.parse(row.resolved_at) : null,
    confidentSuspect: topSuspect(row.context, confidentScore),
  };
}

function topSuspect(context: string | null, confidentScore: number): DoraIncident['confidentSuspect'] {
  if (context === null) return null;
  const parsed: unknown = JSON.parse(context);
  const suspects = (parsed as { suspects?: Array<{ change?: { id?: unknown }; score?: unknown }> }).suspects;
  const top = Array.isArray(suspects) ? suspects[0] : undefined;
  if (!top || typeof top.score !== 'number' || typeof top.change?.id !== 'string') return null;
  return top.score >= confidentScore ? { changeId: top.change.id, score: top.score } : null;
}
