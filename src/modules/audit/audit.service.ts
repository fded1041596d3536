import type { Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { createAuditStore } from './audit.store.ts';
import type { AuditEntry } from './contract.ts';

export interface AuditServiceDeps {
  store: ReturnType<typeof createAuditStore>;
  clock: Clock;
}

/** The audit trail: who did what to which target, for every change made through Cairn. */
export function createAuditService({ store, clock }: AuditServiceDeps) {
  return {
    record: async (actor: string, action: string, target: string, details: Record<string, unknown> = {}) => {
      await store.insert({
        id: newId(),
        at: clock.now().toISOString(),
        actor,
        action,
        target,
        details: JSON.stringify(details),
      });
    },

    list: async (
      limit: number,
      cursor?: string,
    ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> => {
      const rows = await store.list(limit, cursor);
      const items = rows.map((row) => ({
        ...row,
        details: JSON.parse(row.details) as Record<string, unknown>,
      }));
      const last = items.at(-1);
      return { items, nextCursor: items.length === limit && last ? last.at : null };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
