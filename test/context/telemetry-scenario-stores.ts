import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  createChdbTelemetryStore,
  migrateTelemetry,
  type TelemetryStore,
} from '../../src/stores/telemetry/index.ts';
import { makeTempDir, uniqueDatabase } from '../../src/stores/telemetry/telemetry-stores.fixture.ts';

/**
 * Real chDB for scenario tests, one database per scenario, all closed after the file: call once at
 * the top of a test file and use the returned `freshStore(label)` in each test.
 */
export function scenarioStoresForThisFile(): (label: string) => Promise<TelemetryStore> {
  const dir = makeTempDir();
  const stores: TelemetryStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
    dir.remove();
  });
  return async (label) => {
    const store = createChdbTelemetryStore({ path: join(dir.path, 'chdb'), database: uniqueDatabase(label) });
    stores.push(store);
    await store.createDatabase();
    await migrateTelemetry(store, { retentionDays: 30 });
    return store;
  };
}
