/**
 * publish:git to a remote over git's smart HTTP protocol, served by the real `git http-backend`
 * (the CGI program git hosts build on) behind a loopback HTTP server: the same transport an HTTPS
 * remote uses, without the TLS layer (no certificate authority runs here).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionContextFor } from '../test-support.ts';
import { createPublishGitAction } from './publish.actions.ts';

const run = promisify(execFile);

/** Serves every repository under `root` read-write through `git http-backend`. */
function gitHttpServer(root: string, requests: string[]): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const backend = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        // Pushing needs an authenticated user unless receive-pack is switched on.
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.receivepack',
        GIT_CONFIG_VALUE_0: 'true',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    request.pipe(backend.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    backend.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        response.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      // CGI headers: `Status: 200 OK` sets the status, the rest are response headers.
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const [name = '', ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name.toLowerCase() === 'status') response.statusCode = Number.parseInt(value, 10);
        else response.setHeader(name, value);
      }
      headersSent = true;
      response.write(head.subarray(end + 4));
    });
    backend.on('close', () => response.end());
  });
}

describe('publish:git over smart HTTP (real git http-backend)', () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-git-http-'));
  const bare = join(root, 'acme/invoices.git');
  const requests: string[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    await run('git', ['init', '--quiet', '--bare', '--initial-branch', 'main', bare]);
    server = gitHttpServer(root, requests);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('pushes the workspace to the remote its host maps to, and names what it pushed', async () => {
    const workspace = mkdtempSync(join(root, 'ws-'));
    writeFileSync(join(workspace, 'README.md'), '# invoices\n');
    const action = createPublishGitAction({
      gitRemotes: { 'git.example.com': base },
      githubApiUrls: {},
      githubToken: null,
      gitTimeoutMs: 30_000,
      defaultAuthor: { name: 'Cairn', email: 'cairn@localhost' },
    });
    const { context, outputs, logs } = actionContextFor(
      { repoUrl: 'git.example.com?owner=acme&repo=invoices', defaultBranch: 'main' },
      workspace,
    );
    await action.handler(context);

    const remote = `${base}/acme/invoices.git`;
    expect(outputs.remoteUrl).toBe(remote);
    expect(outputs.repoContentsUrl).toBe(`${base}/acme/invoices/blob/main`);
    // The push went over the wire: git's discovery request, then the pack.
    expect(requests).toEqual([
      'GET /acme/invoices.git/info/refs?service=git-receive-pack',
      'POST /acme/invoices.git/git-receive-pack',
    ]);
    const { stdout } = await run('git', ['--git-dir', bare, 'show', 'main:README.md']);
    expect(stdout).toBe('# invoices\n');
    const { stdout: sha } = await run('git', ['--git-dir', bare, 'rev-parse', 'main']);
    expect(outputs.commitHash).toBe(sha.trim());
    expect(logs).toEqual([`Pushed ${sha.trim().slice(0, 12)} to ${remote} (main)`]);
  });
});
