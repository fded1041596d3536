#!/usr/bin/env node
// Cairn runs on Node.js 24 or newer (it ships as TypeScript run by Node's type stripping).
// Inside the project, `npm` scripts and `npx` put the pinned Node 24 first on PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `cairn: Node.js ${process.versions.node} is too old; Cairn needs Node.js 24 or newer.\n` +
      'Run it through npm (npm start, npx cairn …), which uses the Node 24 the project installs.\n',
  );
  process.exit(1);
}
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv);
