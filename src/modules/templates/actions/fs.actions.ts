/** `fetch:plain`, `fs:rename`, `fs:delete`, `debug:log`: workspace-only actions that also run in a dry run. */
import { cp, lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import picomatch from 'picomatch';
import type { ScaffolderAction } from './action.ts';
import { stringInput, stringListInput } from './action.ts';
import { listEntries, resolveSafeChildPath, resolveSkeletonDir } from './workspace-paths.ts';

export const fetchPlainAction: ScaffolderAction = {
  id: 'fetch:plain',
  description: 'Copies a directory beside the template into the workspace without rendering',
  supportsDryRun: true,
  async handler(context) {
    const url = stringInput(context, 'fetch:plain', 'url', true);
    const targetPath = stringInput(context, 'fetch:plain', 'targetPath') ?? './';
    const source = await resolveSkeletonDir(context.templateDir, url, 'fetch:plain');
    const target = resolveSafeChildPath(context.workspacePath, targetPath);
    await mkdir(dirname(target), { recursive: true });
    await cp(source, target, { recursive: true, verbatimSymlinks: true, force: true });
    context.log(`Fetched ${url} into ${targetPath}`);
  },
};

export const fsRenameAction: ScaffolderAction = {
  id: 'fs:rename',
  description: 'Renames files and directories in the workspace',
  supportsDryRun: true,
  async handler(context) {
    const files = context.input.files;
    if (!Array.isArray(files)) throw new Error('fs:rename: input.files must be a list of { from, to }');
    for (const [index, file] of files.entries()) {
      const entry = (file ?? {}) as { from?: unknown; to?: unknown; overwrite?: unknown };
      if (typeof entry.from !== 'string' || typeof entry.to !== 'string') {
        throw new Error(`fs:rename: input.files[${index}] needs string from and to`);
      }
      const from = resolveSafeChildPath(context.workspacePath, entry.from);
      const to = resolveSafeChildPath(context.workspacePath, entry.to);
      if (!(await lstat(from).catch(() => null))) throw new Error(`fs:rename: ${entry.from} does not exist`);
      if ((await lstat(to).catch(() => null)) && entry.overwrite !== true) {
        throw new Error(`fs:rename: ${entry.to} already exists (set overwrite: true to replace it)`);
      }
      await mkdir(dirname(to), { recursive: true });
      if (entry.overwrite === true) await rm(to, { recursive: true, force: true });
      await rename(from, to);
      context.log(`Renamed ${entry.from} to ${entry.to}`);
    }
  },
};

export const fsDeleteAction: ScaffolderAction = {
  id: 'fs:delete',
  description: 'Deletes files matching globs from the workspace',
  supportsDryRun: true,
  async handler(context) {
    const patterns = stringListInput(context, 'fs:delete', 'files');
    if (patterns.length === 0) throw new Error('fs:delete: input.files must list at least one path or glob');
    const match = picomatch(patterns, { dot: true });
    const entries = await listEntries(context.workspacePath);
    for (const entry of entries) {
      const path = entry.endsWith('/') ? entry.slice(0, -1) : entry;
      if (!match(path)) continue;
      await rm(resolveSafeChildPath(context.workspacePath, path), { recursive: true, force: true });
      context.log(`File ${path} deleted successfully`);
    }
  },
};

export const debugLogAction: ScaffolderAction = {
  id: 'debug:log',
  description: 'Writes a message (and optionally the workspace listing) to the task log',
  supportsDryRun: true,
  async handler(context) {
    const message = context.input.message;
    if (message !== undefined) context.log(typeof message === 'string' ? message : JSON.stringify(message));
    const extra = context.input.extra;
    if (extra !== undefined) context.log(typeof extra === 'string' ? extra : JSON.stringify(extra));
    if (context.input.listWorkspace === true || context.input.listWorkspace === 'with-filenames') {
      for (const entry of await listEntries(context.workspacePath)) context.log(`- ${entry}`);
    }
  },
};
