import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDatabase, postgresAvailable, type TempDatabase } from '../support/postgres.ts';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const running: CairnProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((cairn) => cairn.stop()));
});

async function start(...args: Parameters<typeof startCairn>): Promise<CairnProcess> {
  const cairn = await startCairn(...args);
  running.push(cairn);
  return cairn;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cairn-cli-'));
}

describe('cairn up', () => {
  it('answers /healthz and /readyz, then exits 0 within 10 s of SIGTERM', async () => {
    const cairn = await start();
    expect((await fetch(`${cairn.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${cairn.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', stores: { state: 'ok', telemetry: 'ok' } });
    const stoppedAt = Date.now();
    expect(await cairn.stop()).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(cairn.output()).toContain('"msg":"stopped"');
  });

  it('refuses a second server on the same data dir, naming the lock', async () => {
    const first = await start();
    const second = await runCairn(['up', '--port', '0', '--otlp-port', '0', '--data-dir', first.dataDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `cairn: data dir ${first.dataDir} is in use by another Cairn process (pid ${first.child.pid}); ` +
        `lock file ${first.dataDir}/cairn.lock. Stop that process or choose another --data-dir.\n`,
    );
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('generates an admin token on first start, prints it once with a login URL, and keeps it', async () => {
    const dataDir = tempDir();
    const env = { CAIRN_ADMIN_TOKEN: '' };
    const first = await start({ dataDir, env });
    const generated = /Admin token (cairn_bootstrap_\S+) \(generated now/.exec(first.output())?.[1];
    expect(generated).toBeDefined();
    expect(first.output()).toContain(`Log in      ${first.url}/login?token=${generated}`);
    expect(first.output()).not.toMatch(/"msg":"[^"]*cairn_bootstrap_/);
    const me = await fetch(`${first.url}/api/v1/me`, { headers: { authorization: `Bearer ${generated}` } });
    expect(await me.json()).toMatchObject({
      name: 'admin (bootstrap)',
      scope: 'admin',
      tokenId: 'bootstrap',
      role: 'admin',
    });
    expect(await first.stop()).toBe(0);
    const second = await start({ dataDir, env });
    expect(second.output()).not.toContain('generated now');
    const again = await fetch(`${second.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${generated}` },
    });
    expect(again.status).toBe(200);
  });

  it('rejects a bad config file with one line naming the key and file:line, no stack trace', async () => {
    const file = join(tempDir(), 'cairn.yaml');
    writeFileSync(file, 'server:\n  port: 7420\n  portt: 7421\n');
    const result = await runCairn(['up', '--config', file, '--data-dir', tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `cairn: invalid configuration:\n  ${file}:3: server.portt: unknown key (known keys are listed in docs/configuration.md)\n`,
    );
  });

  it('rejects a wrongly typed value from the environment, naming the variable', async () => {
    const result = await runCairn(['up', '--data-dir', tempDir()], { CAIRN_OTLP_PORT: 'four' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'cairn: invalid configuration:\n  CAIRN_OTLP_PORT (server.otlpPort): Invalid input: expected number, received string\n',
    );
  });

  it('exits non-zero naming an unreachable CAIRN_STATE_URL (password hidden)', async () => {
    const result = await runCairn(['up', '--port', '0', '--otlp-port', '0', '--data-dir', tempDir()], {
      CAIRN_STATE_URL: 'postgres://cairn:s3cret@127.0.0.1:1/cairn',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'cairn: cannot connect to state store postgres://cairn:***@127.0.0.1:1/cairn: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });
});

const postgres = await postgresAvailable();
const stateBackends: Array<{ name: string; setup: () => Promise<TempDatabase | undefined> }> = [
  { name: 'SQLite', setup: async () => undefined },
  ...(postgres ? [{ name: 'PostgreSQL', setup: createTempDatabase }] : []),
];

describe.each(stateBackends)('cairn token create on $name', ({ setup }) => {
  it('prints a token once that still works after a restart', async () => {
    const database = await setup();
    try {
      const dataDir = tempDir();
      const env: Record<string, string> = database ? { CAIRN_STATE_URL: database.url } : {};
      const first = await start({ dataDir, env });
      const created = await runCairn(
        ['token', 'create', '--name', 'otel-collector', '--scope', 'ingest', '--url', first.url],
        {
          CAIRN_TOKEN: first.adminToken,
        },
      );
      expect(created.code).toBe(0);
      const secret = created.stdout.trim();
      expect(secret).toMatch(/^cairn_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
      expect(created.stderr).toMatch(
        /^Created token "otel-collector" \(id [a-f0-9]{16}, scope ingest\)\. Store it now/,
      );
      expect(await first.stop()).toBe(0);

      const second = await start({ dataDir, env });
      const me = await fetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ name: 'otel-collector', scope: 'ingest' });
      const listed = await runCairn(['token', 'list', '--url', second.url], {
        CAIRN_TOKEN: second.adminToken,
      });
      expect(listed.stdout).toMatch(/\totel-collector\tingest\t/);
      expect(listed.stdout).not.toContain(secret);
      expect(await second.stop()).toBe(0);
    } finally {
      await database?.drop();
    }
  });
});

describe('cairn CLI', () => {
  it('prints its version from package.json', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const result = await runCairn(['version']);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists its commands in --help and documents flags and environment in up --help', async () => {
    const help = await runCairn(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['up', 'version', 'token', 'config'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const up = await runCairn(['up', '--help']);
    for (const text of [
      '--port <port>',
      'CAIRN_PORT',
      '--otlp-port <port>',
      'CAIRN_OTLP_PORT',
      '--data-dir <dir>',
      'CAIRN_STATE_URL',
      'CAIRN_TELEMETRY_URL',
      'CAIRN_ADMIN_TOKEN',
      'CAIRN_CONFIG',
    ]) {
      expect(up.stdout).toContain(text);
    }
  });

  it('refuses an unknown scope before calling the server', async () => {
    const result = await runCairn(['token', 'create', '--name', 'x', '--scope', 'root']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: option '-s, --scope <scope>' argument 'root' is invalid. Allowed choices are ingest, read, operate, admin.",
    );
  });

  it('says where it tried to reach the server when none is running', async () => {
    const result = await runCairn([
      'token',
      'list',
      '--url',
      'http://127.0.0.1:59999',
      '--token',
      'x'.repeat(20),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'cairn: cannot reach Cairn at http://127.0.0.1:59999 (ECONNREFUSED); is `cairn up` running? (--url / CAIRN_URL)\n',
    );
  });

  it('validates a config file: ok, or every problem with file:line', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'server:\n  port: ${PORT:-7420}\ntelemetry:\n  retentionDays: 14\n');
    expect(await runCairn(['config', 'validate', good])).toEqual({
      code: 0,
      stdout: `${good} is valid\n`,
      stderr: '',
    });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'log:\n  level: loud\nstate:\n  url: mysql://db\n');
    const result = await runCairn(['config', 'validate', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `cairn: ${bad} is invalid:\n` +
        `  ${bad}:4: state.url: must be a postgres:// or postgresql:// URL\n` +
        `  ${bad}:2: log.level: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"\n`,
    );
  });
});
