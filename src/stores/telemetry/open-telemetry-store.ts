import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../kernel/errors.ts';
import { createChdbTelemetryStore } from './chdb-telemetry-store.ts';
import { createClickHouseTelemetryStore, redactUrl } from './clickhouse-telemetry-store.ts';
import type { TelemetryStore } from './telemetry-store.ts';

/** Where telemetry lives, from configuration. */
export interface OpenTelemetryStoreOptions {
  /** A ClickHouse server (`http(s)://…`); when absent, embedded chDB is used. */
  readonly url?: string;
  /** Cairn's data directory; chDB keeps its files in `<dataDir>/telemetry`. */
  readonly dataDir: string;
  readonly database: string;
}

const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Opens the configured telemetry store: a ClickHouse server when `url` is set, otherwise chDB in the
 * data directory. Does not create the database; run `migrateTelemetry` for that.
 */
export function openTelemetryStore(options: OpenTelemetryStoreOptions): TelemetryStore {
  const { url, dataDir, database } = options;
  if (!DATABASE_NAME.test(database)) {
    throw new InputError(
      `telemetry database ${JSON.stringify(database)} must be letters, digits and underscores, not starting with a digit`,
      'telemetry.database',
    );
  }
  if (url !== undefined && url !== '') {
    checkUrl(url);
    return createClickHouseTelemetryStore({ url, database });
  }
  const path = join(dataDir, 'telemetry');
  mkdirSync(path, { recursive: true });
  return createChdbTelemetryStore({ path, database });
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(
      `telemetry URL ${JSON.stringify(redactUrl(url))} is not a valid URL; expected http(s)://host:8123`,
      'telemetry.url',
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(
      `telemetry URL ${JSON.stringify(redactUrl(url))} must use http or https (the ClickHouse HTTP interface), not ${parsed.protocol.slice(0, -1)}`,
      'telemetry.url',
    );
  }
}
