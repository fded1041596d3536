/**
 * Regenerates docs/openapi.json from the routes the server mounts (`npm run openapi`).
 * A test fails while the committed file differs from what the server serves.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnConfigSchema } from '../src/kernel/config-schema.ts';
import { createLogger } from '../src/kernel/logger.ts';
import { composeCairn } from '../src/server/compose.ts';
import { buildOpenApiDocument, serializeOpenApiDocument } from '../src/server/http/openapi.ts';

const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-openapi-'));
try {
  const config = CairnConfigSchema.parse({ dataDir, auth: { adminToken: 'openapi-generator-token' } });
  const runtime = await composeCairn({ config, logger: createLogger('silent') });
  try {
    writeFileSync(OPENAPI_FILE, serializeOpenApiDocument(buildOpenApiDocument(runtime.routes)));
    process.stdout.write(`wrote ${OPENAPI_FILE.pathname}\n`);
  } finally {
    await runtime.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
