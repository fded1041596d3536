import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, parseDocument } from 'yaml';
import { CAIRN_BIN, TEST_ADMIN_TOKEN } from '../support/start-cairn.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

export interface DemoProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves once `text` has been printed, or rejects after `timeoutMs`. */
  waitFor(text: string | RegExp, timeoutMs: number): Promise<void>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** GET on the API with the admin token; the JSON body. */
  get<T>(path: string): Promise<T>;
}

/**
 * The shipped example configuration (examples/cairn.yaml, what `cairn demo` reads by default) with
 * its paths made absolute and `edit` applied, written to a temporary file: its path.
 */
export function exampleConfig(edit: (config: Document) => void): string {
  const config = parseDocument(readFileSync(join(EXAMPLES, 'cairn.yaml'), 'utf8'));
  config.setIn(['catalog', 'sources', 0, 'path'], join(EXAMPLES, 'catalog'));
  config.setIn(['runbooks', 'dir'], join(EXAMPLES, 'runbooks'));
  config.setIn(['policy', 'paths'], [join(EXAMPLES, 'policies')]);
  config.setIn(['templates', 'paths'], [join(EXAMPLES, 'templates')]);
  edit(config);
  const file = join(mkdtempSync(join(tmpdir(), 'cairn-demo-config-')), 'cairn.yaml');
  writeFileSync(file, config.toString());
  return file;
}

/**
 * Runs the real `cairn demo` as a child process, as a user would, and waits for its banner. On
 * port 0 unless given one (the demo's identity provider runs only on a known port).
 */
export async function startDemo(
  args: string[],
  dataDir: string,
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<DemoProcess> {
  const child = spawn(
    process.execPath,
    [
      CAIRN_BIN,
      'demo',
      '--port',
      String(options.port ?? 0),
      '--otlp-port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      ...args,
    ],
    {
      // Empty values count as unset: pages go to <data dir>/pages.log whatever the caller's environment.
      env: {
        ...process.env,
        CAIRN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        CAIRN_MATTERMOST_URL: '',
        CAIRN_CONFIG: '',
        CAIRN_LOG_LEVEL: '',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (text: string | RegExp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    const seen = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
    while (!seen()) {
      if (child.exitCode !== null) throw new Error(`cairn demo exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline)
        throw new Error(`"${text}" not printed within ${timeoutMs} ms:\n${output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await waitFor(/UI and API {2}http:\/\/\S+/, 60_000);
  const url = /UI and API {2}(http:\/\/\S+)/.exec(output)?.[1] ?? '';
  return {
    url,
    child,
    output: () => output,
    waitFor,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    get: async <T>(path: string): Promise<T> => {
      const response = await fetch(`${url}${path}`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      // The test states the shape it expects from Cairn's documented API.
      return (await response.json()) as T;
    },
  };
}

/** Polls `probe` until it returns a value, or throws its last error after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
