import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { AuditCursor, AuditRow, AuditStore } from './audit.store.ts';
import { AUDIT_OUTCOMES, type AuditEntry, type AuditEvent, type AuditFilter } from './contract.ts';

export interface AuditServiceDeps {
  store: AuditStore;
  clock: Clock;
}

/** The audit trail: who did what to which target, when, from where, and how it ended. */
export function createAuditService({ store, clock }: AuditServiceDeps) {
  return {
    record: async (event: AuditEvent): Promise<void> => {
      await store.insert({
        id: `${Date.now().toString(36).padStart(9, '0')}${newId(6)}`,
        at: clock.now().toISOString(),
        actor: event.actor.name.slice(0, 200),
        actor_id: event.actor.id.slice(0, 200),
        action: event.action,
        target: event.target.slice(0, 400),
        outcome: event.outcome ?? 'succeeded',
        service: event.service ?? null,
        ip: event.actor.ip?.slice(0, 100) ?? null,
        user_agent: event.actor.userAgent?.slice(0, 400) ?? null,
        details: JSON.stringify(event.details ?? {}),
      });
    },

    list: async (
      filter: AuditFilter,
      limit: number,
      cursor?: string,
    ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> => {
      const rows = await store.list(filter, limit, cursor ? decodeCursor(cursor) : undefined);
      const last = rows.at(-1);
      return {
        items: rows.map(presentEntry),
        nextCursor: rows.length === limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

function presentEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorId: row.actor_id,
    action: row.action,
    target: row.target,
    service: row.service,
    // Written by record() from AUDIT_OUTCOMES; rows from before 0004 default to succeeded.
    outcome: (AUDIT_OUTCOMES as readonly string[]).includes(row.outcome)
      ? (row.outcome as AuditEntry['outcome'])
      : 'succeeded',
    ip: row.ip,
    userAgent: row.user_agent,
    // Written by record() with JSON.stringify of an object.
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

function decodeCursor(value: string): AuditCursor {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at))) {
    throw new InputError(`query.cursor: "${value}" is not a cursor this list returned`, 'cursor');
  }
  return { at, id };
}
