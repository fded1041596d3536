import type { Migration } from 'kysely';
import * as tokensAndAudit from './0001-tokens-and-audit.ts';

/**
 * The one migration set, run on SQLite and PostgreSQL alike. Names sort in apply order;
 * add a file and an entry here, never edit an applied migration.
 */
export const stateMigrations: Record<string, Migration> = {
  '0001-tokens-and-audit': tokensAndAudit,
};
