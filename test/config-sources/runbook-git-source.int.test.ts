/**
 * The config-as-code done-when: runbooks from a real git repository (a bare repository pushed to
 * with the git CLI). An invalid runbook committed to the followed branch leaves the last good one
 * running and is reported with file:line by the status API and /metrics; a GitHub push webhook
 * for that repository makes Cairn read the fix without waiting for a poll.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGithubBody } from '../../src/modules/changes/webhook-auth.ts';
import type { ConfigSourceStatus } from '../../src/modules/config-sources/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { git } from './git-as-ada.ts';

const QUERY_PROBLEM =
  'query: Invalid option: expected one of "deploy-before-onset"|"error-rate"|"log-pattern"|"cpu-of-limit"|"disk-fills"';
const SECRET = 'push-webhook-secret-0123456789';

const runbook = (title: string, query: string) => `---
id: db-latency
title: ${title}
owner: team-orders
applies-to:
  alerts: [DatabaseLatencyHigh]
---

# ${title}

## Deploy before onset?

\`\`\`cairn-check
query: ${query}
\`\`\`

- yes → [Roll back](#roll-back)
- no → [Roll back](#roll-back)

## Roll back

Roll back the last deploy.
`;

describe('runbooks from a git source', () => {
  let cairn: InProcessCairn;
  let work: string;
  let bare: string;
  let good: string;
  const label = () => `git:${bare}#main:runbooks`;

  const commit = (text: string, message: string) => {
    writeFileSync(join(work, 'runbooks', 'db.md'), text);
    git(work, 'commit', '-qam', message);
    git(work, 'push', '-q', 'origin', 'main');
    return git(work, 'rev-parse', 'HEAD');
  };
  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const response = await cairn.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${cairn.adminToken}` },
      ...(payload ? { payload } : {}),
    });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };
  const source = async () =>
    (await api<{ items: ConfigSourceStatus[] }>('GET', '/api/v1/config/sources')).items;
  const runbookTitles = async () =>
    (await api<{ items: Array<{ id: string; title: string }> }>('GET', '/api/v1/runbooks')).items.map(
      (r) => `${r.id}: ${r.title}`,
    );

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-runbook-git-'));
    bare = join(root, 'config.git');
    work = join(root, 'work');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    git(work, 'remote', 'add', 'origin', bare);
    mkdirSync(join(work, 'runbooks'));
    writeFileSync(join(work, 'runbooks', 'db.md'), runbook('Database latency', 'deploy-before-onset'));
    git(work, 'add', '.');
    good = commit(runbook('Database latency', 'deploy-before-onset'), 'first runbook');
    cairn = await startInProcess({
      config: {
        gitops: {
          sources: [{ kind: 'runbooks', type: 'git', url: bare, ref: 'main', path: 'runbooks' }],
          pollIntervalSeconds: 0,
        },
        integrations: { github: { webhookSecret: SECRET } },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await cairn?.close();
  });

  it('runs the runbook of the followed branch', async () => {
    expect(await runbookTitles()).toEqual(['db-latency: Database latency']);
    const [status] = await source();
    expect(status).toMatchObject({
      kind: 'runbooks',
      label: label(),
      type: 'git',
      state: 'applied',
      revision: good,
      appliedRevision: good,
      objects: 1,
      problems: [],
      error: null,
    });
  });

  it('keeps the last good runbook when an invalid one is committed, and reports it with file:line', async () => {
    const bad = commit(runbook('Database latency (new)', 'table-scan'), 'a check Cairn cannot ask');
    const synced = await api<{ items: ConfigSourceStatus[] }>('POST', '/api/v1/config/sources/sync', {
      kind: 'runbooks',
    });
    expect(synced.items).toHaveLength(1);
    expect(synced.items[0]).toMatchObject({
      state: 'invalid',
      revision: bad,
      appliedRevision: good,
      objects: 1,
      problems: [
        { file: 'runbooks/db.md', line: 14, message: QUERY_PROBLEM },
        {
          file: 'runbooks/db.md',
          line: 11,
          message: 'step "Deploy before onset?" has yes/no branches but no valid cairn-check block',
        },
      ],
    });
    expect(await runbookTitles()).toEqual(['db-latency: Database latency']);

    const metrics = (await cairn.app.inject({ method: 'GET', url: '/metrics' })).body;
    const labels = `kind="runbooks",source="${label()}"`;
    expect(metrics).toContain(`cairn_config_source_up_to_date{${labels}} 0`);
    expect(metrics).toContain(`cairn_config_source_problems{${labels}} 2`);
    // prom-client escapes the double quotes inside a label value.
    const error = `runbooks/db.md:14: ${QUERY_PROBLEM}`.replaceAll('"', '\\"');
    expect(metrics).toContain(`cairn_config_source_last_error_info{${labels},error="${error}"} 1`);
  });

  it('reads the fix when GitHub reports the push', async () => {
    const fixed = commit(runbook('Database latency (fixed)', 'deploy-before-onset'), 'fix the check');
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      before: good,
      after: fixed,
      commits: [],
      repository: { full_name: 'shop/config', clone_url: bare, default_branch: 'main' },
    });
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/github',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'push-1',
        'x-hub-signature-256': signGithubBody(SECRET, body),
      },
      payload: body,
    });
    expect(response.statusCode).toBeLessThan(300);
    await expect.poll(async () => (await source())[0]?.appliedRevision, { timeout: 20_000 }).toBe(fixed);
    expect((await source())[0]).toMatchObject({ state: 'applied', problems: [] });
    expect(await runbookTitles()).toEqual(['db-latency: Database latency (fixed)']);
    const metrics = (await cairn.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`cairn_config_source_up_to_date{kind="runbooks",source="${label()}"} 1`);
    expect(metrics).not.toContain('cairn_config_source_last_error_info{');
  });
});
