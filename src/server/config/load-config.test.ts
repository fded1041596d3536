import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cairn-config-')), 'cairn.yaml');
  writeFileSync(path, text);
  return path;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults with no file and no environment', () => {
    // The platform sections; each module's own section is checked where that module is tested.
    const { dataDir, server, state, telemetry, auth, log, catalog, integrations } = loadConfig({ env: {} });
    expect({ dataDir, server, state, telemetry, auth, log, catalog, integrations }).toEqual({
      dataDir: './.cairn',
      server: {
        host: '0.0.0.0',
        port: 7420,
        otlpPort: 4318,
        maxBodyBytes: 16777216,
        shutdownTimeoutMs: 8000,
      },
      state: {},
      telemetry: { database: 'cairn', retentionDays: 7 },
      auth: { sessionTtlMinutes: 720, defaultRole: 'member' },
      log: { level: 'info' },
      catalog: { sources: [], refreshIntervalSeconds: 300, gitTimeoutSeconds: 60 },
      integrations: { github: {} },
    });
  });

  it('reads the file, then CAIRN_* variables override it, then flags override both', () => {
    const file = configFile('server:\n  port: 8000\n  otlpPort: 4000\ndataDir: /from-file\n');
    const config = loadConfig({
      file,
      env: { CAIRN_PORT: '9000', CAIRN_DATA_DIR: '/from-env', CAIRN_STATE_URL: 'postgres://db/cairn' },
      overrides: { dataDir: '/from-flag' },
    });
    expect(config.server.port).toBe(9000);
    expect(config.server.otlpPort).toBe(4000);
    expect(config.dataDir).toBe('/from-flag');
    expect(config.state.url).toBe('postgres://db/cairn');
  });

  it('substitutes ${VAR} and ${VAR:-default}, typing a whole-value reference as YAML would', () => {
    const file = configFile(
      'server:\n  port: ${PORT}\n  host: ${HOST:-127.0.0.1}\ntelemetry:\n  database: tel_${ENVIRONMENT}\n  retentionDays: ${DAYS:-3}\n',
    );
    const config = loadConfig({ file, env: { PORT: '7500', ENVIRONMENT: 'prod' } });
    expect(config.server.port).toBe(7500);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.telemetry.database).toBe('tel_prod');
    expect(config.telemetry.retentionDays).toBe(3);
  });

  it('names the file, line and key of an unknown key and of a wrongly typed value', () => {
    const file = configFile('server:\n  port: 7420\n  prot: 1\ntelemetry:\n  retentionDays: soon\n');
    expect(problemsOf(() => loadConfig({ file, env: {} }))).toEqual([
      `${file}:3: server.prot: unknown key (known keys are listed in docs/configuration.md)`,
      `${file}:5: telemetry.retentionDays: Invalid input: expected number, received string`,
    ]);
  });

  it('names the variable that a reference needs and the line it is on', () => {
    const file = configFile('auth:\n  adminToken: ${CAIRN_SECRET_TOKEN}\n');
    expect(problemsOf(() => loadConfig({ file, env: {} }))).toEqual([
      `${file}:2: environment variable CAIRN_SECRET_TOKEN is not set`,
    ]);
  });

  it('reads ${file:…} from a mounted Secret file (relative to cairn.yaml), without its final line break', () => {
    const secrets = mkdtempSync(join(tmpdir(), 'cairn-secrets-'));
    writeFileSync(join(secrets, 'port'), '7600');
    const file = configFile(
      `auth:\n  adminToken: \${file:secrets/admin-token}\nserver:\n  port: \${file:${secrets}/port}\n`,
    );
    mkdirSync(join(dirname(file), 'secrets'));
    writeFileSync(join(dirname(file), 'secrets', 'admin-token'), 'a-secret-from-a-volume-0123\n');
    const config = loadConfig({ file, env: {} });
    expect(config.auth.adminToken).toBe('a-secret-from-a-volume-0123');
    expect(config.server.port).toBe(7600);
  });

  it('names the file a reference needs and why it cannot be read', () => {
    const file = configFile('auth:\n  adminToken: ${file:/nonexistent/admin-token}\n');
    expect(problemsOf(() => loadConfig({ file, env: {} }))).toEqual([
      `${file}:2: file /nonexistent/admin-token cannot be read (ENOENT)`,
    ]);
  });

  it('names the environment variable when its value is invalid', () => {
    expect(problemsOf(() => loadConfig({ env: { CAIRN_PORT: 'seventy' } }))).toEqual([
      'CAIRN_PORT (server.port): Invalid input: expected number, received string',
    ]);
    expect(problemsOf(() => loadConfig({ env: { CAIRN_STATE_URL: 'mysql://db' } }))).toEqual([
      'CAIRN_STATE_URL (state.url): must be a postgres:// or postgresql:// URL',
    ]);
  });

  it('reports invalid YAML and unreadable files with their path', () => {
    const file = configFile('server:\n  port: 1\n  port: 2\n');
    expect(problemsOf(() => loadConfig({ file, env: {} }))).toEqual([
      `${file}:3: invalid YAML: Map keys must be unique`,
    ]);
    expect(problemsOf(() => loadConfig({ file: '/nonexistent/cairn.yaml', env: {} }))).toEqual([
      '/nonexistent/cairn.yaml: cannot read the config file (ENOENT)',
    ]);
  });
});
