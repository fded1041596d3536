import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkPostgres } from './postgres.ts';

/** A loopback port nothing listens on: bound by the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number }; // a TCP listener's address
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('CAIRN_REQUIRE_POSTGRES', () => {
  it('turns an unreachable PostgreSQL into a failure that names the URL and the flag', async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    await expect(checkPostgres({ url, required: true })).rejects.toThrow(
      `PostgreSQL at ${url} does not answer (connect ECONNREFUSED 127.0.0.1:${new URL(url).port}), ` +
        'and CAIRN_REQUIRE_POSTGRES=1 requires it: the PostgreSQL runs cannot be skipped',
    );
  });

  it('without the flag, skips: the PostgreSQL runs are left out', async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    await expect(checkPostgres({ url, required: false })).resolves.toBe(false);
  });

  it('is read from the environment by the dialect list every state-store test uses', async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    const run = (require: string) =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const { stateDialects } = await import('./test/support/state-dialects.ts');" +
            'console.log((await stateDialects()).map((d) => d.dialect).join(","));',
        ],
        {
          env: { ...process.env, CAIRN_TEST_POSTGRES_URL: url, CAIRN_REQUIRE_POSTGRES: require },
          encoding: 'utf8',
        },
      );
    const required = run('1');
    expect(required.status).toBe(1);
    expect(required.stderr).toContain(`PostgreSQL at ${url} does not answer`);
    expect(required.stderr).toContain('CAIRN_REQUIRE_POSTGRES=1 requires it');
    const optional = run('');
    expect(optional.status).toBe(0);
    expect(optional.stdout).toBe('sqlite\n');
    expect(optional.stderr).toContain(`PostgreSQL at ${url} does not answer`);
  }, 60_000);
});
