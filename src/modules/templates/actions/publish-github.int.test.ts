/**
 * publish:github against a loopback fake of the GitHub REST endpoints it uses (GitHub cannot run
 * here): the owner lookup, repository creation in an organisation, then a real git push to the
 * clone URL the fake answers (a local bare repository).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionContextFor } from '../test-support.ts';
import { createPublishGithubAction } from './publish.actions.ts';

const run = promisify(execFile);

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

async function bodyOf(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : null;
}

describe('publish:github (against a fake GitHub API)', () => {
  let server: Server;
  let api: string;
  const seen: Seen[] = [];
  const root = mkdtempSync(join(tmpdir(), 'cairn-fake-github-'));
  const bare = join(root, 'acme/invoices.git');

  beforeAll(async () => {
    await run('git', ['init', '--quiet', '--bare', '--initial-branch', 'main', bare]);
    server = createServer(async (request, response) => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        body: await bodyOf(request),
      });
      response.setHeader('content-type', 'application/json');
      if (request.method === 'GET' && request.url === '/users/acme') {
        response.end(JSON.stringify({ login: 'acme', type: 'Organization' }));
      } else if (request.method === 'POST' && request.url === '/orgs/acme/repos') {
        response.statusCode = 201;
        response.end(JSON.stringify({ clone_url: bare, html_url: 'https://github.example/acme/invoices' }));
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ message: 'Not Found' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the repository in the organisation and pushes the workspace', async () => {
    const workspace = mkdtempSync(join(root, 'ws-'));
    writeFileSync(join(workspace, 'README.md'), '# invoices\n');
    const action = createPublishGithubAction({
      gitRemotes: {},
      githubApiUrls: { 'github.com': api },
      githubToken: 'ghp_fake',
      gitTimeoutMs: 30_000,
      defaultAuthor: { name: 'Cairn', email: 'cairn@localhost' },
    });
    const { context, outputs } = actionContextFor(
      {
        repoUrl: 'github.com?owner=acme&repo=invoices',
        description: 'This is invoices',
        allowedHosts: ['github.com'],
      },
      workspace,
    );
    await action.handler(context);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /users/acme', 'POST /orgs/acme/repos']);
    expect(seen.every((s) => s.authorization === 'Bearer ghp_fake')).toBe(true);
    expect(seen[1]?.body).toEqual({ name: 'invoices', description: 'This is invoices', private: true });
    expect(outputs.remoteUrl).toBe(bare);
    expect(outputs.repoContentsUrl).toBe('https://github.example/acme/invoices/blob/main');
    const { stdout } = await run('git', ['--git-dir', bare, 'show', 'main:README.md']);
    expect(stdout).toBe('# invoices\n');
    const { stdout: sha } = await run('git', ['--git-dir', bare, 'rev-parse', 'main']);
    expect(outputs.commitHash).toBe(sha.trim());
  });

  it('refuses a host outside allowedHosts', async () => {
    const action = createPublishGithubAction({
      gitRemotes: {},
      githubApiUrls: {},
      githubToken: 't',
      gitTimeoutMs: 1000,
      defaultAuthor: { name: 'c', email: 'c@x' },
    });
    await expect(
      action.handler(
        actionContextFor({ repoUrl: 'gitlab.com?owner=a&repo=b', allowedHosts: ['github.com'] }, root)
          .context,
      ),
    ).rejects.toThrow('publish:github: host gitlab.com is not in allowedHosts (github.com)');
  });
});
