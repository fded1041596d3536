import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cairn-lock-'));

describe('lockDataDir', () => {
  it('writes this pid into cairn.lock and removes it on release', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'cairn.lock'), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(join(dir, 'cairn.lock'))).toBe(false);
  });

  it('refuses a data dir whose lock belongs to a live process, naming the pid and lock file', () => {
    const dir = tempDir();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(join(dir, 'cairn.lock'), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(
      `data dir ${dir} is in use by another Cairn process (pid ${process.ppid}); lock file ${dir}/cairn.lock. ` +
        'Stop that process or choose another --data-dir.',
    );
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cairn.lock'), '2147483646\n');
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'cairn.lock'), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it('takes over an empty or garbled lock file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cairn.lock'), 'not a pid');
    lockDataDir(dir).release();
    expect(existsSync(join(dir, 'cairn.lock'))).toBe(false);
  });
});
