import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { NormalizedChange, ParseOutcome, ServiceTarget } from './change-parser.ts';
import type { ChangeRow, ChangeStore } from './changes.store.ts';
import type { Change, ChangeQuery, IntegrationResult, RecordChange } from './contract.ts';
import { enrichWithReport, isToolReport, linkable, reportsSameDeploy } from './deploy-link.ts';

/** Finds the Cairn service a change belongs to; the catalog implements it. */
export interface ServiceResolver {
  resolve(target: ServiceTarget): Promise<{ service: string | null; mapped: boolean }>;
}

export interface ChangeServiceDeps {
  store: ChangeStore;
  resolver: ServiceResolver;
  clock: Clock;
}

type Recorded = { outcome: 'recorded' | 'duplicate' | 'linked'; change: Change };

const DEFAULT_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

/** Recording changes from every source (one normalised shape) and listing them. */
export function createChangeService({ store, resolver, clock }: ChangeServiceDeps) {
  /**
   * Records a change once per (source, idempotency key). A deploy tool's report of a deploy Cairn
   * ran is `linked` instead: it enriches Cairn's change (see deploy-link.ts).
   */
  async function record(change: NormalizedChange): Promise<Recorded> {
    const { service, mapped } = await resolver.resolve(change.target);
    const recordedAt = clock.now().toISOString();
    const row: ChangeRow = {
      id: newId(),
      source: change.source,
      idempotency_key: change.idempotencyKey,
      service,
      mapped: mapped ? 1 : 0,
      source_ref: change.target.by === 'annotation' ? change.target.value : null,
      environment: change.environment,
      kind: change.kind,
      version: change.version,
      previous_version: change.previousVersion,
      revision: change.revision,
      commits: JSON.stringify(change.commits),
      author: change.author,
      status: change.status,
      started_at: change.startedAt,
      finished_at: change.finishedAt,
      at: change.finishedAt ?? change.startedAt ?? recordedAt,
      url: change.url,
      description: change.description,
      recorded_at: recordedAt,
    };
    if (linkable(row)) {
      const sameRevision = await store.listDeploysAtRevision(row.service, row.environment, row.revision);
      if (isToolReport(row)) {
        const own = sameRevision.find((candidate) => reportsSameDeploy(candidate, row));
        if (own) {
          const patch = enrichWithReport(own, row);
          await store.update(own.id, patch);
          return { outcome: 'linked', change: presentChange({ ...own, ...patch }) };
        }
      }
      if (row.source === 'cairn-action') return recordOwn(row, sameRevision);
    }
    const result = await store.insertOnce(row);
    return { outcome: result.inserted ? 'recorded' : 'duplicate', change: presentChange(result.row) };
  }

  /**
   * Cairn's own deploy, when the tool reported rolling it out first (an Argo CD rollback the run
   * waited for): the tool's change becomes part of Cairn's, so the deploy is one change either way.
   */
  async function recordOwn(row: ChangeRow, sameRevision: readonly ChangeRow[]): Promise<Recorded> {
    const reports = sameRevision.filter((candidate) => reportsSameDeploy(row, candidate));
    let enriched = row;
    for (const report of reports) enriched = { ...enriched, ...enrichWithReport(enriched, report) };
    const result = await store.insertOnce(enriched);
    if (!result.inserted) return { outcome: 'duplicate', change: presentChange(result.row) };
    for (const report of reports) await store.remove(report.id);
    return { outcome: 'recorded', change: presentChange(enriched) };
  }

  return {
    record,

    /** `POST /api/v1/changes` and `cairn change record`. */
    recordGeneric(input: RecordChange) {
      if (input.startedAt && input.finishedAt && input.finishedAt < input.startedAt) {
        throw new InputError(
          `body.finishedAt: ${input.finishedAt} is before startedAt ${input.startedAt}`,
          'body.finishedAt',
        );
      }
      return record({
        source: input.source,
        idempotencyKey: input.idempotencyKey ?? null,
        target: { by: 'name', name: input.service },
        environment: input.environment,
        kind: input.kind,
        version: input.version ?? null,
        previousVersion: input.previousVersion ?? null,
        revision: input.revision ?? null,
        commits: input.commits.map((commit) => ({
          sha: commit.sha,
          at: commit.at ?? null,
          message: commit.message ?? null,
          author: commit.author ?? null,
          ...(commit.parent ? { parent: commit.parent } : {}),
        })),
        author: input.author ?? null,
        status: input.status,
        startedAt: input.startedAt ?? null,
        finishedAt: input.finishedAt ?? null,
        url: input.url ?? null,
        description: input.description ?? null,
      });
    },

    /** Records what a webhook parser made of a delivery (or says why it did nothing). */
    async recordParsed(outcome: ParseOutcome): Promise<IntegrationResult> {
      if ('ignored' in outcome) return { outcome: 'ignored', reason: outcome.ignored };
      return record(outcome.change);
    },

    async list(query: ChangeQuery): Promise<Change[]> {
      const to = query.to ?? clock.now().toISOString();
      const from = query.from ?? new Date(Date.parse(to) - DEFAULT_LOOKBACK_MS).toISOString();
      if (from > to) throw new InputError(`query.from: ${from} is after to ${to}`, 'query.from');
      const rows = await store.list({
        service: query.service,
        environment: query.environment,
        kind: query.kind,
        from,
        to,
        limit: query.limit,
      });
      return rows.map(presentChange);
    },

    /** The service's latest changes, whatever their age (for the service page). */
    async recentForService(service: string, limit = 10): Promise<Change[]> {
      const rows = await store.list({ service, from: '0000', to: '9999', limit });
      return rows.map(presentChange);
    },
  };
}

export type ChangeService = ReturnType<typeof createChangeService>;

function presentChange(row: ChangeRow): Change {
  return {
    id: row.id,
    service: row.service,
    mapped: row.mapped === 1,
    sourceRef: row.source_ref,
    // Rows are written by record() from the contract's enums only.
    source: row.source as Change['source'],
    environment: row.environment,
    kind: row.kind as Change['kind'],
    version: row.version,
    previousVersion: row.previous_version,
    revision: row.revision,
    // Written by record() as JSON of this exact shape.
    commits: JSON.parse(row.commits) as Change['commits'],
    author: row.author,
    status: row.status as Change['status'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    at: row.at,
    url: row.url,
    description: row.description,
    recordedAt: row.recorded_at,
  };
}
