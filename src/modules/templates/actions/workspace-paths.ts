import { lstat, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** `child` resolved inside `base`; anything that would leave it (`..`, an absolute path) is refused. */
export function resolveSafeChildPath(base: string, child: string): string {
  const target = resolve(base, child);
  const rel = relative(resolve(base), target);
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return target;
  throw new Error(`Relative path is not allowed to refer to a directory outside its parent: ${child}`);
}

/**
 * Every entry below `dir` as a relative POSIX path, directories marked with a trailing `/`, dot
 * files included and symbolic links not followed (globby `**\/*` with `dot`, `markDirectories`).
 */
export async function listEntries(dir: string): Promise<string[]> {
  const entries: string[] = [];
  const walk = async (current: string, prefix: string) => {
    const children = await readdir(current, { withFileTypes: true });
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) {
      const rel = `${prefix}${child.name}`;
      if (child.isDirectory()) {
        entries.push(`${rel}/`);
        await walk(join(current, child.name), `${rel}/`);
      } else {
        entries.push(rel);
      }
    }
  };
  await walk(dir, '');
  return entries;
}

/** Resolves a skeleton URL: relative to the template's directory, never outside it. */
export async function resolveSkeletonDir(templateDir: string, url: string, action: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(
      `${action}: remote url "${url}" is not supported; keep the skeleton beside template.yaml and use a relative url`,
    );
  }
  const dir = resolveSafeChildPath(templateDir, url);
  const stats = await lstat(dir).catch(() => null);
  if (!stats) throw new Error(`${action}: url "${url}" does not exist next to the template`);
  return dir;
}
