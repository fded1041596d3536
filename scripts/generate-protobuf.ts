/**
 * Regenerates the protobuf-es code for the OTLP and Prometheus remote-write messages from the
 * vendored .proto files (src/modules/ingest/protobuf/proto/, see its README for where they come
 * from). The output, src/modules/ingest/protobuf/generated/, is committed; run this after changing
 * a .proto file or upgrading @bufbuild/protobuf (the plugin and runtime versions must match).
 *
 *   node scripts/generate-protobuf.ts
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const protoDir = 'src/modules/ingest/protobuf/proto';
const outDir = 'src/modules/ingest/protobuf/generated';

const template = {
  version: 'v2',
  plugins: [
    {
      local: 'node_modules/.bin/protoc-gen-es',
      out: outDir,
      // TypeScript Node runs as is: `as const` objects instead of enums, `.ts` import paths.
      opt: ['target=ts', 'import_extension=ts', 'erasable_syntax=true'],
    },
  ],
};

rmSync(`${root}/${outDir}`, { recursive: true, force: true });
execFileSync('node_modules/.bin/buf', ['generate', protoDir, '--template', JSON.stringify(template)], {
  cwd: root,
  stdio: 'inherit',
});
execFileSync('node_modules/.bin/biome', ['check', '--write', outDir], { cwd: root, stdio: 'inherit' });
