import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CAIRN_BIN = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));

/** The admin token test servers start with (CAIRN_ADMIN_TOKEN). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface StartCairnOptions {
  args?: string[];
  env?: Record<string, string>;
  dataDir?: string;
  /** How long to wait for /readyz. */
  timeoutMs?: number;
}

export interface CairnProcess {
  url: string;
  adminToken: string;
  dataDir: string;
  child: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
}

/**
 * Runs the real `cairn up` as a child process on a free port (the same binary a user runs) and
 * waits until /readyz answers 200.
 */
export async function startCairn(options: StartCairnOptions = {}): Promise<CairnProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cairn-test-'));
  const child = spawn(
    process.execPath,
    [
      CAIRN_BIN,
      'up',
      '--port',
      '0',
      '--otlp-port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      ...(options.args ?? []),
    ],
    {
      env: { ...process.env, CAIRN_ADMIN_TOKEN: TEST_ADMIN_TOKEN, CAIRN_LOG_LEVEL: 'info', ...options.env },
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
  const url = await waitForUrl(() => output, exited, options.timeoutMs ?? 30_000);
  await waitForReady(url, options.timeoutMs ?? 30_000);
  return {
    url,
    adminToken: options.env?.CAIRN_ADMIN_TOKEN ?? TEST_ADMIN_TOKEN,
    dataDir,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function waitForUrl(
  output: () => string,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<string> {
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /"url":"(http:\/\/[^"]+)".*"msg":"cairn is up"/.exec(output());
    if (match?.[1]) return match[1];
    if (exitCode !== undefined)
      throw new Error(`cairn up exited with ${exitCode} before it was up:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`cairn up did not come up within ${timeoutMs} ms:\n${output()}`);
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms`);
}

/** Runs the `cairn` CLI to completion and returns its exit code and output. */
export async function runCairn(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CAIRN_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}
