/**
 * One process contending for a data dir lock, for the multi-process lock tests. It prints `ready`,
 * waits for a `go` line on stdin (so many contenders try at the same instant), tries once, and
 * prints `won <pid>` or `lost <message>`. A winner keeps the lock until its stdin closes.
 */
import { createInterface } from 'node:readline';
import { lockDataDir } from '../../src/server/data-dir-lock.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: lock-contender.ts <data dir>');
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
lines.once('line', () => {
  try {
    const lock = lockDataDir(dataDir);
    process.stdout.write(`won ${process.pid}\n`);
    lines.once('close', () => lock.release());
  } catch (error) {
    process.stdout.write(`lost ${(error as Error).message}\n`);
    process.exit(0);
  }
});
