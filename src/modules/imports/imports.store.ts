import type { Kysely } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { ImportKind } from './contract.ts';

/** The only SQL touching `imported_records`. */
export function createImportsStore(db: Kysely<StateDatabase>) {
  return {
    /**
     * Claims (kind, source, externalId) for `recordId`; answers the record id that holds it — the
     * given one when this call claimed it, an earlier import's otherwise. The primary key decides,
     * so two imports racing on one record still record it once.
     */
    claim: async (
      kind: ImportKind,
      source: string,
      externalId: string,
      recordId: string,
      importedAt: string,
    ): Promise<{ claimed: boolean; recordId: string }> => {
      const inserted = await db
        .insertInto('imported_records')
        .values({ kind, source, external_id: externalId, record_id: recordId, imported_at: importedAt })
        .onConflict((oc) => oc.columns(['kind', 'source', 'external_id']).doNothing())
        .returning('record_id')
        .executeTakeFirst();
      if (inserted) return { claimed: true, recordId };
      const existing = await db
        .selectFrom('imported_records')
        .select('record_id')
        .where('kind', '=', kind)
        .where('source', '=', source)
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow();
      return { claimed: false, recordId: existing.record_id };
    },
  };
}

export type ImportsStore = ReturnType<typeof createImportsStore>;
