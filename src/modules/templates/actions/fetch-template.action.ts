/**
 * `fetch:template`: copies a skeleton directory into the workspace, rendering file contents and
 * file names with the task's `values`, the way Backstage's action does: `copyWithoutRender` globs
 * are copied as they are (names too), `copyWithoutTemplating` ones keep their contents but get
 * rendered names, `templateFileExtension` renders only files with that extension, a name that
 * renders empty or with an empty segment is skipped (conditional files), binary files and links
 * are copied, an existing file is kept unless `replace`.
 */
import { cp, lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { isBinaryFile } from 'isbinaryfile';
import picomatch from 'picomatch';
import type { ActionContext, ScaffolderAction } from './action.ts';
import { stringInput, stringListInput } from './action.ts';
import { listEntries, resolveSafeChildPath, resolveSkeletonDir } from './workspace-paths.ts';

const ID = 'fetch:template';

function matcherOf(patterns: string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const match = picomatch(patterns, { dot: true });
  // globby with markDirectories matches `dir/` entries by their name without the slash.
  return (path) => match(path.endsWith('/') ? path.slice(0, -1) : path);
}

/** A rendered path that is empty, absolute or has an empty segment is skipped. */
function containsSkippedContent(path: string): boolean {
  return path === '' || path.startsWith('/') || path.includes('//');
}

async function fetchTemplate(context: ActionContext): Promise<void> {
  const url = stringInput(context, ID, 'url', true);
  const targetPath = stringInput(context, ID, 'targetPath') ?? './';
  const copyWithoutRender = stringListInput(context, ID, 'copyWithoutRender');
  const copyWithoutTemplating = stringListInput(context, ID, 'copyWithoutTemplating');
  if (copyWithoutRender.length > 0 && copyWithoutTemplating.length > 0) {
    throw new Error(`${ID}: input.copyWithoutRender and input.copyWithoutTemplating cannot be used together`);
  }
  const extensionInput = context.input.templateFileExtension;
  const extension =
    extensionInput === true ? '.njk' : typeof extensionInput === 'string' ? extensionInput : false;
  if (extension && (copyWithoutRender.length > 0 || copyWithoutTemplating.length > 0)) {
    throw new Error(
      `${ID}: input.templateFileExtension cannot be used with copyWithoutRender or copyWithoutTemplating`,
    );
  }
  const cookiecutterCompat = context.input.cookiecutterCompat === true;
  const values = (context.input.values ?? {}) as Record<string, unknown>;
  const templateDir = await resolveSkeletonDir(context.templateDir, url, ID);
  const outputDir = resolveSafeChildPath(context.workspacePath, targetPath);
  await mkdir(outputDir, { recursive: true });

  const renderFilename = copyWithoutTemplating.length > 0;
  const isCopyOnly = matcherOf(renderFilename ? copyWithoutTemplating : copyWithoutRender);
  const renderTemplate = context.createRenderer({
    cookiecutterCompat,
    trimBlocks: context.input.trimBlocks === true,
    lstripBlocks: context.input.lstripBlocks === true,
  });
  const renderValues = { [cookiecutterCompat ? 'cookiecutter' : 'values']: values };
  const replace = context.input.replace === true;

  context.log(`Processing ${url} into ${targetPath}`);
  for (const location of await listEntries(templateDir)) {
    if (context.signal.aborted) throw new Error('cancelled');
    let renderContents: boolean;
    let localOutputPath = location;
    if (extension) {
      renderContents = extname(localOutputPath) === extension;
      if (renderContents) localOutputPath = localOutputPath.slice(0, -extension.length);
      localOutputPath = renderTemplate(localOutputPath, renderValues);
    } else {
      renderContents = !isCopyOnly(location);
      // copyWithoutTemplating still renders names; copyWithoutRender keeps them as written.
      localOutputPath =
        renderFilename || renderContents ? renderTemplate(localOutputPath, renderValues) : localOutputPath;
    }
    if (containsSkippedContent(localOutputPath)) continue;
    const outputPath = resolveSafeChildPath(outputDir, localOutputPath);
    if (location.endsWith('/')) {
      await mkdir(outputPath, { recursive: true });
      continue;
    }
    if ((await lstat(outputPath).catch(() => null)) && !replace) continue;
    const inputPath = resolveSafeChildPath(templateDir, location);
    const stats = await lstat(inputPath);
    await mkdir(dirname(outputPath), { recursive: true });
    if (!renderContents && !extension) {
      context.log(`Copying file/directory ${location} without processing.`);
      await cp(inputPath, outputPath, { verbatimSymlinks: true, force: replace });
    } else if (stats.isSymbolicLink() || (await isBinaryFile(inputPath))) {
      context.log(`Copying file binary or symbolic link at ${location}, to template output path.`);
      await cp(inputPath, outputPath, { verbatimSymlinks: true, force: replace });
    } else {
      const contents = await readFile(inputPath, 'utf8');
      await writeFile(outputPath, renderContents ? renderTemplate(contents, renderValues) : contents, {
        mode: stats.mode,
      });
    }
  }
  context.log(`Template result written to ${targetPath}`);
}

export const fetchTemplateAction: ScaffolderAction = {
  id: ID,
  description: 'Renders a skeleton directory (contents and file names) into the workspace',
  supportsDryRun: true,
  handler: fetchTemplate,
};
