import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionContext } from './actions/action.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The folder holding `backstage-templates/`: CAIRN_SHARED_DATA when set, else the copy kept in the
 * repository (test/templates/fixtures, Apache-2.0, see its SOURCE), so a clean checkout needs
 * nothing beside it.
 */
export function sharedDataDir(): string {
  const candidates = [process.env.CAIRN_SHARED_DATA, join(repoRoot, 'test/templates/fixtures')].filter(
    (c): c is string => Boolean(c),
  );
  const found = candidates.find((c) => existsSync(join(c, 'backstage-templates')));
  if (!found)
    throw new Error(`shared data not found (looked in ${candidates.join(', ')}); set CAIRN_SHARED_DATA`);
  return found;
}

/**
 * What a step runner hands an action, for calling one action directly in a test: not a dry run,
 * no user, `input` and the workspace as given; outputs and log lines collected for assertions.
 */
export function actionContextFor(
  input: Record<string, unknown>,
  workspacePath: string,
): { context: ActionContext; outputs: Record<string, unknown>; logs: string[] } {
  const outputs: Record<string, unknown> = {};
  const logs: string[] = [];
  const context: ActionContext = {
    input,
    workspacePath,
    templateDir: workspacePath,
    templateName: 't',
    taskId: 'task-1',
    user: null,
    principal: null,
    isDryRun: false,
    log: (line) => logs.push(line),
    output: (name, value) => {
      outputs[name] = value;
    },
    trackRun: () => {},
    earlierRun: null,
    signal: new AbortController().signal,
    createRenderer: () => () => '',
  };
  return { context, outputs, logs };
}
