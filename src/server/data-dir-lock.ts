import { mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** The file the lock is held on. It stays in the data dir; only the lock on it comes and goes. */
export const LOCK_FILE = 'cairn.lock';
/** Who holds the lock (its pid), for the message a refused process prints. Not the lock itself. */
export const OWNER_FILE = 'cairn.pid';

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number | undefined) {
    super(
      `data dir ${dataDir} is in use by another Cairn process (${pid === undefined ? 'pid unknown' : `pid ${pid}`}); ` +
        `lock file ${join(dataDir, LOCK_FILE)}. Stop that process or choose another --data-dir.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Locks this process holds, by lock file path; see the note on reading the lock file below. */
const heldLocks = new Map<string, DatabaseSync>();

/**
 * Takes the data dir for this process: the embedded stores must have one writer.
 *
 * The lock is an operating-system record lock (`fcntl`) on `cairn.lock`, taken through SQLite's
 * `BEGIN EXCLUSIVE` (node:sqlite is built in; Node has no `flock` of its own) and held for the
 * life of the process. Taking it is one atomic step in the kernel, so of many processes starting
 * at once exactly one wins; and the kernel drops it when its process dies, so after a crash or
 * `kill -9` the next start takes it at once, with no stale-file guessing. The file is never
 * deleted: deleting a lock file lets a late process lock the unlinked copy while another creates
 * a new one.
 *
 * One rule follows from POSIX record locks: closing any descriptor of the file in this process
 * drops the lock, so this process never reads `cairn.lock` itself (hence {@link heldLocks}).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = resolve(dataDir, LOCK_FILE);
  if (heldLocks.has(path)) throw new DataDirLockedError(dataDir, process.pid);
  const db = takeLock(dataDir, path);
  heldLocks.set(path, db);
  writeOwner(dataDir);
  return {
    release: () => {
      if (heldLocks.get(path) !== db) return;
      // The owner record goes first, while the lock still keeps everyone else out.
      if (readOwner(dataDir) === process.pid) rmSync(join(dataDir, OWNER_FILE), { force: true });
      heldLocks.delete(path);
      db.close();
    },
  };
}

const SQLITE_BUSY = 5;
const SQLITE_NOTADB = 26;

function takeLock(dataDir: string, path: string): DatabaseSync {
  for (let attempt = 0; ; attempt++) {
    // timeout 0: a held lock is refused at once instead of waited for.
    const db = new DatabaseSync(path, { timeout: 0 });
    try {
      // The journal lives in memory: nothing is ever written, and no cairn.lock-journal appears.
      db.exec('PRAGMA journal_mode = MEMORY');
      db.exec('BEGIN EXCLUSIVE');
      return db;
    } catch (error) {
      db.close();
      const code = (error as { errcode?: number }).errcode; // node:sqlite errors carry SQLite's result code
      if (code === SQLITE_BUSY) throw new DataDirLockedError(dataDir, waitForOwner(dataDir));
      // A `cairn.lock` holding a pid as text comes from an earlier Cairn version. Emptying it in
      // place (never unlink + create) keeps one file, so processes doing this at once still race
      // for one lock.
      if (code === SQLITE_NOTADB && attempt === 0) {
        const legacyOwner = parsePid(readFileSync(path, 'utf8'));
        if (legacyOwner !== undefined && legacyOwner !== process.pid && isAlive(legacyOwner))
          throw new DataDirLockedError(dataDir, legacyOwner);
        truncateSync(path, 0);
        continue;
      }
      throw error;
    }
  }
}

/** Written to a temporary file and renamed, so a reader never sees it half-written. */
function writeOwner(dataDir: string): void {
  const temporary = join(dataDir, `${OWNER_FILE}.${process.pid}.tmp`);
  writeFileSync(temporary, `${process.pid}\n`, { mode: 0o644 });
  renameSync(temporary, join(dataDir, OWNER_FILE));
}

/**
 * The pid of the live owner. The winner writes it just after taking the lock, so a process that
 * lost by microseconds may first read nothing, or a crashed owner's pid: it looks again for a
 * short while before saying it does not know.
 */
function waitForOwner(dataDir: string): number | undefined {
  const deadline = Date.now() + 500;
  for (;;) {
    const owner = readOwner(dataDir);
    if (owner !== undefined && isAlive(owner)) return owner;
    if (Date.now() >= deadline) return undefined;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

function readOwner(dataDir: string): number | undefined {
  try {
    return parsePid(readFileSync(join(dataDir, OWNER_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

function parsePid(text: string): number | undefined {
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isFinite(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
