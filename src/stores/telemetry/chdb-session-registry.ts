import { resolve } from 'node:path';
import { Session } from 'chdb';
import { CairnError } from '../../kernel/errors.ts';

/** A store's hold on the process's chDB session; `release` once, when the store closes. */
export interface ChdbSessionLease {
  readonly session: Session;
  readonly path: string;
  release(): void;
}

interface OpenSession {
  readonly path: string;
  readonly session: Session;
  refs: number;
}

interface Registry {
  open: OpenSession | undefined;
}

// The chDB engine is a process singleton: it binds one data directory per process, and opening a
// second path throws until the first is closed. The registry therefore has to be process-level too,
// and it lives on globalThis rather than in module scope because a test runner may load this module
// more than once in one process (a fresh module graph per test file) while the engine stays bound.
const REGISTRY_KEY = Symbol.for('cairn.telemetry.chdbSessions');

function registry(): Registry {
  // globalThis is an open object; this slot is only ever written here, with a Registry.
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= { open: undefined };
  return holder[REGISTRY_KEY];
}

/**
 * Returns the process's chDB session on `dataPath`, opening it on first use; the session closes when
 * the last lease is released. Every store on the path shares the one session, so stores must not
 * rely on session state (they send their database with each query).
 */
export function acquireChdbSession(dataPath: string): ChdbSessionLease {
  const path = resolve(dataPath);
  const reg = registry();
  if (reg.open && reg.open.path !== path) {
    throw new CairnError(
      'internal',
      `chDB already has ${reg.open.path} open in this process; close the telemetry stores on it before ` +
        `opening ${path} (the embedded engine serves one data directory per process)`,
    );
  }
  if (!reg.open) reg.open = { path, session: new Session(path), refs: 0 };
  const open = reg.open;
  open.refs++;
  let released = false;
  return {
    session: open.session,
    path,
    release() {
      if (released) return;
      released = true;
      open.refs--;
      if (open.refs === 0 && reg.open === open) {
        reg.open = undefined;
        open.session.close();
      }
    },
  };
}
