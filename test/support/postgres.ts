import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth), used when it answers; CI has it. */
export const POSTGRES_ADMIN_URL =
  process.env.CAIRN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Set by `.ci/run`: PostgreSQL is on every CI machine, so a PostgreSQL run that cannot reach it fails. */
export const REQUIRE_POSTGRES_ENV = 'CAIRN_REQUIRE_POSTGRES';

let availability: Promise<boolean> | undefined;

/**
 * Whether PostgreSQL answers. When it does not: with `CAIRN_REQUIRE_POSTGRES=1` the test file fails
 * with the reason; otherwise its PostgreSQL runs are skipped and the first caller says so on stderr.
 */
export function postgresAvailable(): Promise<boolean> {
  availability ??= checkPostgres({
    url: POSTGRES_ADMIN_URL,
    required: process.env[REQUIRE_POSTGRES_ENV] === '1',
  });
  return availability;
}

/** {@link postgresAvailable} for one URL and requirement; exported for its own test. */
export async function checkPostgres(options: { url: string; required: boolean }): Promise<boolean> {
  const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const reason = `PostgreSQL at ${options.url} does not answer (${(error as Error).message})`;
    if (options.required) {
      throw new Error(
        `${reason}, and ${REQUIRE_POSTGRES_ENV}=1 requires it: the PostgreSQL runs cannot be skipped`,
      );
    }
    process.stderr.write(`${reason}: skipping the PostgreSQL runs\n`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file, dropped afterwards. */
export async function createTempDatabase(): Promise<TempDatabase> {
  const name = `cairn_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
