import type { Clock } from '../../kernel/clock.ts';
import { InputError, NotFoundError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { SilenceRow, SilenceStore } from './silence.store.ts';
import { type CreateSilence, type Matcher, matchesAll, type Silence } from './silence-contract.ts';

/** Silences and maintenance windows: alerts they match are recorded but never notify. */
export function createSilenceService({ store, clock }: { store: SilenceStore; clock: Clock }) {
  const present = (row: SilenceRow, now: string): Silence => ({
    id: row.id,
    kind: row.kind === 'maintenance' ? 'maintenance' : 'silence',
    // Written by create() from validated matchers only.
    matchers: JSON.parse(row.matchers) as Matcher[],
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: row.created_at,
    active: row.starts_at <= now && now < row.ends_at,
  });

  return {
    async create(input: CreateSilence, actor: string): Promise<Silence> {
      const now = clock.now().toISOString();
      const startsAt = input.startsAt ? new Date(input.startsAt).toISOString() : now;
      const endsAt = new Date(input.endsAt).toISOString();
      if (endsAt <= startsAt)
        throw new InputError(`body.endsAt must be after startsAt (${startsAt})`, 'endsAt');
      const row: SilenceRow = {
        id: newId(),
        kind: input.kind,
        matchers: JSON.stringify(input.matchers),
        starts_at: startsAt,
        ends_at: endsAt,
        comment: input.comment,
        created_by: actor,
        created_at: now,
      };
      await store.insert(row);
      return present(row, now);
    },
    async list(onlyActive: boolean): Promise<Silence[]> {
      const now = clock.now().toISOString();
      const rows = onlyActive ? await store.listCurrent(now) : await store.list();
      return rows.map((row) => present(row, now)).filter((silence) => !onlyActive || silence.active);
    },
    async get(id: string): Promise<Silence> {
      const row = await store.findById(id);
      if (!row) throw new NotFoundError(`silence "${id}" does not exist`);
      return present(row, clock.now().toISOString());
    },
    async expire(id: string): Promise<void> {
      if (!(await store.findById(id))) throw new NotFoundError(`silence "${id}" does not exist`);
      await store.expire(id, clock.now().toISOString());
    },
    /** The id of a silence or maintenance window in effect at `at` that matches `labels`, else null. */
    async silencing(labels: Record<string, string>, at: Date): Promise<string | null> {
      const iso = at.toISOString();
      const rows = await store.listCurrent(iso);
      const hit = rows.find((row) => row.starts_at <= iso && matchesAll(present(row, iso).matchers, labels));
      return hit?.id ?? null;
    },
  };
}

export type SilenceService = ReturnType<typeof createSilenceService>;
