import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateStateStore, openStateStore, type StateStore } from '../../src/stores/state/index.ts';
import { createTempDatabase, postgresAvailable } from './postgres.ts';

export interface StateDialectFixture {
  dialect: 'sqlite' | 'postgres';
  /** A new, migrated, empty state store. */
  open(): Promise<StateStore & { dispose(): Promise<void> }>;
}

/**
 * The dialects every state-store test runs on: SQLite always, PostgreSQL when it answers
 * (`describe.each(await stateDialects())`).
 */
export async function stateDialects(): Promise<StateDialectFixture[]> {
  const fixtures: StateDialectFixture[] = [
    {
      dialect: 'sqlite',
      open: async () => {
        const store = await openStateStore({ dataDir: mkdtempSync(join(tmpdir(), 'cairn-state-')) });
        await migrateStateStore(store);
        return { ...store, dispose: () => store.close() };
      },
    },
  ];
  if (await postgresAvailable()) {
    fixtures.push({
      dialect: 'postgres',
      open: async () => {
        const database = await createTempDatabase();
        const store = await openStateStore({ url: database.url, dataDir: tmpdir() });
        await migrateStateStore(store);
        return {
          ...store,
          dispose: async () => {
            await store.close();
            await database.drop();
          },
        };
      },
    });
  }
  return fixtures;
}

export interface StateTarget {
  /** `CAIRN_STATE_URL` for a Cairn under test: a fresh PostgreSQL database, or undefined for SQLite. */
  url: string | undefined;
  dispose(): Promise<void>;
}

/**
 * For tests that start a whole Cairn: the state-store settings per dialect, SQLite always and
 * PostgreSQL when it answers (`describe.each(await stateTargets())`).
 */
export async function stateTargets(): Promise<
  Array<{ dialect: StateDialectFixture['dialect']; create(): Promise<StateTarget> }>
> {
  const targets: Array<{ dialect: StateDialectFixture['dialect']; create(): Promise<StateTarget> }> = [
    { dialect: 'sqlite', create: async () => ({ url: undefined, dispose: async () => {} }) },
  ];
  if (await postgresAvailable()) {
    targets.push({
      dialect: 'postgres',
      create: async () => {
        const database = await createTempDatabase();
        return { url: database.url, dispose: () => database.drop() };
      },
    });
  }
  return targets;
}
