import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { type CairnRuntime, composeCairn } from '../../src/server/compose.ts';

/**
 * A fresh Cairn wired by compose.ts in a temp data dir, with telemetry retention long enough to keep
 * data recorded on `oldest`: the dataset's timestamps are kept, and the default retention would let
 * ClickHouse's TTL drop years-old rows as soon as they are written.
 */
export async function startFreshCairn(
  oldest: Date,
): Promise<{ runtime: CairnRuntime; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-rca-run-'));
  const ageDays = Math.ceil((Date.now() - oldest.getTime()) / 86_400_000);
  const config = CairnConfigSchema.parse({
    dataDir,
    telemetry: { retentionDays: ageDays + 30 },
    log: { level: 'silent' },
  });
  const runtime = await composeCairn({ config, logger: createLogger('silent') });
  return {
    runtime,
    close: async () => {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
