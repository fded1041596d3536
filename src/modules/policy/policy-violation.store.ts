import type { Kysely, Selectable } from 'kysely';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { PolicyViolationTable } from '../../stores/state/schema.ts';

export type PolicyViolationRow = Selectable<PolicyViolationTable>;

export interface ViolationFilter {
  /** Only these services; undefined: every service, and resources with none. */
  services?: readonly string[];
  /** true: only failing results still open; false: only resolved or excepted ones. */
  open?: boolean;
  limit: number;
}

/** The only SQL touching `policy_violations`. */
export function createPolicyViolationStore(db: Kysely<StateDatabase>) {
  return {
    find: (source: string, resource: string, policy: string): Promise<PolicyViolationRow | undefined> =>
      db
        .selectFrom('policy_violations')
        .selectAll()
        .where('source', '=', source)
        .where('resource', '=', resource)
        .where('policy', '=', policy)
        .executeTakeFirst(),

    insert: async (row: PolicyViolationRow): Promise<void> => {
      await db.insertInto('policy_violations').values(row).execute();
    },

    update: async (id: string, changes: Partial<Omit<PolicyViolationRow, 'id'>>): Promise<void> => {
      await db.updateTable('policy_violations').set(changes).where('id', '=', id).execute();
    },

    /** Closes open failures of `resource` from `source`: for `policies`, or every policy when null. */
    resolve: async (source: string, resource: string, policies: readonly string[] | null, at: string) => {
      let query = db
        .updateTable('policy_violations')
        .set({ resolved_at: at })
        .where('source', '=', source)
        .where('resource', '=', resource)
        .where('outcome', '!=', 'excepted')
        .where('resolved_at', 'is', null);
      if (policies !== null) {
        if (policies.length === 0) return;
        query = query.where('policy', 'in', policies);
      }
      await query.execute();
    },

    list: (filter: ViolationFilter): Promise<PolicyViolationRow[]> => {
      let query = db.selectFrom('policy_violations').selectAll();
      if (filter.services) {
        if (filter.services.length === 0) return Promise.resolve([]);
        query = query.where('service', 'in', filter.services);
      }
      if (filter.open === true)
        query = query.where('resolved_at', 'is', null).where('outcome', '!=', 'excepted');
      if (filter.open === false)
        query = query.where((eb) =>
          eb.or([eb('resolved_at', 'is not', null), eb('outcome', '=', 'excepted')]),
        );
      return query.orderBy('last_seen', 'desc').orderBy('id').limit(filter.limit).execute();
    },

    /** Open failures per service whose actions include Deny. */
    openDenyCounts: async (): Promise<Map<string, number>> => {
      const rows = await db
        .selectFrom('policy_violations')
        .select(['service', 'actions'])
        .where('resolved_at', 'is', null)
        .where('outcome', '!=', 'excepted')
        .where('service', 'is not', null)
        .execute();
      const counts = new Map<string, number>();
      for (const row of rows) {
        // Written by the violation service as a JSON array of validation actions.
        const actions = JSON.parse(row.actions) as string[];
        if (row.service && actions.includes('Deny'))
          counts.set(row.service, (counts.get(row.service) ?? 0) + 1);
      }
      return counts;
    },
  };
}

export type PolicyViolationStore = ReturnType<typeof createPolicyViolationStore>;
