import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { MAX_IMPORT_ITEMS } from '../../modules/imports/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { addApiTargetOptions } from '../shared-options.ts';

/** The history imports, as `cairn import <name>` and the route each posts to (docs/imports.md). */
const HISTORY_IMPORTS = [
  { name: 'incidents', what: 'past incidents (optionally with the changeId that caused each)' },
  { name: 'survey-answers', what: 'past NPS survey answers' },
  { name: 'support-requests', what: 'past support requests' },
] as const;

interface ImportFileOptions extends ApiTargetOptions {
  file: string;
}

/** What an import route answers (ImportResult in the imports contract). */
interface ImportAnswer {
  imported: number;
  already: number;
}

/** `{ "source", "items": [...] }` from the file; the server checks each item. */
function readImportFile(path: string): { source: unknown; items: unknown[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = parsed as { source?: unknown; items?: unknown };
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(body.items)) {
    throw new CliError(`${path}: expected { "source": "<tool>", "items": [ … ] } (see docs/imports.md)`);
  }
  return { source: body.source, items: body.items };
}

/**
 * `cairn import incidents|survey-answers|support-requests --file history.json`: posts the file to
 * the admin-only history import, in calls of at most 1000 items. Each call is written whole; a
 * refused call stops the command, and running it again imports only what is not there yet.
 */
export function registerHistoryImports(importCommand: Command): void {
  for (const { name, what } of HISTORY_IMPORTS) {
    addApiTargetOptions(
      importCommand
        .command(name)
        .description(
          `Import ${what} from another tool with their own times (admin token); a re-run records nothing twice`,
        )
        .requiredOption(
          '--file <path>',
          'JSON file { "source": "<tool>", "items": [ … ] } (docs/imports.md)',
        ),
    ).action(async (options: ImportFileOptions) => {
      const target = resolveApiTarget(options);
      const { source, items } = readImportFile(options.file);
      const total = { imported: 0, already: 0 };
      for (let start = 0; start < items.length || start === 0; start += MAX_IMPORT_ITEMS) {
        const answer = await callApi<ImportAnswer>(target, 'POST', `/api/v1/imports/${name}`, {
          source,
          items: items.slice(start, start + MAX_IMPORT_ITEMS),
        });
        total.imported += answer.imported;
        total.already += answer.already;
      }
      process.stdout.write(
        `${name} from ${String(source)}: ${total.imported} imported, ${total.already} already there\n`,
      );
    });
  }
}
