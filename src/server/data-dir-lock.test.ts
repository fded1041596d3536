import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cairn-lock-'));
const CONTENDER = join(import.meta.dirname, '../../test/support/lock-contender.ts');
const lockedBy = (dir: string, pid: number) =>
  `data dir ${dir} is in use by another Cairn process (pid ${pid}); lock file ${dir}/cairn.lock. ` +
  'Stop that process or choose another --data-dir.';

interface Contender {
  child: ChildProcess;
  /** Resolves with the contender's first line after `ready` (`won <pid>` or `lost <message>`). */
  outcome: Promise<string>;
  ready: Promise<void>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function startContender(dataDir: string): Contender {
  const child = spawn(process.execPath, [CONTENDER, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  let output = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const outcome = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split('\n');
      if (lines.includes('ready')) markReady();
      const result = lines.find((line) => line.startsWith('won ') || line.startsWith('lost '));
      if (result) resolve(result);
    });
    child.once('exit', (code) => reject(new Error(`contender exited (${code}) before trying: ${output}`)));
  });
  return { child, outcome, ready };
}

/** Starts `count` processes, lets them all try at the same instant, returns their outcomes. */
async function race(
  dataDir: string,
  count: number,
): Promise<{ contenders: Contender[]; outcomes: string[] }> {
  const contenders = Array.from({ length: count }, () => startContender(dataDir));
  await Promise.all(contenders.map((contender) => contender.ready));
  for (const contender of contenders) contender.child.stdin?.write('go\n');
  return { contenders, outcomes: await Promise.all(contenders.map((contender) => contender.outcome)) };
}

function winnerOf(contenders: Contender[], outcomes: string[]): Contender {
  const winners = outcomes.flatMap((outcome, index) =>
    outcome.startsWith('won ') ? [contenders[index]] : [],
  );
  expect(winners).toHaveLength(1);
  return winners[0] as Contender; // length checked just above
}

describe('lockDataDir in one process', () => {
  it('records this pid in cairn.pid and removes the record on release, keeping the lock file', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'cairn.pid'), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(join(dir, 'cairn.pid'))).toBe(false);
    expect(existsSync(join(dir, 'cairn.lock'))).toBe(true);
    lockDataDir(dir).release();
  });

  it('refuses a second lock on a data dir this process already holds', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(lockedBy(dir, process.pid));
    lock.release();
  });

  it('takes over a lock file left as text by an earlier Cairn whose process is gone', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cairn.lock'), '2147483646\n');
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'cairn.pid'), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it('refuses a data dir whose text lock file names a live process', () => {
    const dir = tempDir();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(join(dir, 'cairn.lock'), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(lockedBy(dir, process.ppid));
  });

  it('is not fooled by a stale owner record: the pid file says who, never whether', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cairn.pid'), `${process.ppid}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'cairn.pid'), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });
});

describe('lockDataDir across processes', () => {
  it('lets exactly one of many processes starting at once win, on an empty, a fresh and a legacy lock file', async () => {
    for (const prepare of [
      () => {},
      (dir: string) => writeFileSync(join(dir, 'cairn.lock'), ''),
      (dir: string) => writeFileSync(join(dir, 'cairn.lock'), '2147483646\n'),
    ]) {
      const dir = tempDir();
      prepare(dir);
      const { contenders, outcomes } = await race(dir, 10);
      const winner = winnerOf(contenders, outcomes);
      const pid = winner.child.pid as number; // a spawned child that printed has a pid
      expect(outcomes.filter((outcome) => outcome === `lost ${lockedBy(dir, pid)}`)).toHaveLength(9);
      expect(readFileSync(join(dir, 'cairn.pid'), 'utf8')).toBe(`${pid}\n`);
      for (const contender of contenders) contender.child.kill('SIGKILL');
    }
  }, 120_000);

  it('is taken at once after its holder is killed with SIGKILL, and refused while it lives', async () => {
    const dir = tempDir();
    const first = startContender(dir);
    await first.ready;
    first.child.stdin?.write('go\n');
    expect(await first.outcome).toBe(`won ${first.child.pid}`);

    const refused = startContender(dir);
    await refused.ready;
    refused.child.stdin?.write('go\n');
    expect(await refused.outcome).toBe(`lost ${lockedBy(dir, first.child.pid as number)}`);
    // The old text lock took an empty lock file for a stale one; this one is always empty.
    expect(readFileSync(join(dir, 'cairn.lock'))).toHaveLength(0);

    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    // The dead owner's record is still there; the kernel has dropped its lock.
    expect(readFileSync(join(dir, 'cairn.pid'), 'utf8')).toBe(`${first.child.pid}\n`);
    const { contenders, outcomes } = await race(dir, 6);
    const next = winnerOf(contenders, outcomes);
    expect(readFileSync(join(dir, 'cairn.pid'), 'utf8')).toBe(`${next.child.pid}\n`);
  }, 60_000);

  it('is free again once its holder releases it', async () => {
    const dir = tempDir();
    const holder = startContender(dir);
    await holder.ready;
    holder.child.stdin?.write('go\n');
    expect(await holder.outcome).toBe(`won ${holder.child.pid}`);
    const exited = new Promise((resolve) => holder.child.once('exit', resolve));
    holder.child.stdin?.end();
    await exited;
    expect(existsSync(join(dir, 'cairn.pid'))).toBe(false);
    lockDataDir(dir).release();
  }, 30_000);
});
