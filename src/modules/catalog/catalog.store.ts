import type { Kysely, Selectable } from 'kysely';
import { newId } from '../../kernel/ids.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { CatalogEntityTable, CatalogErrorTable, CatalogSourceTable } from '../../stores/state/schema.ts';
import type { CatalogEntity, CatalogProblem } from './entity-parser.ts';
import type { EntityKind } from './entity-schema.ts';

export type CatalogSourceRow = Selectable<CatalogSourceTable>;
export type CatalogErrorRow = Selectable<CatalogErrorTable>;

/** What one source held at one sync. */
export interface SourceSnapshot {
  sourceId: string;
  label: string;
  at: string;
  revision: string | null;
  entities: CatalogEntity[];
  problems: CatalogProblem[];
}

/** Replaces a source's errors and notes the attempt, keeping its entities, revision and last success. */
async function keepSource(
  db: Kysely<StateDatabase>,
  sourceId: string,
  label: string,
  problems: Array<CatalogProblem | { file: null; line: null; message: string }>,
  at: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('catalog_errors').where('source_id', '=', sourceId).execute();
    for (const problem of problems) {
      await trx
        .insertInto('catalog_errors')
        .values(errorRow(sourceId, problem, at))
        .execute();
    }
    const existing = await trx
      .selectFrom('catalog_sources')
      .selectAll()
      .where('id', '=', sourceId)
      .executeTakeFirst();
    await upsertSource(trx, {
      id: sourceId,
      label,
      last_sync_at: at,
      last_success_at: existing?.last_success_at ?? null,
      revision: existing?.revision ?? null,
      entity_count: existing?.entity_count ?? 0,
    });
  });
}

/** The only SQL touching `catalog_sources`, `catalog_entities` and `catalog_errors`. */
export function createCatalogStore(db: Kysely<StateDatabase>) {
  return {
    /** Replaces everything one source declared, in one transaction: removal is a sync away. */
    replaceSource: async (snapshot: SourceSnapshot): Promise<void> => {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('catalog_entities').where('source_id', '=', snapshot.sourceId).execute();
        await trx.deleteFrom('catalog_errors').where('source_id', '=', snapshot.sourceId).execute();
        for (const entity of snapshot.entities) {
          await trx.insertInto('catalog_entities').values(toRow(snapshot.sourceId, entity)).execute();
        }
        for (const problem of snapshot.problems) {
          await trx
            .insertInto('catalog_errors')
            .values(errorRow(snapshot.sourceId, problem, snapshot.at))
            .execute();
        }
        await upsertSource(trx, {
          id: snapshot.sourceId,
          label: snapshot.label,
          last_sync_at: snapshot.at,
          last_success_at: snapshot.at,
          revision: snapshot.revision,
          entity_count: snapshot.entities.length,
        });
      });
    },

    /** A source that could not be read keeps its entities; only its errors are replaced. */
    recordSourceFailure: (sourceId: string, label: string, message: string, at: string): Promise<void> =>
      keepSource(db, sourceId, label, [{ file: null, line: null, message }], at),

    /**
     * A revision refused for its problems: the source keeps the entities of the revision it runs,
     * and the problems (file:line) replace its errors.
     */
    recordSourceRefused: (sourceId: string, label: string, problems: CatalogProblem[], at: string) =>
      keepSource(db, sourceId, label, problems, at),

    /** Forgets sources no longer configured, with their entities and errors. */
    removeSourcesOtherThan: async (keep: string[]): Promise<void> => {
      await db.transaction().execute(async (trx) => {
        for (const table of ['catalog_entities', 'catalog_errors'] as const) {
          let query = trx.deleteFrom(table);
          if (keep.length > 0) query = query.where('source_id', 'not in', keep);
          await query.execute();
        }
        let sources = trx.deleteFrom('catalog_sources');
        if (keep.length > 0) sources = sources.where('id', 'not in', keep);
        await sources.execute();
      });
    },

    listEntities: async (kinds?: EntityKind[]): Promise<CatalogEntity[]> => {
      let query = db.selectFrom('catalog_entities').selectAll().orderBy('name').orderBy('source_id');
      if (kinds) query = query.where('kind', 'in', kinds);
      return (await query.execute()).map(fromRow);
    },

    /** Entities with the source each was read from (service docs are read beside the descriptor). */
    listEntitiesWithSource: async (
      kinds: EntityKind[],
    ): Promise<Array<{ sourceId: string; entity: CatalogEntity }>> => {
      const rows = await db
        .selectFrom('catalog_entities')
        .selectAll()
        .where('kind', 'in', kinds)
        .orderBy('name')
        .orderBy('source_id')
        .execute();
      return rows.map((row) => ({ sourceId: row.source_id, entity: fromRow(row) }));
    },

    listErrors: (): Promise<CatalogErrorRow[]> =>
      db
        .selectFrom('catalog_errors')
        .selectAll()
        .orderBy('source_id')
        .orderBy('file')
        .orderBy('line')
        .execute(),

    listSources: (): Promise<CatalogSourceRow[]> => db.selectFrom('catalog_sources').selectAll().execute(),
  };
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;

async function upsertSource(db: Kysely<StateDatabase>, row: CatalogSourceRow): Promise<void> {
  await db
    .insertInto('catalog_sources')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        label: row.label,
        last_sync_at: row.last_sync_at,
        last_success_at: row.last_success_at,
        revision: row.revision,
        entity_count: row.entity_count,
      }),
    )
    .execute();
}

function errorRow(
  sourceId: string,
  problem: CatalogProblem | { file: null; line: null; message: string },
  at: string,
) {
  return {
    id: newId(),
    source_id: sourceId,
    file: problem.file,
    line: problem.line,
    message: problem.message,
    at,
  };
}

function toRow(sourceId: string, entity: CatalogEntity): Selectable<CatalogEntityTable> {
  return {
    source_id: sourceId,
    ref: entity.ref,
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    title: entity.title,
    description: entity.description,
    type: entity.type,
    lifecycle: entity.lifecycle,
    owner: entity.owner,
    system: entity.system,
    depends_on: JSON.stringify(entity.dependsOn),
    links: JSON.stringify(entity.links),
    tags: JSON.stringify(entity.tags),
    annotations: JSON.stringify(entity.annotations),
    spec: JSON.stringify(entity.spec),
    file: entity.file,
    line: entity.line,
  };
}

function fromRow(row: Selectable<CatalogEntityTable>): CatalogEntity {
  return {
    ref: row.ref,
    // Rows are written only from parsed entities, whose kind is an EntityKind.
    kind: row.kind as EntityKind,
    namespace: row.namespace,
    name: row.name,
    title: row.title,
    description: row.description,
    type: row.type,
    lifecycle: row.lifecycle,
    owner: row.owner,
    system: row.system,
    // The JSON columns are written by toRow from the same types, so parsing returns those types.
    dependsOn: JSON.parse(row.depends_on) as string[],
    links: JSON.parse(row.links) as CatalogEntity['links'],
    tags: JSON.parse(row.tags) as string[],
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    spec: JSON.parse(row.spec) as Record<string, unknown>,
    file: row.file,
    line: row.line,
  };
}
